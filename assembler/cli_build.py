"""The build commands: `assembler build` (one case or a batch) and `assembler explain`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from assembler.cli import (
    CLAUSES_OPTION,
    CONFIG_OPTION,
    CONTEXT,
    EXIT_INVALID,
    EXIT_VALID,
    _assembler,
    _common,
    _config,
    _console,
    _format_report,
    _load_for_build,
    _plural,
    _refusal,
    main,
)

if TYPE_CHECKING:  # click's start-up stays free of the build's imports
    from assembler.build import BuildOptions, BuildResult, Outcome
    from assembler.render import Ahead


def _case_files(arguments: Sequence[Path]) -> list[Path]:
    """Case files named, and the ``*.json`` files directly inside folders named, in order."""
    files: list[Path] = []
    for argument in arguments:
        found = sorted(argument.glob("*.json")) if argument.is_dir() else [argument]
        if argument.is_dir() and not found:
            raise click.UsageError(f"{argument}: no case files (*.json) in this folder")
        files += [f for f in found if f not in files]
    return files


@main.command(context_settings=CONTEXT)
@click.argument("case_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write into; each case gets its own sub-folder (or `output` in assembler.toml).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    help="Output formats: txt, pdf, docx; repeat or comma-separate (default: all three, or "
    "`formats` in assembler.toml).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: the number of cores): cases built at once, or one case's "
    "papers rendered at once.",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder holding a firm's own Word shell (pleading.docx) instead of the bundled one.",
)
@click.option(
    "--authorities",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A firm's authorities file (TOML), added to the bundled registry.",
)
@click.option(
    "--draft",
    is_flag=True,
    help="Mark missing facts as [MISSING: path] (and DRAFT on every PDF page).",
)
@click.option(
    "--final",
    is_flag=True,
    help="Write the papers only if every authority and clause they use is verified; "
    "otherwise write nothing and list, per paper, what remains (exit 1).",
)
@click.option(
    "--watermark",
    type=click.Choice(["sample"]),
    help="sample: print SAMPLE — FICTIONAL CASE on every PDF page and in every Word header (clinics' training filings).",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/a-2b", "pdf/ua-1"]),
    help="Write PDFs in this variant (e.g. PDF/A-2b for archiving).",
)
@click.option(
    "--tables",
    is_flag=True,
    help="Tables of contents and authorities even for a memorandum of 10 pages or less.",
)
@click.option(
    "--force", is_flag=True, help="Replace the files of an earlier build of the same case."
)
@CLAUSES_OPTION
@CONFIG_OPTION
@_common
def build(
    case_files: tuple[Path, ...],
    outdir: Path | None,
    formats: tuple[str, ...],
    jobs: int | None,
    draft: bool,
    final: bool,
    watermark: str | None,
    pdf_variant: str | None,
    tables: bool,
    force: bool,
    templates_dir: Path | None,
    authorities: Path | None,
    clauses_dir: Path | None,
    config_file: Path | None,
) -> None:
    """Assemble the filing packet of each case: one file per document, in filing order.

    The papers go into OUTPUT/<case file name>/, which records the case it belongs to: a build
    never replaces another case's papers, and replaces this case's earlier papers only with
    --force. Without --draft an invalid case is refused with the same report as `validate`
    (exit 1).

    Several case files (or folders of them) build in parallel (--jobs): a bad case is reported
    and skipped, the others are built, and a table sums up. The exit status is the worst case's.

    \b
    Example:
      assembler build my-cases/01-lpr-petty-theft-spanish.json -o out
      assembler build cases/garcia.json -o out --draft --force
      assembler build clinic-cases/ -o out --jobs 2
    """
    from assembler.config import FORMATS, parse_formats
    from assembler.render import start_loading

    files = _case_files(case_files)
    config = _config(config_file, files[0].parent)
    outdir = outdir or config.output
    if outdir is None:
        raise click.UsageError("no output folder: give -o FOLDER (or `output` in assembler.toml)")
    if draft and final:
        raise click.UsageError("--draft and --final exclude each other")
    chosen = parse_formats(formats) if formats else config.formats or FORMATS
    jobs = jobs or os.cpu_count() or 1
    # One case: WeasyPrint starts loading in another process now, before the build's imports
    # (a quarter of a second) and while this one reads and assembles the case.
    ahead = start_loading(chosen, pdf_variant, jobs) if len(files) == 1 else None
    try:
        from assembler.build import BuildOptions
        from assembler.output import case_folders

        options = BuildOptions(
            formats=chosen,
            draft=draft,
            final=final,
            sample=watermark == "sample",
            pdf_variant=pdf_variant,
            tables=tables,
            force=force,
            templates_dir=templates_dir or config.templates,
            clauses_dir=clauses_dir or config.clauses,
            authorities=authorities or config.authorities,
        )
        case_folders(outdir, files)  # two files that would share a folder: refused before work
    except BaseException:
        if ahead is not None:
            ahead.close()
        raise
    if len(files) == 1:  # one case: its papers render in parallel
        _build_single(files[0], outdir, replace(options, jobs=jobs), ahead)
    else:  # several: the cases build in parallel, each case's papers one after another
        sys.exit(_build_batch(files, outdir, options, jobs))


def _build_single(
    case_file: Path, outdir: Path, options: BuildOptions, ahead: Ahead | None = None
) -> None:
    """Build one case; ``ahead``, if given, is closed whatever happens."""
    from assembler.build import CaseInvalid, UnprintableText, build_case
    from assembler.verification import Unverified

    out = _console()
    try:
        try:
            result = build_case(case_file, outdir, options, ahead=ahead)
        finally:
            if ahead is not None:
                ahead.close()
    except Unverified as exc:
        out.error(f"{case_file}: not built: --final, and these remain to verify:")
        _list_to_verify(exc.per_paper, out.error)
        out.error(f"Read each with `assembler review {case_file}` and record it under the id in")
        out.error("brackets (a citation once for the firm, a case check for this case), or build")
        out.error("without --final: the papers then say DRAFT: FOR ATTORNEY REVIEW.")
        sys.exit(EXIT_INVALID)
    except CaseInvalid as exc:
        _refusal(case_file, exc.problems)
        sys.exit(EXIT_INVALID)
    except UnprintableText as exc:
        count = _plural(len(exc.uncovered), "character")
        out.error(f"{case_file}: {count} no available font can print:")
        for item in exc.uncovered:
            out.error(f"  error    {item.path}: {item.described}")
        out.error(
            "Not built: replace or remove each character, or install a font that has it "
            "(`assembler doctor` lists which scripts the installed fonts cover)."
        )
        sys.exit(EXIT_INVALID)
    stages = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items())
    out.detail(f"built {_plural(result.papers, 'paper')} of {case_file}: {stages}")
    for path in result.written:
        out.info(f"wrote {path}")
    for path in result.removed:
        out.info(f"removed {path} (from an earlier build; no longer part of the packet)")
    _after_build(result)


def _list_to_verify(per_paper: dict[str, list[str]], say: Callable[[str], None]) -> None:
    for paper, items in per_paper.items():
        say(f"  {paper}:")
        for item in items:
            say(f"    {item}")


def _after_build(result: BuildResult) -> None:
    out = _console()
    if result.to_verify:
        if result.pro_per:
            out.warn("before filing, ask the court's self-help center (or a lawyer) to check:")
        else:
            out.warn(
                "verify before filing (every page says DRAFT: FOR ATTORNEY REVIEW until then):"
            )
        _list_to_verify(result.to_verify, out.warn)
    for message in result.logged:
        out.warn(message)
    for path in result.missing:
        out.warn(f"missing: {path}")
    for path in result.asked:
        out.warn(f"ask the attorney: {path}")
    if result.gaps:
        parts = [f"{_plural(len(result.missing), 'missing fact')} marked [MISSING: ...]"]
        if result.asked:
            parts.append(
                f"{_plural(len(result.asked), 'question')} for the attorney marked [ASK: ...]"
            )
        out.warn(f"{_plural(result.gaps, 'gap')} in the papers: {', '.join(parts)}")


def _build_batch(files: list[Path], outdir: Path, options: BuildOptions, jobs: int) -> int:
    """Build every case, ``jobs`` at a time; report each, then a table. Returns the exit code."""
    from concurrent.futures import ProcessPoolExecutor

    from assembler.build import build_one

    out = _console()
    outcomes: list[Outcome] = []
    width = max(len(f.stem) for f in files)

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        line = f"[{len(outcomes)}/{len(files)}] {outcome.case_file.stem:<{width}}  {outcome.status}"
        if outcome.result is not None:
            line += f" ({outcome.result.papers} papers, {outcome.seconds:.1f} s)"
        if bar is None:
            out.info(line)
        if outcome.problems:
            out.error(_format_report(str(outcome.case_file), outcome.problems))
        elif outcome.message:
            out.error(f"{outcome.case_file}: {outcome.message}")

    interactive = sys.stderr.isatty() and not out.quiet
    bar = (
        click.progressbar(length=len(files), label="building", file=sys.stderr)
        if interactive
        else None
    )
    if bar is not None:
        bar.__enter__()
    try:
        if jobs == 1:
            for case_file in files:
                report(build_one(case_file, outdir, options))
                if bar is not None:
                    bar.update(1)
        else:
            with ProcessPoolExecutor(max_workers=min(jobs, len(files))) as pool:
                futures = [pool.submit(build_one, f, outdir, options) for f in files]
                for future in futures:
                    report(future.result())
                    if bar is not None:
                        bar.update(1)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    order = {f: i for i, f in enumerate(files)}
    outcomes.sort(key=lambda o: order[o.case_file])
    out.result(_summary(outcomes, width, draft=options.draft))
    for outcome in outcomes:
        if outcome.result is not None and outcome.result.verify and out.verbose:
            _after_build(outcome.result)
    return int(max((o.exit_code for o in outcomes), default=EXIT_VALID))


def _summary(outcomes: Sequence[Outcome], width: int, *, draft: bool = False) -> str:
    """One table: case, papers, pages, warnings, time, status; then what DRAFT means, when a
    packet is one. ``draft``: the batch was built with --draft."""
    head = f"{'case':<{width}}  papers  pages  warnings   time  status"
    lines = [head, "-" * len(head)]
    for o in outcomes:
        r = o.result
        papers, pages, warnings = (r.papers, r.pages or "-", r.warnings) if r else ("-", "-", "-")
        lines.append(
            f"{o.case_file.stem:<{width}}  {papers:>6}  {pages:>5}  {warnings:>8}  "
            f"{o.seconds:>4.1f} s  {_status(o, draft)}"
        )
    built = [o.result for o in outcomes if o.result is not None]
    lines.append(f"{len(built)} of {_plural(len(outcomes), 'case')} built")
    drafts = sum(_marked(r, draft) for r in built)
    if drafts and draft:
        lines.append(
            f"DRAFT ({_plural(drafts, 'packet')}): built with --draft, every PDF and Word page "
            "marked DRAFT: for review, not for filing."
        )
    elif drafts:
        lines.append(
            f"DRAFT ({_plural(drafts, 'packet')}): every PDF and Word page says DRAFT: FOR "
            "ATTORNEY REVIEW until an attorney verifies what the papers rely on (-v lists it, "
            "`assembler review CASE` records it, then `build --final` writes them unmarked)."
        )
    to_check = sum(bool(r.to_verify) and not _marked(r, draft) for r in built)
    if to_check:
        lines.append(
            f"check ({_plural(to_check, 'self-represented packet')}): no mark, but before "
            "filing ask the court's self-help center (or a lawyer) to check what -v lists."
        )
    return "\n".join(lines)


def _marked(result: BuildResult, draft: bool) -> bool:
    """Whether the papers carry a DRAFT mark on every page: a --draft build, or anything left
    to verify for a party with counsel (the rule of ``build._marks``)."""
    return draft or (bool(result.to_verify) and not result.pro_per)


def _status(outcome: Outcome, draft: bool) -> str:
    """built, built, DRAFT (every page marked), built, check (a self-represented packet with
    something to check), or why it was not built."""
    r = outcome.result
    if r is None or outcome.status != "built":
        return outcome.status
    if _marked(r, draft):
        return "built, DRAFT"
    return "built, check" if r.to_verify else "built"


@main.command(context_settings=CONTEXT)
@click.argument("case_file", type=click.Path(path_type=Path))
@click.option(
    "--tree",
    is_flag=True,
    help="Also print each paper's document tree (pseudo-XML), as assembled before layout.",
)
@CLAUSES_OPTION
@CONFIG_OPTION
@_common
def explain(
    case_file: Path, tree: bool, clauses_dir: Path | None, config_file: Path | None
) -> None:
    """Show the documents a case gets and every clause included or left out, with the reason.

    With --tree, each paper's assembled tree follows: every block with the clause it came from,
    every citation with its registry id and status, every missing fact.

    \b
    Example:
      assembler explain my-cases/01-lpr-petty-theft-spanish.json
      assembler explain my-cases/01-lpr-petty-theft-spanish.json --tree
    """
    config = _config(config_file, case_file.parent)
    case = _load_for_build(case_file, draft=True)
    engine = _assembler(clauses_dir or config.clauses, config.authorities)
    plan = engine.plan(case)
    for doc_plan in plan.documents:
        doc = doc_plan.document
        mark = "included" if doc_plan.included else "left out"
        click.echo(f"{doc.slug}: {mark} ({doc_plan.reason})")
        if not doc_plan.included:
            continue
        for decision in doc_plan.clauses:
            sign = "+" if decision.included else "-"
            verdict = "true" if decision.included else "false"
            clause = decision.clause
            click.echo(f"  {sign} {clause.id:<32} when {clause.when} -> {verdict}")
    if tree:
        from assembler.writers.tree import render_tree

        for document in engine.assemble(case, draft=True).documents:
            click.echo("")
            click.echo(render_tree(document), nl=False)
