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

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes

from assembler.shells.spec import SHELL_NAMES

__all__ = ["SHELL_NAMES", "ShellProblem", "check_shell"]


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


def check_shell(path: Path) -> list[ShellProblem]:
    """Every problem of one .docx shell, with part and paragraph numbers."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(path)
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
        if "links to something outside" in message:
            return []  # listed link by link above
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
