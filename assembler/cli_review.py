"""`assembler review`: the attorney's step between the draft and the filing.

It lists what a case's papers still ask to be checked, each with the id to record it under and
the text it concerns, and records checks: a case check in the case's review record, a citation,
pin or clause note about the law once for the firm in its authorities file.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from assembler.cli import CLAUSES_OPTION, CONFIG_OPTION, CONTEXT, _common, _config, _console, main

_CONCERNS = 240
"""Characters of the text a check concerns shown in the list (all of it with --json)."""


@main.command(context_settings=CONTEXT)
@click.argument("case_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@click.option(
    "--sign",
    "ids",
    multiple=True,
    metavar="ID",
    help="Record the check with this id (repeat, or separate ids with commas).",
)
@click.option("--by", default="", help="Who checked it (with --sign): the attorney's name.")
@click.option("--note", default="", help="A note kept with the record (with --sign).")
@click.option(
    "--source",
    default="",
    help="With --sign of a citation, pin or clause note about the law: what it was checked "
    "against (e.g. the reporter volume and page read). It is recorded once for the firm, in "
    "its authorities file.",
)
@click.option(
    "--authorities",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The firm's authorities file (default: `authorities` in assembler.toml).",
)
@CLAUSES_OPTION
@CONFIG_OPTION
@_common
def review(
    case_file: Path,
    as_json: bool,
    ids: tuple[str, ...],
    by: str,
    note: str,
    source: str,
    authorities: Path | None,
    clauses_dir: Path | None,
    config_file: Path | None,
) -> None:
    """List what CASE_FILE's papers still need checked before filing, or record checks.

    Each check has an id, and is recorded where it belongs:

    \b
      cite:ID, pin:ID:PAGES   a citation or page pin: once for the firm, in its
                              authorities file (--source says against what)
      law:CLAUSE              a clause's note about the law: the same file, by clause id
      case:NAME               a check of this client's case (the removal ground stated
                              for each count): signed per case, in CASE.review.toml
                              beside the case file; never cleared for another case
      write:…                 text the papers leave to write: the case file gives it

    A case check is signed for the text the papers print when it is signed; when that text
    changes, it is asked again. `build --final` writes the papers once nothing is open, with
    the cite-check record (cite-check.json and the build report).

    \b
    Example:
      assembler review my-cases/garcia.json
      assembler review my-cases/garcia.json --sign case:removal-grounds --by "A. Attorney"
      assembler review my-cases/garcia.json --sign cite:jung --by "A. Attorney" \\
          --source "59 Cal.App.5th 842 (official reports), read 2026-12-08"
      assembler build my-cases/garcia.json -o out --final
    """
    from assembler.assembly import Assembler
    from assembler.review import review_case
    from assembler.signoff import normalise_ids, record_in_firm_file, sign_case_checks

    out = _console()
    config = _config(config_file, case_file.parent)
    firm_file = authorities or config.authorities
    # the first check recorded for the firm makes its file
    starting = firm_file is not None and source and not firm_file.exists()
    engine = Assembler.create(clauses_dir or config.clauses, None if starting else firm_file)
    state = review_case(case_file, engine)
    wanted = normalise_ids([i.strip() for item in ids for i in item.split(",") if i.strip()])
    if not wanted:
        if as_json:
            out.result(json.dumps(state.as_json(), indent=2, ensure_ascii=False))
        else:
            _print(state, firm_file)
        return
    if source:
        if firm_file is None:
            raise click.UsageError(
                "name the firm's authorities file: --authorities FILE, or `authorities` in "
                "assembler.toml"
            )
        record_in_firm_file(
            firm_file, state.statuses, wanted, by, source, engine.library, note=note
        )
        out.info(f"recorded {', '.join(wanted)} in {firm_file}")
    else:
        path = sign_case_checks(case_file, state.statuses, wanted, by, note=note)
        out.info(f"signed {', '.join(wanted)} in {path}")
    left = review_case(case_file, Assembler.create(clauses_dir or config.clauses, firm_file))
    out.info(
        f"{len(left.open)} check(s) remain before --final"
        if left.open
        else f"nothing remains: `assembler build {case_file} -o FOLDER --final`"
    )


def _print(state: object, firm_file: Path | None) -> None:
    from assembler.review import KIND_TITLES, Review
    from assembler.verification import Kind

    assert isinstance(state, Review)
    out = _console()
    name = state.case_file.name
    if state.draft:
        out.warn(
            f"{name} has errors (`assembler validate {state.case_file}`): the facts come first; "
            "these checks are those of its draft"
        )
    opened = state.open
    out.result(
        f"{name}: {len(opened)} check(s) open"
        + (
            f", {len(state.statuses) - len(opened)} done"
            if len(state.statuses) > len(opened)
            else ""
        )
    )
    for kind in Kind:
        group = [s for s in state.statuses if s.check.kind is kind]
        if not group:
            continue
        title = KIND_TITLES[kind]
        if kind is Kind.CASE:
            title += f": {state.record.path.name}"
        elif kind is not Kind.WRITE and firm_file is not None:
            title += f": {firm_file}"
        out.result("")
        out.result(title)
        for status in group:
            check = status.check
            mark = {"open": "[ ]", "done": "[x]", "changed": "[!]"}[status.state]
            out.result(f"  {mark} {check.id}")
            out.result(f"      check: {check.what}")
            if check.kind is Kind.CASE:  # what the attorney signs: every paragraph, in full
                out.result("      text:")
                for paragraph in check.concerns.splitlines():
                    if paragraph.strip():
                        for line in textwrap.wrap(paragraph, 88):
                            out.result(f"        {line}")
                    else:
                        out.result("")
            else:
                concerns = " ".join(check.concerns.split())
                if len(concerns) > _CONCERNS:
                    concerns = concerns[:_CONCERNS].rsplit(" ", 1)[0] + " …"
                out.result(f"      text:  {concerns}")
            out.result(f"      in:    {', '.join(check.papers)}")
            if status.signature is not None:
                sig = status.signature
                done = f"{sig.by}, {sig.on}" + (f"; {sig.source}" if sig.source else "")
                if status.state == "changed":
                    out.result(f"      signed for other text ({done}): read it again, sign again")
                else:
                    out.result(f"      done:  {done}")
    out.result("")
    if opened:
        out.result("Record a check under its id:")
        out.result(f'  case checks:  assembler review {state.case_file} --sign ID --by "NAME"')
        out.result(
            f'  for the firm: assembler review {state.case_file} --sign ID --by "NAME" '
            '--source "WHAT WAS READ"' + ("" if firm_file else " --authorities FIRM.toml")
        )
    else:
        out.result(f"Nothing open: assembler build {state.case_file} -o FOLDER --final")
    sys.stdout.flush()
