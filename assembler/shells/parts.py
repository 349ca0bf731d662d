"""The shell's parts: the header (line numbers, rules), the footer and the first-page body."""

from __future__ import annotations

from collections.abc import Sequence

from assembler.shells.ooxml import (
    ALL_NS,
    BORDER_TW,
    CAPTION_LEFT_W,
    CAPTION_LINES,
    EMU,
    FILER_LINES,
    FILER_W,
    LINE,
    LINES,
    MARGIN_TOP,
    NUMBERS_W,
    NUMBERS_X,
    PAGE_H,
    RULES_X,
    TEXT_W,
    TW,
    indent,
    para,
    ppr,
    rpr,
    run,
)
from assembler.shells.spec import FRAME
from assembler.shells.styles import style_id

# --- header: line numbers and rules ---------------------------------------------------------
NUMBER_PPR = ppr(line=LINE, ind=indent(), jc="right", rpr=rpr(fonts=True, size=12))


def numbers() -> str:
    return "".join(
        f"<w:p>{NUMBER_PPR}{run(str(n), rpr(fonts=True, size=12))}</w:p>"
        for n in range(1, LINES + 1)
    )


def anchor(shape_id: int, name: str, x: float, y: float, w: float, h: float, wsp: str) -> str:
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


def alternate(choice: str, fallback: str) -> str:
    return (
        '<w:r><w:rPr><w:noProof/></w:rPr><mc:AlternateContent><mc:Choice Requires="wps">'
        f"{choice}</mc:Choice><mc:Fallback><w:pict>{fallback}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


VML_POS = "mso-position-horizontal-relative:page;mso-position-vertical-relative:page"


def number_box() -> str:
    h = LINES * LINE
    wsp = (
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{NUMBERS_W * EMU}" cy="{h * EMU}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
        f"</wps:spPr><wps:txbx><w:txbxContent>{numbers()}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        'anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp>'
    )
    vml = (
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
        'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        '<v:shape id="LineNumbers" o:spid="_x0000_s1025" type="#_x0000_t202" '
        f'style="position:absolute;margin-left:{NUMBERS_X}pt;margin-top:{MARGIN_TOP}pt;'
        f'width:{NUMBERS_W}pt;height:{h}pt;z-index:-251656192;{VML_POS}" '
        'filled="f" stroked="f"><v:textbox inset="0,0,0,0">'
        f"<w:txbxContent>{numbers()}</w:txbxContent></v:textbox>"
        '<w10:wrap anchorx="page" anchory="page"/></v:shape>'
    )
    return alternate(anchor(1004, "Line numbers", NUMBERS_X, MARGIN_TOP, NUMBERS_W, h, wsp), vml)


def rule(shape_id: int, x: float) -> str:
    wsp = (
        "<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm>"
        f'<a:off x="0" y="0"/><a:ext cx="0" cy="{PAGE_H * EMU}"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:noFill/>'
        '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
        "</wps:spPr><wps:bodyPr/></wps:wsp>"
    )
    vml = (
        f'<v:line id="Rule{shape_id}" o:spid="_x0000_s{shape_id + 25}" '
        f'style="position:absolute;z-index:-{251659264 - shape_id};{VML_POS}" '
        f'from="{x}pt,0" to="{x}pt,{PAGE_H}pt" strokecolor="black" strokeweight=".75pt">'
        '<w10:wrap anchorx="page" anchory="page"/></v:line>'
    )
    return alternate(anchor(shape_id, f"Rule {shape_id - 1000}", x, 0, 0, PAGE_H, wsp), vml)


def header_xml() -> str:
    small = rpr(fonts=True, bold=True, size=10)
    centred = ppr(line=12, ind=indent(), jc="center", rpr=small)
    shapes = "".join(rule(1001 + i, x) for i, x in enumerate(RULES_X)) + number_box()
    notice = "".join(run(t, small) for t in ("{% if notice %}", "{{ notice }}", "{% endif %}"))
    return f'<w:hdr {ALL_NS} mc:Ignorable="w14 wp14"><w:p>{centred}{shapes}{notice}</w:p></w:hdr>'


def footer_xml() -> str:
    num = rpr(fonts=True, size=12)
    title = rpr(fonts=True, size=10)
    page = (
        f'<w:r>{num}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{num}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{num}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run('1', num)}"
        f'<w:r>{num}<w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        f'<w:ftr {ALL_NS} mc:Ignorable="w14 wp14">'
        f"<w:p>{ppr(line=12, ind=indent(), jc='center', rpr=num)}{page}</w:p>"
        f"<w:p>{ppr(border_top=True, line=11, before=2, ind=indent(), jc='center', rpr=title)}"
        f"{run('{{ footer_title }}', title)}</w:p></w:ftr>"
    )


# --- body: filer block, court title, caption --------------------------------------------------
def table(
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


def cell(width: int, content: str, *, borders: str = "", margins: str = "") -> str:
    bdr = f"<w:tcBorders>{borders}</w:tcBorders>" if borders else ""
    mar = f"<w:tcMar>{margins}</w:tcMar>" if margins else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width * TW}" w:type="dxa"/>{bdr}{mar}</w:tcPr>{content}</w:tc>'
    )


def loop(style: str, head: str, item: str = "{{ line }}", tail: str = "{%p endfor %}") -> str:
    return para(style, head) + para(style, item) + para(style, tail)


def body_xml() -> str:
    filer = loop(style_id(FRAME["filer"]), "{%p for line in filer_lines %}") + para(
        style_id(FRAME["filer"]), "{{ attorney_for }}"
    )
    court = loop(style_id(FRAME["court"]), "{%p for line in court_lines %}")

    cap = style_id(FRAME["caption"])
    role = f"<w:ind {indent(left=120)}/>"
    versus = f"<w:ind {indent(left=60)}/>"
    left = "".join(
        [
            para(cap, "{{ plaintiff }}", ","),
            para(cap),
            para(cap, "Plaintiff,", ppr_extra=role),
            para(cap),
            para(cap, "v.", ppr_extra=versus),
            para(cap),
            para(cap, "{{ defendant }}", ","),
            para(cap),
            para(cap, "Defendant.", ppr_extra=role),
        ]
    )
    right = "".join(
        [
            para(cap, "Case No. ", "{{ case_number }}"),
            para(cap),
            para(cap, "{{ paper_title }}"),
            para(cap, "{%p if hearing_lines %}"),
            para(cap),
            loop(cap, "{%p for line in hearing_lines %}"),
            para(cap, "{%p endif %}"),
        ]
    )
    line = '<w:{0} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'  # 0.75 pt
    caption = table(
        [CAPTION_LEFT_W, TEXT_W - CAPTION_LEFT_W],
        CAPTION_LINES,
        [
            cell(
                CAPTION_LEFT_W,
                left,
                borders=line.format("bottom") + line.format("right"),
                margins=f'<w:right w:w="{6 * TW}" w:type="dxa"/>',
            ),
            cell(
                TEXT_W - CAPTION_LEFT_W,
                right,
                margins=f'<w:left w:w="{10 * TW}" w:type="dxa"/>',
            ),
        ],
        bottom_border=True,
    )
    blank = "<w:p/>"
    return (
        table([FILER_W], FILER_LINES, [cell(FILER_W, filer)])
        + court
        + blank
        + caption
        + blank
        + para("Normal", "{{p body }}")
    )
