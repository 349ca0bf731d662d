"""The clause lint: every clause parses, uses only facts the case model has, has conditions that
compile, and cites only registry authorities. Problems name the clause file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.exceptions import TemplateAssertionError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from assembler.authorities import Registry
from assembler.case import Case
from assembler.library import Clause, Library
from assembler.markup import _CITE
from assembler.templating import context_types
from assembler.typeinfo import annotation_at, element, is_list, model_in

__all__ = ["LintProblem", "lint_library"]

_JINJA_NAMES = {"loop", "range", "years_between", "namespace", "dict", "lipsum", "cycler", "joiner"}


@dataclass(frozen=True, order=True)
class LintProblem:
    """A problem in a clause file, at ``where`` (``file:line``)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def lint_library(
    library: Library, registry: Registry, env: SandboxedEnvironment
) -> list[LintProblem]:
    """Every problem in the library's clauses and document titles, sorted by file and line."""
    problems: list[LintProblem] = []
    for clause in library.clauses.values():
        problems.extend(_lint_clause(clause, registry, env))
    for document in library.documents.values():
        where = f"{document.path}: [{document.id}]"
        for label, source in (("title", document.title), ("when", "{{ " + document.when + " }}")):
            problems.extend(
                _lint_source(source, env, lambda _line, w=where, lab=label: f"{w} {lab}")
            )
    return sorted(set(problems))


def _lint_clause(
    clause: Clause, registry: Registry, env: SandboxedEnvironment
) -> list[LintProblem]:
    problems = _lint_source(clause.body, env, clause.where)
    condition = "{{ " + clause.when + " }}"
    problems += [
        LintProblem(p.where, f"when: {p.message}")
        for p in _lint_source(condition, env, lambda _line: f"{clause.path}:2")
    ]
    prefix = re.match(r"(\d+)-", clause.path.name)
    if prefix and int(prefix[1]) != clause.order:
        problems.append(
            LintProblem(
                f"{clause.path}:2",
                f"order {clause.order} differs from the file name's number {prefix[1]}: make "
                "them equal, so the folder lists the clauses in the order the paper prints them",
            )
        )
    for path in clause.requires:
        if not _path_exists(path):
            problems.append(
                LintProblem(f"{clause.path}:2", f"requires {path!r}: no such fact in the case file")
            )
    in_body = {match[1] for match in _CITE.finditer(clause.body)}  # reported at their lines
    for authority in clause.cites:
        if authority not in registry and authority not in in_body:
            problems.append(
                LintProblem(
                    f"{clause.path}:2", f"cites {authority!r}: not in the authorities registry"
                )
            )
    for offset, line in enumerate(clause.body.splitlines(), 1):
        for match in _EDGE_SPACE.finditer(line):
            problems.append(
                LintProblem(
                    clause.where(offset),
                    f"{match[0]!r}: a printed value is trimmed, so a space at its edge is lost; "
                    "put the space outside the braces ({% if x %} and counsel{% endif %})",
                )
            )
        for match in _CITE.finditer(line):
            authority = match[1]
            if authority not in registry:
                problems.append(
                    LintProblem(
                        clause.where(offset), f"[@{authority}] is not in the authorities registry"
                    )
                )
    return problems


_EDGE_SPACE = re.compile(
    r"\{\{\s*\"(?:\s[^\"]*|[^\"]*\s)\"\s*(?:if\b|~|\}\})"  # {{ " x" if ... / {{ "x " }}
    r"|\belse\s+\"(?:\s[^\"]*|[^\"]*\s)\"\s*\}\}"  # ... else " x" }}
)
"""A string literal at the edge of a printed value that begins or ends with a space."""


def _lint_source(source: str, env: SandboxedEnvironment, where: Any) -> list[LintProblem]:
    try:
        env.from_string(source)  # compiles: syntax, unknown filters and tests
    except (TemplateSyntaxError, TemplateAssertionError) as exc:
        return [LintProblem(where(exc.lineno or 1), exc.message or str(exc))]
    tree = env.parse(source)
    known = context_types()
    bound = _bound_names(tree, known)
    problems = []
    for name in tree.find_all(nodes.Name):
        if (
            name.ctx == "load"
            and name.name not in known
            and name.name not in bound
            and name.name not in _JINJA_NAMES
        ):
            problems.append(LintProblem(where(name.lineno), f"unknown name {name.name!r}"))
    for attr in tree.find_all(nodes.Getattr):
        owner = _infer(attr.node, known, bound)
        model = model_in(owner)
        if model is not None and not _has_fact(model, attr.attr):
            problems.append(
                LintProblem(
                    where(attr.lineno),
                    f"{_describe(attr)}: {model.__name__} has no fact {attr.attr!r}",
                )
            )
        elif owner is not None and is_list(owner):
            problems.append(
                LintProblem(
                    where(attr.lineno), f"{_describe(attr)}: {attr.attr!r} of a list (loop over it)"
                )
            )
    return problems


def _bound_names(tree: nodes.Template, known: dict[str, Any]) -> dict[str, Any]:
    """Names bound by {% for %} and {% set %}, with the element type where it can be inferred."""
    bound: dict[str, Any] = {}
    for _ in range(2):  # a loop over a loop variable needs a second pass
        for loop in tree.find_all(nodes.For):
            item = element(_infer(loop.iter, known, bound))
            for target in _names(loop.target):
                bound[target] = item
        for assign in tree.find_all(nodes.Assign):
            for target in _names(assign.target):
                bound[target] = _infer(assign.node, known, bound)
    return bound


def _names(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    return [name.name for name in target.find_all(nodes.Name)]


def _infer(node: nodes.Node, known: dict[str, Any], bound: dict[str, Any]) -> Any:
    """The annotation of an expression, or None when it cannot be told (filters, calls)."""
    if isinstance(node, nodes.Name):
        return bound.get(node.name, known.get(node.name))
    if isinstance(node, nodes.Getattr):
        model = model_in(_infer(node.node, known, bound))
        if model is None:
            return None
        info = model.model_fields.get(node.attr)
        return info.annotation if info is not None else None
    return None


def _has_fact(model: type[BaseModel], name: str) -> bool:
    return name in model.model_fields or isinstance(getattr(model, name, None), property)


def _describe(node: nodes.Getattr) -> str:
    parts = [node.attr]
    inner: nodes.Node = node.node
    while isinstance(inner, nodes.Getattr):
        parts.append(inner.attr)
        inner = inner.node
    if isinstance(inner, nodes.Name):
        parts.append(inner.name)
    return ".".join(reversed(parts))


def _path_exists(path: str) -> bool:
    """Whether a JSON path like ``criminal_case.counts[].section`` names a case-file fact."""
    parts = re.sub(r"\[\d*\]", "", path).split(".")
    return annotation_at(Case, parts) is not None
