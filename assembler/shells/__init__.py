"""The Word shell: ``templates/pleading.docx``, a docxtpl template for every paper.

The shell is built from code so the committed .docx is reproducible and reviewable:
``python -m assembler.shells [--out DIR]`` rewrites it byte for byte (fixed zip timestamps,
sorted entries, fixed document properties). It mirrors ``templates/pleading.css`` and
``pleading-paper.css``:

- Letter page; margins top 72 pt, bottom 48 pt (672 pt = 28 lines of 24 pt), left 108 pt,
  right 54 pt; Normal is Times New Roman 12 pt at an exact 24 pt line, no space before/after.
- Header (one default header, no first-page variant): a text box anchored to the page holding
  the line numbers 1-28 (right edge at x = 84 pt, from y = 72 pt), a double rule at x = 96/99 pt
  and a single rule at x = 561 pt, the full page height; optional ``notice`` line above the top
  margin.
- Footer: the page number (PAGE field), then a rule and the paper's title at 10 pt.
- First page (Cal. Rules of Court, rule 2.111): the filer block on lines 1-7 (a borderless table
  row at least 168 pt tall), the court title from line 8, a blank line, the caption table (a row
  at least 6 lines tall), a blank line, then the body.

Template context (docxtpl, rendered with ``autoescape=True``):

``filer_lines`` (list of str, single-spaced; with ``attorney_for`` at most 14 lines keeps the
block at 7 lines), ``attorney_for``, ``court_lines`` (list), ``plaintiff``, ``defendant`` (the
shell adds the commas; pass the defendant in capitals), ``case_number``, ``paper_title``,
``hearing_lines`` (list; may be empty), ``body`` (a subdocument using the named styles below),
``footer_title``, ``notice`` (str or empty).

The caption row holds 12 single-spaced lines (6 grid lines); a column longer than that grows the
row in 12 pt steps, so a writer that fills more should make the longer column's count even.

Named styles (a firm restyles the papers by editing these): paragraph styles ``PARAGRAPH_STYLES``
and character styles ``CHARACTER_STYLES``.

The package: ``spec`` (the one home of the shell's names, tags and zip normaliser),
``ooxml`` (geometry and WordprocessingML builders), ``styles`` (the named styles),
``parts`` (header, footer and first-page body), ``build`` (the package, written byte for
byte alike) and ``lint`` (a firm's shells checked before a build).
"""
