"""Geometry of the pleading page and small WordprocessingML builders (sizes in points)."""

from __future__ import annotations

from xml.sax.saxutils import escape

# --- geometry (points unless noted) ---------------------------------------------------------
PAGE_W, PAGE_H = 612, 792
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 72, 48, 108, 54
HEADER_DISTANCE = 36  # the notice line sits here, above the first numbered line
FOOTER_DISTANCE = 9  # room for the page number, the rule and two lines of title
LINE = 24
LINES = 28
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 450 pt
NUMBERS_X, NUMBERS_W = 24, 60  # numbers right-aligned at x = 84 pt, as in pleading-paper.css
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
ALL_NS = " ".join(f'xmlns:{p}="{u}"' for p, u in NS.items())
W_NS = f'xmlns:w="{NS["w"]}"'

FONT = "Times New Roman"
FLAG_FILL = "FFF2A8"  # .verify / .missing background in pleading.css


# --- small XML builders ---------------------------------------------------------------------
def ppr(
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


def rpr(
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


def indent(left: float = 0, right: float = 0, first: float = 0, hanging: float = 0) -> str:
    parts = [f'w:left="{round(left * TW)}"', f'w:right="{round(right * TW)}"']
    if hanging:
        parts.append(f'w:hanging="{round(hanging * TW)}"')
    else:
        parts.append(f'w:firstLine="{round(first * TW)}"')
    return " ".join(parts)


def run(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(style: str, *texts: str, ppr_extra: str = "") -> str:
    """A paragraph in a named style; each text (a tag or plain text) is one run."""
    runs = "".join(run(t) for t in texts)
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr_extra}</w:pPr>{runs}</w:p>'
