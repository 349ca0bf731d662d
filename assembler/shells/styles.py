"""The named styles of the shell: what a firm edits to restyle every paper."""

from __future__ import annotations

import docx
from docx.oxml import parse_xml

from assembler.shells.ooxml import (
    LINE,
    NS,
    TEXT_W,
    TW,
    W_NS,
    indent,
    ppr,
    rpr,
)
from assembler.shells.spec import FRAME, STYLES

# --- styles ---------------------------------------------------------------------------------
_BUILT_IN = frozenset(
    {FRAME["caption"], STYLES["emphasis"], STYLES["strong"]}
)  # Word's own, restyled


def style_id(name: str) -> str:
    return name.replace(" ", "")


def style_xml(
    kind: str, name: str, ppr: str = "", rpr: str = "", *, based_on: str | None = None
) -> str:
    sid = style_id(name)
    stored = "caption" if name == FRAME["caption"] else name  # Word stores its built-in lower-cased
    base = based_on or ("Normal" if kind == "paragraph" else "DefaultParagraphFont")
    nxt = f'<w:next w:val="{sid}"/>' if kind == "paragraph" else ""
    custom = "" if name in _BUILT_IN else ' w:customStyle="1"'
    return (
        f'<w:style {W_NS} w:type="{kind}"{custom} w:styleId="{sid}">'
        f'<w:name w:val="{stored}"/><w:basedOn w:val="{base}"/>{nxt}'
        f"<w:qFormat/>{ppr}{rpr}</w:style>"
    )


def style_elements() -> list[str]:
    right_tab = f'<w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W * TW}"/>'
    p = "paragraph"
    c = "character"
    return [
        style_xml(p, STYLES["body"], ppr(line=LINE, ind=indent(first=36))),
        style_xml(
            p,
            STYLES["heading1"],
            ppr(keep_next=True, line=LINE, outline=0),
            rpr(bold=True, caps=True),
        ),
        style_xml(p, STYLES["heading2"], ppr(keep_next=True, line=LINE, outline=1), rpr(bold=True)),
        style_xml(
            p,
            STYLES["heading3"],
            ppr(keep_next=True, line=LINE, outline=2),
            rpr(bold=True, italic=True),
        ),
        style_xml(
            p,
            STYLES["title"],
            ppr(keep_next=True, line=LINE, jc="center", outline=0),
            rpr(bold=True),
        ),
        style_xml(p, STYLES["numbered"], ppr(line=LINE, ind=indent(first=36))),
        style_xml(p, STYLES["quote"], ppr(line=LINE, ind=indent(left=36, right=36))),
        style_xml(p, STYLES["list"], ppr(line=LINE, ind=indent(left=60, hanging=24))),
        style_xml(p, STYLES["signature"], ppr(line=LINE, ind=indent(left=252))),
        style_xml(p, STYLES["verify"], ppr(line=LINE), rpr(bold=True, shade=True)),
        style_xml(p, STYLES["contents"], ppr(line=LINE, tabs=right_tab)),
        style_xml(p, STYLES["authorities"], ppr(line=LINE, tabs=right_tab)),
        style_xml(p, FRAME["filer"], ppr(line=12)),
        style_xml(p, FRAME["court"], ppr(line=LINE, jc="center"), rpr(bold=True)),
        style_xml(p, FRAME["caption"], ppr(line=12)),
        style_xml(c, STYLES["case_name"], rpr=rpr(italic=True)),
        style_xml(c, STYLES["emphasis"], rpr=rpr(italic=True)),
        style_xml(c, STYLES["strong"], rpr=rpr(bold=True)),
        style_xml(c, STYLES["missing"], rpr=rpr(bold=True, shade=True)),
        style_xml(c, STYLES["verify_flag"], rpr=rpr(bold=True, shade=True)),
    ]


def install_styles(document: docx.document.Document) -> None:
    styles = document.styles.element
    w = f"{{{NS['w']}}}"
    defaults = styles.find(f"{w}docDefaults")
    new_defaults = parse_xml(
        f"<w:docDefaults {W_NS}>"
        f"<w:rPrDefault>{rpr(fonts=True, size=12, lang=True)}</w:rPrDefault>"
        f"<w:pPrDefault>{ppr(line=LINE)}</w:pPrDefault></w:docDefaults>"
    )
    defaults.addprevious(new_defaults)
    styles.remove(defaults)

    normal = parse_xml(
        f'<w:style {W_NS} w:type="paragraph" w:default="1" w:styleId="Normal">'
        '<w:name w:val="Normal"/><w:qFormat/>'
        f"{ppr(widow=False, line=LINE)}{rpr(fonts=True, size=12)}</w:style>"
    )
    new = [normal, *(parse_xml(x) for x in style_elements())]
    ids = {el.get(f"{w}styleId") for el in new}
    for old in styles.findall(f"{w}style"):
        if old.get(f"{w}styleId") in ids:
            styles.remove(old)
    for el in new:
        styles.append(el)
