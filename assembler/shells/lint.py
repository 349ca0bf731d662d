"""Lint for Word shells: the failures docx templating users hit most, found before a build.

- a Jinja tag split across Word runs (Word splits runs on any formatting or spell-check change,
  and docxtpl then sees no tag at all);
- curly quotes inside a tag (Word's AutoCorrect turns "..." into “...”, which Jinja rejects);
- a ``{%p %}``/``{%tr %}`` paragraph tag sharing its paragraph with other text (docxtpl removes the
  whole paragraph);
- a name the writer does not supply, or an attribute of one (every value given to a shell is a
  string or a list of strings: ``filer_lines``, ``court_lines``, ...).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes

from assembler.shells.spec import SHELL_NAMES

__all__ = [
    "FETCHING_FIELDS",
    "SHELL_NAMES",
    "ShellProblem",
    "check_shell",
    "external_links",
    "fetching_fields",
]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_OPEN = re.compile(r"\{[{%#]")
_CURLY = "“”‘’"
_PARAGRAPH_TAG = re.compile(r"\{%-?\s*(p|tr|tc)\s")


@dataclass(frozen=True)
class ShellProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _parts(archive: zipfile.ZipFile) -> list[str]:
    names = archive.namelist()
    others = sorted(n for n in names if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
    return ["word/document.xml", *others]


_FIELD_MESSAGE = (
    "a field ({keyword}) can reach outside the shell; Word would fetch or run what it names "
    "when the field is updated, in every client's paper: remove the field"
)


def _parser() -> Any:
    from lxml import etree

    # No entities, no network, no huge trees: a shell is read, never trusted.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def external_links(archive: zipfile.ZipFile) -> list[str]:
    """The relationship types of a shell that point outside it (a remote template, an image
    on a server): Word would fetch them when any client's paper is opened."""
    from lxml import etree

    found = []
    for name in archive.namelist():
        if not name.endswith(".rels"):
            continue
        try:
            root = etree.fromstring(archive.read(name), _parser())
        except etree.XMLSyntaxError:
            continue  # reported by check_shell; the writer's own parse refuses it
        for rel in root:
            if rel.get("TargetMode") == "External":
                kind = (rel.get("Type") or "").rsplit("/", 1)[-1] or "link"
                found.append(f"{name}: {kind}")
    return found


FETCHING_FIELDS = frozenset(
    {
        "INCLUDEPICTURE",
        "INCLUDETEXT",
        "INCLUDE",
        "IMPORT",
        "LINK",
        "DDE",
        "DDEAUTO",
        "RD",
        "DATABASE",
    }
)
"""Field keywords whose instruction names a file, a server or a program Word reads when the
field is updated (INCLUDE and IMPORT are the old names of INCLUDETEXT and INCLUDEPICTURE; RD
reads another document for a table of contents; DATABASE queries a data source). A shell has
no use for any of them: they would reach every client's paper."""

_KEYWORD = re.compile(r"\s*([A-Za-z]*)")
_ARGUMENT = re.compile(r'"[^"]*"?|\S+')
_HYPERLINK_ARGUMENTS = frozenset({"\\L", "\\O", "\\T"})  # switches followed by a value
_NESTED = None  # a field inside an instruction: its result becomes part of the instruction


def fetching_fields(archive: zipfile.ZipFile) -> list[str]:
    """``part: KEYWORD`` for each field of a shell, in any XML part, that reaches outside it
    (:data:`FETCHING_FIELDS`, a HYPERLINK to anything but a bookmark), whose keyword comes from
    another field or a template tag (no check can know it before Word updates the field).

    A field is a ``w:fldSimple`` (its ``w:instr``) or runs between ``w:fldChar`` begin and
    separate, whose instruction is split over any number of ``w:instrText`` runs.
    """
    from lxml import etree

    found: list[str] = []
    for name in archive.namelist():
        data = archive.read(name)
        if b"instr" not in data and b"\x00" not in data[:200]:
            continue  # no field here (a part in UTF-16 is parsed whatever it holds)
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError:
            continue  # not XML (an image), or reported by check_shell; Word opens neither
        found += [f"{name}: {keyword}" for keyword in _field_keywords(root) if keyword]
    return list(dict.fromkeys(found))


