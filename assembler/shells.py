"""Generate the Word shell: ``templates/pleading.docx``, a docxtpl template for every paper.

The shell is built from code so the committed .docx is reproducible and reviewable:
``python -m assembler.shells [--out DIR]`` rewrites it byte for byte (fixed zip timestamps,
sorted entries, fixed document properties). It mirrors ``templates/pleading.css``:

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
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from lxml import etree

from assembler.files import write_atomic
from assembler.resources import bundled
from assembler.shell_spec import (
    FRAME,
    SHELL_NAME,
    STYLES,
    normalized_zip,
)

TEMPLATES = bundled("templates")

# --- geometry (points unless noted) ---------------------------------------------------------
PAGE_W, PAGE_H = 612, 792
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 72, 48, 108, 54
HEADER_DISTANCE = 36  # the notice line sits here, above the first numbered line
FOOTER_DISTANCE = 9  # room for the page number, the rule and two lines of title
LINE = 24
LINES = 28
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 450 pt
NUMBERS_X, NUMBERS_W = 24, 60  # numbers right-aligned at x = 84 pt, as in pleading.css
RULES_X = (96, 99, 561)  # from templates/rules.svg
FILER_W = 260  # .filer width in pleading.css
FILER_LINES = 7  # the court title starts on line 8
CAPTION_LINES = 6  # minimum caption height in grid lines (12 single-spaced lines)
CAPTION_LEFT_W = TEXT_W * 55 // 100  # td.parties width: 55 %

TW = 20  # twips per point
BORDER_TW = 15  # the caption's 0.75 pt cell border, in twips
EMU = 12700  # EMU per point

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
}
_ALL_NS = " ".join(f'xmlns:{p}="{u}"' for p, u in NS.items())
_W_NS = f'xmlns:w="{NS["w"]}"'

FONT = "Times New Roman"
FLAG_FILL = "FFF2A8"  # .verify / .missing background in pleading.css


# --- small XML builders ---------------------------------------------------------------------
def _ppr(
    *,
    style: str | None = None,
    keep_next: bool = False,
    widow: bool | None = None,
    border_top: bool = False,
    tabs: str = "",
    line: int | None = None,
    before: int = 0,
    ind: str = "",
    jc: str | None = None,
    outline: int | None = None,
    rpr: str = "",
) -> str:
    """A ``w:pPr`` with its children in schema order; sizes in points."""
    out = []
    if style:
        out.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        out.append("<w:keepNext/>")
    if widow is not None:
        out.append(f'<w:widowControl w:val="{int(widow)}"/>')
    if border_top:
        out.append('<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>')
    if tabs:
        out.append(f"<w:tabs>{tabs}</w:tabs>")
    if line is not None:
        out.append(
            f'<w:spacing w:before="{before * TW}" w:after="0" '
            f'w:line="{line * TW}" w:lineRule="exact"/>'
        )
    if ind:
        out.append(f"<w:ind {ind}/>")
    if jc:
        out.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        out.append(f'<w:outlineLvl w:val="{outline}"/>')
    out.append(rpr)
    return f"<w:pPr>{''.join(out)}</w:pPr>"


def _rpr(
    *,
    style: str | None = None,
    fonts: bool = False,
    bold: bool = False,
    italic: bool = False,
    caps: bool = False,
    size: float | None = None,
    shade: bool = False,
    lang: bool = False,
) -> str:
    """A ``w:rPr`` with its children in schema order; ``size`` in points."""
    out = []
    if style:
        out.append(f'<w:rStyle w:val="{style}"/>')
    if fonts:
        out.append(
            f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        )
    if bold:
        out.append("<w:b/><w:bCs/>")
    if italic:
        out.append("<w:i/><w:iCs/>")
    if caps:
        out.append("<w:caps/>")
    if size is not None:
        half = round(size * 2)
        out.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if shade:
        out.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{FLAG_FILL}"/>')
    if lang:
        out.append('<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    return f"<w:rPr>{''.join(out)}</w:rPr>" if out else ""


def _indent(left: float = 0, right: float = 0, first: float = 0, hanging: float = 0) -> str:
    parts = [f'w:left="{round(left * TW)}"', f'w:right="{round(right * TW)}"']
    if hanging:
        parts.append(f'w:hanging="{round(hanging * TW)}"')
    else:
        parts.append(f'w:firstLine="{round(first * TW)}"')
    return " ".join(parts)


def _run(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _para(style: str, *texts: str, ppr_extra: str = "") -> str:
    """A paragraph in a named style; each text (a tag or plain text) is one run."""
    runs = "".join(_run(t) for t in texts)
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr_extra}</w:pPr>{runs}</w:p>'


# --- styles ---------------------------------------------------------------------------------
_BUILT_IN = frozenset(
    {FRAME["caption"], STYLES["emphasis"], STYLES["strong"]}
)  # Word's own, restyled


def _style_id(name: str) -> str:
    return name.replace(" ", "")


def _style_xml(
    kind: str, name: str, ppr: str = "", rpr: str = "", *, based_on: str | None = None
) -> str:
    sid = _style_id(name)
    stored = "caption" if name == FRAME["caption"] else name  # Word stores its built-in lower-cased
    base = based_on or ("Normal" if kind == "paragraph" else "DefaultParagraphFont")
    nxt = f'<w:next w:val="{sid}"/>' if kind == "paragraph" else ""
    custom = "" if name in _BUILT_IN else ' w:customStyle="1"'
    return (
        f'<w:style {_W_NS} w:type="{kind}"{custom} w:styleId="{sid}">'
        f'<w:name w:val="{stored}"/><w:basedOn w:val="{base}"/>{nxt}'
        f"<w:qFormat/>{ppr}{rpr}</w:style>"
    )


def _styles() -> list[str]:
    right_tab = f'<w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W * TW}"/>'
    p = "paragraph"
    c = "character"
    return [
        _style_xml(p, STYLES["body"], _ppr(line=LINE, ind=_indent(first=36))),
        _style_xml(
            p,
            STYLES["heading1"],
            _ppr(keep_next=True, line=LINE, outline=0),
            _rpr(bold=True, caps=True),
        ),
        _style_xml(
            p, STYLES["heading2"], _ppr(keep_next=True, line=LINE, outline=1), _rpr(bold=True)
        ),
        _style_xml(
            p,
            STYLES["heading3"],
            _ppr(keep_next=True, line=LINE, outline=2),
            _rpr(bold=True, italic=True),
        ),
        _style_xml(
            p,
            STYLES["title"],
            _ppr(keep_next=True, line=LINE, jc="center", outline=0),
            _rpr(bold=True),
        ),
        _style_xml(p, STYLES["numbered"], _ppr(line=LINE, ind=_indent(first=36))),
        _style_xml(p, STYLES["quote"], _ppr(line=LINE, ind=_indent(left=36, right=36))),
        _style_xml(p, STYLES["list"], _ppr(line=LINE, ind=_indent(left=60, hanging=24))),
        _style_xml(p, STYLES["signature"], _ppr(line=LINE, ind=_indent(left=252))),
        _style_xml(p, STYLES["verify"], _ppr(line=LINE), _rpr(bold=True, shade=True)),
        _style_xml(p, STYLES["contents"], _ppr(line=LINE, tabs=right_tab)),
        _style_xml(p, STYLES["authorities"], _ppr(line=LINE, tabs=right_tab)),
        _style_xml(p, FRAME["filer"], _ppr(line=12)),
        _style_xml(p, FRAME["court"], _ppr(line=LINE, jc="center"), _rpr(bold=True)),
        _style_xml(p, FRAME["caption"], _ppr(line=12)),
        _style_xml(c, STYLES["case_name"], rpr=_rpr(italic=True)),
        _style_xml(c, STYLES["emphasis"], rpr=_rpr(italic=True)),
        _style_xml(c, STYLES["strong"], rpr=_rpr(bold=True)),
        _style_xml(c, STYLES["missing"], rpr=_rpr(bold=True, shade=True)),
        _style_xml(c, STYLES["verify_flag"], rpr=_rpr(bold=True, shade=True)),
    ]


def _install_styles(document: docx.document.Document) -> None:
    styles = document.styles.element
    w = f"{{{NS['w']}}}"
    defaults = styles.find(f"{w}docDefaults")
    new_defaults = parse_xml(
        f"<w:docDefaults {_W_NS}>"
        f"<w:rPrDefault>{_rpr(fonts=True, size=12, lang=True)}</w:rPrDefault>"
        f"<w:pPrDefault>{_ppr(line=LINE)}</w:pPrDefault></w:docDefaults>"
    )
    defaults.addprevious(new_defaults)
    styles.remove(defaults)

    normal = parse_xml(
        f'<w:style {_W_NS} w:type="paragraph" w:default="1" w:styleId="Normal">'
        '<w:name w:val="Normal"/><w:qFormat/>'
        f"{_ppr(widow=False, line=LINE)}{_rpr(fonts=True, size=12)}</w:style>"
    )
    new = [normal, *(parse_xml(x) for x in _styles())]
    ids = {el.get(f"{w}styleId") for el in new}
    for old in styles.findall(f"{w}style"):
        if old.get(f"{w}styleId") in ids:
            styles.remove(old)
    for el in new:
        styles.append(el)


# --- header: line numbers and rules ---------------------------------------------------------
_NUMBER_PPR = _ppr(line=LINE, ind=_indent(), jc="right", rpr=_rpr(fonts=True, size=12))


def _numbers() -> str:
    return "".join(
        f"<w:p>{_NUMBER_PPR}{_run(str(n), _rpr(fonts=True, size=12))}</w:p>"
        for n in range(1, LINES + 1)
    )


def _anchor(shape_id: int, name: str, x: float, y: float, w: float, h: float, wsp: str) -> str:
    return (
        f'<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{shape_id}" behindDoc="1" locked="1" layoutInCell="0" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{round(x * EMU)}</wp:posOffset>'
        "</wp:positionH>"
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(y * EMU)}</wp:posOffset>'
        "</wp:positionV>"
        f'<wp:extent cx="{round(w * EMU)}" cy="{round(h * EMU)}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{shape_id}" name="{name}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape">{wsp}</a:graphicData></a:graphic></wp:anchor></w:drawing>'
    )


def _alternate(choice: str, fallback: str) -> str:
    return (
        '<w:r><w:rPr><w:noProof/></w:rPr><mc:AlternateContent><mc:Choice Requires="wps">'
        f"{choice}</mc:Choice><mc:Fallback><w:pict>{fallback}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


_VML_POS = "mso-position-horizontal-relative:page;mso-position-vertical-relative:page"


def _number_box() -> str:
    h = LINES * LINE
    wsp = (
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{NUMBERS_W * EMU}" cy="{h * EMU}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
        f"</wps:spPr><wps:txbx><w:txbxContent>{_numbers()}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        'anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp>'
    )
    vml = (
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
        'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        '<v:shape id="LineNumbers" o:spid="_x0000_s1025" type="#_x0000_t202" '
        f'style="position:absolute;margin-left:{NUMBERS_X}pt;margin-top:{MARGIN_TOP}pt;'
        f'width:{NUMBERS_W}pt;height:{h}pt;z-index:-251656192;{_VML_POS}" '
        'filled="f" stroked="f"><v:textbox inset="0,0,0,0">'
        f"<w:txbxContent>{_numbers()}</w:txbxContent></v:textbox>"
        '<w10:wrap anchorx="page" anchory="page"/></v:shape>'
    )
    return _alternate(_anchor(1004, "Line numbers", NUMBERS_X, MARGIN_TOP, NUMBERS_W, h, wsp), vml)


def _rule(shape_id: int, x: float) -> str:
    wsp = (
        "<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm>"
        f'<a:off x="0" y="0"/><a:ext cx="0" cy="{PAGE_H * EMU}"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:noFill/>'
        '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
        "</wps:spPr><wps:bodyPr/></wps:wsp>"
    )
    vml = (
        f'<v:line id="Rule{shape_id}" o:spid="_x0000_s{shape_id + 25}" '
        f'style="position:absolute;z-index:-{251659264 - shape_id};{_VML_POS}" '
        f'from="{x}pt,0" to="{x}pt,{PAGE_H}pt" strokecolor="black" strokeweight=".75pt">'
        '<w10:wrap anchorx="page" anchory="page"/></v:line>'
    )
    return _alternate(_anchor(shape_id, f"Rule {shape_id - 1000}", x, 0, 0, PAGE_H, wsp), vml)


def _header_xml() -> str:
    small = _rpr(fonts=True, bold=True, size=10)
    ppr = _ppr(line=12, ind=_indent(), jc="center", rpr=small)
    shapes = "".join(_rule(1001 + i, x) for i, x in enumerate(RULES_X)) + _number_box()
    notice = "".join(_run(t, small) for t in ("{% if notice %}", "{{ notice }}", "{% endif %}"))
    return f'<w:hdr {_ALL_NS} mc:Ignorable="w14 wp14"><w:p>{ppr}{shapes}{notice}</w:p></w:hdr>'


def _footer_xml() -> str:
    num = _rpr(fonts=True, size=12)
    title = _rpr(fonts=True, size=10)
    page = (
        f'<w:r>{num}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{num}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{num}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run('1', num)}"
        f'<w:r>{num}<w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        f'<w:ftr {_ALL_NS} mc:Ignorable="w14 wp14">'
        f"<w:p>{_ppr(line=12, ind=_indent(), jc='center', rpr=num)}{page}</w:p>"
        f"<w:p>{_ppr(border_top=True, line=11, before=2, ind=_indent(), jc='center', rpr=title)}"
        f"{_run('{{ footer_title }}', title)}</w:p></w:ftr>"
    )


# --- body: filer block, court title, caption --------------------------------------------------
def _table(
    widths: Sequence[int], height_lines: int, cells: Sequence[str], *, bottom_border: bool = False
) -> str:
    """A borderless, fixed-layout table with one row at least ``height_lines`` lines tall.

    LibreOffice adds a cell's bottom border to the row height (measured: 0.75 pt); the row is
    that much shorter so the lines after the table stay on the grid.
    """
    height = height_lines * LINE * TW - (BORDER_TW if bottom_border else 0)
    grid = "".join(f'<w:gridCol w:w="{w * TW}"/>' for w in widths)
    nil = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right"))
    nil += '<w:insideH w:val="nil"/><w:insideV w:val="nil"/>'
    margins = "".join(f'<w:{s} w:w="0" w:type="dxa"/>' for s in ("top", "left", "bottom", "right"))
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths) * TW}" w:type="dxa"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{nil}</w:tblBorders>'
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar>{margins}</w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="0"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}" '
        f'w:hRule="atLeast"/></w:trPr>{"".join(cells)}</w:tr></w:tbl>'
    )


def _cell(width: int, content: str, *, borders: str = "", margins: str = "") -> str:
    bdr = f"<w:tcBorders>{borders}</w:tcBorders>" if borders else ""
    mar = f"<w:tcMar>{margins}</w:tcMar>" if margins else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width * TW}" w:type="dxa"/>{bdr}{mar}</w:tcPr>{content}</w:tc>'
    )


def _loop(style: str, head: str, item: str = "{{ line }}", tail: str = "{%p endfor %}") -> str:
    return _para(style, head) + _para(style, item) + _para(style, tail)


def _body_xml() -> str:
    filer = _loop(_style_id(FRAME["filer"]), "{%p for line in filer_lines %}") + _para(
        _style_id(FRAME["filer"]), "{{ attorney_for }}"
    )
    court = _loop(_style_id(FRAME["court"]), "{%p for line in court_lines %}")

    cap = _style_id(FRAME["caption"])
    role = f"<w:ind {_indent(left=120)}/>"
    versus = f"<w:ind {_indent(left=60)}/>"
    left = "".join(
        [
            _para(cap, "{{ plaintiff }}", ","),
            _para(cap),
            _para(cap, "Plaintiff,", ppr_extra=role),
            _para(cap),
            _para(cap, "v.", ppr_extra=versus),
            _para(cap),
            _para(cap, "{{ defendant }}", ","),
            _para(cap),
            _para(cap, "Defendant.", ppr_extra=role),
        ]
    )
    right = "".join(
        [
            _para(cap, "Case No. ", "{{ case_number }}"),
            _para(cap),
            _para(cap, "{{ paper_title }}"),
            _para(cap, "{%p if hearing_lines %}"),
            _para(cap),
            _loop(cap, "{%p for line in hearing_lines %}"),
            _para(cap, "{%p endif %}"),
        ]
    )
    line = '<w:{0} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'  # 0.75 pt
    caption = _table(
        [CAPTION_LEFT_W, TEXT_W - CAPTION_LEFT_W],
        CAPTION_LINES,
        [
            _cell(
                CAPTION_LEFT_W,
                left,
                borders=line.format("bottom") + line.format("right"),
                margins=f'<w:right w:w="{6 * TW}" w:type="dxa"/>',
            ),
            _cell(
                TEXT_W - CAPTION_LEFT_W,
                right,
                margins=f'<w:left w:w="{10 * TW}" w:type="dxa"/>',
            ),
        ],
        bottom_border=True,
    )
    blank = "<w:p/>"
    return (
        _table([FILER_W], FILER_LINES, [_cell(FILER_W, filer)])
        + court
        + blank
        + caption
        + blank
        + _para("Normal", "{{p body }}")
    )


# --- the document -----------------------------------------------------------------------------
_CORE_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>Pleading paper shell</dc:title><dc:creator>assembler</dc:creator>"
    "<dc:description>Generated by python -m assembler.shells; do not edit by hand."
    "</dc:description><cp:lastModifiedBy>assembler</cp:lastModifiedBy>"
    "<cp:revision>1</cp:revision></cp:coreProperties>"
)
_THUMBNAIL = "docProps/thumbnail.jpeg"


def _build() -> bytes:
    """The shell as a python-docx package (before the zip is normalized)."""
    document = docx.Document()
    _install_styles(document)

    section = document.sections[0]
    sect = section._sectPr
    for child in list(sect):
        sect.remove(child)
    sect.append(parse_xml(f'<w:pgSz {_W_NS} w:w="{PAGE_W * TW}" w:h="{PAGE_H * TW}"/>'))
    sect.append(
        parse_xml(
            f'<w:pgMar {_W_NS} w:top="{MARGIN_TOP * TW}" w:right="{MARGIN_RIGHT * TW}" '
            f'w:bottom="{MARGIN_BOTTOM * TW}" w:left="{MARGIN_LEFT * TW}" '
            f'w:header="{HEADER_DISTANCE * TW}" w:footer="{FOOTER_DISTANCE * TW}" w:gutter="0"/>'
        )
    )
    sect.append(parse_xml(f'<w:cols {_W_NS} w:space="720"/>'))
    sect.append(parse_xml(f'<w:docGrid {_W_NS} w:linePitch="{LINE * TW}"/>'))
    section.header.is_linked_to_previous = False  # creates the header/footer parts and refs
    section.footer.is_linked_to_previous = False
    section.header.part._element = parse_xml(_header_xml())
    section.footer.part._element = parse_xml(_footer_xml())

    body = document.element.body
    for child in list(body):
        if child is not sect:
            body.remove(child)
    fragment = parse_xml(f"<w:body {_ALL_NS}>{_body_xml()}</w:body>")
    for child in list(fragment):
        sect.addprevious(child)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _normalize(package: bytes) -> bytes:
    """Re-zip with sorted entries, fixed timestamps, fixed core properties, no thumbnail."""

    def edit(name: str, data: bytes) -> bytes | None:
        if name == _THUMBNAIL:
            return None
        if name == "docProps/core.xml":
            return _CORE_XML.encode("utf-8")
        if name == "_rels/.rels":
            return _drop_thumbnail_rel(data)
        if name == "word/fontTable.xml":
            return _declare_fallback(data)
        return data

    return normalized_zip(package, edit=edit, level=9, unix=True)


def _drop_thumbnail_rel(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for rel in list(root):
        if rel.get("Target") in (_THUMBNAIL, "/" + _THUMBNAIL):
            root.remove(rel)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


FALLBACK_FONT = "Liberation Serif"
"""Declared in the font table as Times New Roman's alternate: metrically the same face (the one
the PDF writer bundles), so a machine without Times New Roman keeps every line break."""


def _declare_fallback(data: bytes) -> bytes:
    """The font table with ``FALLBACK_FONT`` as the body font's ``w:altName``."""
    root = etree.fromstring(data)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for font in root.iter(f"{w}font"):
        if font.get(f"{w}name") != FONT:
            continue
        for old in font.findall(f"{w}altName"):
            font.remove(old)
        alt = etree.Element(f"{w}altName")
        alt.set(f"{w}val", FALLBACK_FONT)
        font.insert(0, alt)  # CT_Font: altName comes first
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


def shell_bytes() -> bytes:
    """The bytes of ``pleading.docx``: identical on every run."""
    return _normalize(_build())


def write_shell(out_dir: Path = TEMPLATES) -> Path:
    """Write ``pleading.docx`` into ``out_dir`` atomically; return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / SHELL_NAME
    write_atomic(target, shell_bytes(), overwrite=True)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assembler.shells",
        description="Regenerate the Word shell (pleading.docx) for docxtpl.",
    )
    parser.add_argument("--out", type=Path, default=TEMPLATES, help="output folder")
    args = parser.parse_args(argv)
    path = write_shell(args.out)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