@dataclass
class _Field:
    """A field whose runs are being read: its instruction so far (``None`` where a nested
    field's result goes), until its separate (or end) mark."""

    instruction: list[str | None]
    collecting: bool = True


def _field_keywords(root: Any) -> list[str]:
    """The refused keyword (or '' for an allowed field) of each field under ``root``."""
    keywords: list[str] = []
    fields: list[_Field] = []  # the fields begun and not ended, innermost last
    for element in root.iter("{*}fldSimple", "{*}fldChar", "{*}instrText", "{*}delInstrText"):
        kind = element.tag.rsplit("}", 1)[-1]
        current = fields[-1] if fields and fields[-1].collecting else None
        if kind == "fldSimple":
            if current is not None:
                current.instruction.append(_NESTED)
            keywords.append(_refused([_attribute(element, "instr")]))
        elif kind in ("instrText", "delInstrText"):
            if current is not None:
                current.instruction.append(element.text or "")
            else:  # outside any field's instruction: judged on its own
                keywords.append(_refused([element.text or ""]))
        else:
            mark = _attribute(element, "fldCharType")
            if mark == "begin":
                if current is not None:
                    current.instruction.append(_NESTED)
                fields.append(_Field([]))
            elif mark == "separate" and current is not None:
                current.collecting = False
                keywords.append(_refused(current.instruction))
            elif mark == "end" and fields:
                ended = fields.pop()
                if ended.collecting:
                    keywords.append(_refused(ended.instruction))
    keywords += [_refused(field.instruction) for field in fields if field.collecting]
    return keywords


def _attribute(element: Any, local: str) -> str:
    """An attribute by its local name, whatever its namespace (transitional or strict)."""
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == local:
            return str(value)
    return ""


def _refused(instruction: list[str | None]) -> str:
    """The keyword of a refused field instruction, or '' when the field may stay.

    ``instruction`` is the field's literal text, with ``None`` where a nested field's result
    goes."""
    literal = "".join(part for part in instruction if part is not None)
    if _OPEN.search(literal):
        return "a template tag in its instruction"
    head = "".join(_until_nested(instruction))
    match = _KEYWORD.match(head)
    assert match is not None  # the pattern matches any text
    if _NESTED in instruction and match.end() == len(head):
        return "its keyword made by another field"  # { {QUOTE "INCLUDE"}PICTURE ... }
    keyword = match[1].upper()  # '' for a formula (=) or an empty field
    if keyword in FETCHING_FIELDS:
        return keyword
    if keyword == "HYPERLINK" and (
        _NESTED in instruction or _links_outside(literal[match.end() :])
    ):
        return keyword  # a target made by a nested field is not known to be a bookmark
    return ""


def _until_nested(instruction: list[str | None]) -> list[str]:
    head: list[str] = []
    for part in instruction:
        if part is None:
            break
        head.append(part)
    return head


def _links_outside(arguments: str) -> bool:
    """Whether a HYPERLINK field's arguments name a target (a URL, a file) rather than only a
    bookmark of the paper itself (``\\l "name"``)."""
    tokens = _ARGUMENT.findall(arguments)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.startswith("\\"):
            index += 2 if token.upper() in _HYPERLINK_ARGUMENTS else 1
            continue
        return True
    return False


def check_shell(path: Path) -> list[ShellProblem]:
    """Every problem of one .docx shell, with part and paragraph numbers."""
    from lxml import etree

    from assembler.loading import read_regular, unreadable
    from assembler.writers.docx import MAX_SHELL_BYTES

    try:
        data = read_regular(path, MAX_SHELL_BYTES)  # a pipe is refused, never waited on
    except OSError as exc:
        return [ShellProblem(str(path), unreadable(exc))]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (OSError, zipfile.BadZipFile) as exc:
        return [ShellProblem(str(path), f"not a Word document: {exc}")]
    problems: list[ShellProblem] = []
    sources: list[str] = []
    with archive:
        for link in external_links(archive):
            problems.append(
                ShellProblem(
                    f"{path.name}:{link.split(':')[0]}",
                    f"links to something outside the shell ({link.split(': ')[1]}); Word would "
                    "fetch it whenever a paper is opened: remove the link",
                )
            )
        for field in fetching_fields(archive):
            part, keyword = field.split(": ", 1)
            problems.append(
                ShellProblem(f"{path.name}:{part}", _FIELD_MESSAGE.format(keyword=keyword))
            )
        for part in _parts(archive):
            if part not in archive.namelist():
                continue
            try:
                root = etree.fromstring(archive.read(part), _parser())
            except etree.XMLSyntaxError as exc:
                problems.append(ShellProblem(f"{path.name}:{part}", f"not well-formed XML: {exc}"))
                continue
            for number, paragraph in enumerate(root.iter(f"{_W}p"), 1):
                where = f"{path.name}:{part}:paragraph {number}"
                runs = [
                    "".join(t.text or "" for t in run.iter(f"{_W}t"))
                    for run in paragraph.iter(f"{_W}r")
                ]
                text = "".join(runs)
                if not _OPEN.search(text):
                    continue
                for run in runs:
                    leftover = _TAG.sub("", run)
                    if _OPEN.search(leftover) or re.search(r"[}%#]\}", leftover):
                        problems.append(
                            ShellProblem(
                                where, f"a tag is split across Word runs: {text.strip()!r}"
                            )
                        )
                        break
                for tag in _TAG.findall(text):
                    if any(q in tag for q in _CURLY):
                        problems.append(
                            ShellProblem(where, f"curly quotes inside {tag!r}: use straight quotes")
                        )
                    if _PARAGRAPH_TAG.match(tag) and _TAG.sub("", text).strip():
                        problems.append(
                            ShellProblem(
                                where,
                                f"{tag!r} removes its whole paragraph, which also holds "
                                f"{_TAG.sub('', text).strip()!r}: put the tag in a paragraph "
                                "of its own",
                            )
                        )
                sources.append(text)
    problems += _names(path, sources)
    problems += _writer_refusal(path)
    return problems


def _writer_refusal(path: Path) -> list[ShellProblem]:
    """What the Word writer itself refuses (missing styles, ...): the check vets the build."""
    from assembler.writers.docx import DocxError, DocxWriter

    try:
        DocxWriter(path)
    except DocxError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        if "links to something outside" in message or "has a field" in message:
            return []  # listed link by link, field by field above
        return [ShellProblem(path.name, message)]
    return []


def _names(path: Path, sources: list[str]) -> list[ShellProblem]:
    """Names and attributes the writer does not supply, from the Jinja syntax tree."""
    tags = "\n".join(t for source in sources for t in _TAG.findall(source))
    tags = re.sub(r"\{%-?\s*(p|tr|tc)\s", "{% ", tags)
    tags = re.sub(r"\{\{-?\s*(p|r)\s", "{{ ", tags)
    tags = tags.translate({ord(q): '"' for q in _CURLY})
    try:
        tree = Environment().parse(tags)
    except TemplateSyntaxError as exc:
        return [ShellProblem(path.name, f"Jinja syntax error: {exc.message}")]
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in {"store", "param"}}
    problems = []
    for name in sorted({n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"}):
        if name not in SHELL_NAMES | assigned:
            problems.append(
                ShellProblem(
                    path.name,
                    f"{name!r} is not given to Word shells (available: {', '.join(sorted(SHELL_NAMES))})",
                )
            )
    for node in tree.find_all(nodes.Getattr):
        base = node.node
        if isinstance(base, nodes.Name) and base.name in SHELL_NAMES:
            problems.append(
                ShellProblem(
                    path.name,
                    f"{base.name}.{node.attr}: {base.name} is plain text, it has no {node.attr!r}",
                )
            )
    return problems
