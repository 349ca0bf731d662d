"""What the form's worker process runs (:mod:`assembler.edit.worker`): a build, the declaration's
preview, the attorney's review and its sign-offs, each given the case file and the build options
and answering the page's reply with the files it wrote. They run apart from the server so that a
clause's time bound holds and a crash or a runaway build never takes the form down with it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assembler.build import BuildOptions
from assembler.errors import CaseFileUnreadable, Severity, os_error_reason

if TYPE_CHECKING:
    from assembler.assembly import Assembler
    from assembler.review import Review

MAX_PROBLEMS = 200
"""Problems a check or a build answers with (the counts cover all): `validate` caps its list
too."""


def build_reply(
    case_file: Path, outdir: Path, options: BuildOptions
) -> tuple[dict[str, Any], list[Path]]:
    """The build the Build button (or the review's "Build final papers") asks for, and the
    page's account of it (run in the worker). A final build is refused while the case has errors
    or a check is open, with what remains per paper, as ``build --final`` lists it."""
    from assembler.build import build_one, engine_for
    from assembler.loading import load_case
    from assembler.rules import check_loaded

    try:
        loaded = load_case(case_file)
    except CaseFileUnreadable as exc:
        return {"status": "refused", "message": str(exc)}, []
    problems = check_loaded(loaded, case_file.parent)
    draft = any(p.severity is Severity.ERROR for p in problems)
    if options.final:
        refused = _final_refusal(case_file, options, draft)
        if refused is not None:
            return refused, []
        draft = False
    options = replace(options, draft=draft, force=True)
    outcome = build_one(case_file, outdir, options)
    result = outcome.result
    if result is None:
        shown = outcome.problems[:MAX_PROBLEMS]
        return {
            "status": outcome.status,
            "message": outcome.message or "the case cannot be built yet: fix the errors listed",
            "draft": draft,
            "final": options.final,
            "problems": [p.as_dict() for p in shown],
        }, []
    plan = []
    if loaded.case is not None:
        engine = engine_for(options.clauses_dir, options.authorities)
        plan = [
            {"paper": doc.document.slug, "included": doc.included, "reason": doc.reason}
            for doc in engine.plan(loaded.case).documents
        ]
    reply = {
        "status": "built",
        "draft": draft,
        "final": options.final,
        "folder": str(result.folder),
        "pages": result.pages,
        "to_verify": result.to_verify,
        "missing": list(result.missing),
        "asked": list(result.asked),  # facts marked "ask the attorney": [ASK: …] in the papers
        "logged": list(result.logged),
        "plan": plan,
    }
    return reply, list(result.written)


def _final_refusal(case_file: Path, options: BuildOptions, draft: bool) -> dict[str, Any] | None:
    """Why final papers cannot be built now (None: they can): the case has errors, or checks
    remain open (each paper's list, as ``build --final`` prints it)."""
    from assembler.build import engine_for, open_checks
    from assembler.errors import AssemblerError
    from assembler.review import review_case

    if draft:
        return {
            "status": "invalid",
            "final": True,
            "draft": True,
            "message": "final papers are built from a case without errors: fix the errors "
            "listed first",
        }
    try:
        state = review_case(case_file, engine_for(options.clauses_dir, options.authorities))
    except AssemblerError as exc:
        return {"status": "refused", "final": True, "message": str(exc)}
    if not state.open:
        return None
    per_paper = open_checks(state.statuses)
    return {
        "status": "unverified",
        "final": True,
        "message": f"not built: {len(state.open)} check(s) remain open before the papers are "
        "final (record each in the Attorney review, or build a draft)",
        "to_verify": per_paper,
    }


def preview_reply(case_file: Path, options: BuildOptions) -> tuple[dict[str, Any], list[Path]]:
    """The moving party's declaration as the papers will print it, paragraph by paragraph, each
    marked as the client's own words (a clause that quotes the account) or as written from the
    other answers (run in the worker: the papers are assembled)."""
    from assembler.document import VerifyNote
    from assembler.errors import AssemblerError
    from assembler.review import assemble_as_is
    from assembler.verification import block_text

    try:
        engine = _review_engine(options)
        packet, _ = assemble_as_is(case_file, engine)
    except AssemblerError as exc:
        return {"status": "refused", "message": _why_not_reviewed(exc)}, []
    paragraphs: list[dict[str, Any]] = []
    for document in packet.documents:
        if not document.slug.startswith("declaration-of-moving-party"):
            continue
        for block in document.blocks:
            if isinstance(block, VerifyNote) or not (text := block_text(block)):
                continue
            clause = engine.library.clauses.get(block.source)
            own = clause is not None and clause.when.startswith("declaration.account.")
            paragraphs.append({"text": text, "own": own})
        break
    return {"status": "ok", "paragraphs": paragraphs}, []


NO_FIRM_FILE = (
    "this case has no firm authorities file to record citations in: name one as `authorities` "
    'in assembler.toml beside the case file (authorities = "firm/authorities.toml") and start '
    "`assembler edit` again"
)


def _review_engine(options: BuildOptions) -> Assembler:
    """The assembler a review uses: the firm's clauses, and its authorities file once it exists
    (the first check recorded for the firm makes it)."""
    from assembler.assembly import Assembler

    firm = options.authorities
    return Assembler.create(
        options.clauses_dir, firm if firm is not None and firm.exists() else None
    )


def _review_view(review: Review, options: BuildOptions) -> dict[str, Any]:
    """What the review page shows: the review as ``assembler review --json`` prints it, with the
    firm's authorities file (or None: the page says where to name one)."""
    view: dict[str, Any] = review.as_json()
    view["review_record_name"] = review.record.path.name
    view["firm_file"] = str(options.authorities) if options.authorities is not None else None
    return view


def review_reply(case_file: Path, options: BuildOptions) -> tuple[dict[str, Any], list[Path]]:
    """The case's review for the page (run in the worker: the papers are assembled)."""
    from assembler.errors import AssemblerError
    from assembler.review import review_case

    try:
        review = review_case(case_file, _review_engine(options))
    except AssemblerError as exc:
        return {"status": "refused", "message": _why_not_reviewed(exc)}, []
    return {"status": "ok", **_review_view(review, options)}, []


def sign_reply(
    case_file: Path, options: BuildOptions, ids: list[str], by: str, note: str, source: str
) -> tuple[dict[str, Any], list[Path]]:
    """Record checks (run in the worker): case checks in the case's review record, or with a
    ``source`` citation, pin and law checks in the firm's authorities file; then the review as
    it stands."""
    from assembler.errors import AssemblerError
    from assembler.review import review_case
    from assembler.signoff import record_in_firm_file, sign_case_checks

    try:
        engine = _review_engine(options)
        review = review_case(case_file, engine)
        if source.strip():
            if options.authorities is None:
                return {"status": "refused", "message": NO_FIRM_FILE}, []
            record_in_firm_file(
                options.authorities, review.statuses, ids, by, source, engine.library, note=note
            )
            where = str(options.authorities)
        else:
            where = sign_case_checks(case_file, review.statuses, ids, by, note=note).name
        review = review_case(case_file, _review_engine(options))
    except AssemblerError as exc:
        return {"status": "refused", "message": _why_not_reviewed(exc)}, []
    except OSError as exc:
        return {"status": "refused", "message": os_reason(exc)}, []
    return {"status": "ok", "signed": ids, "where": where, **_review_view(review, options)}, []


def _why_not_reviewed(exc: Exception) -> str:
    from assembler.errors import CaseInvalid

    if isinstance(exc, CaseInvalid):
        return "the case cannot be assembled yet: fix the errors listed in the form first"
    return str(exc)


def os_reason(exc: Exception) -> str:
    """Why a save failed: the system's words and the file's name (a number out of range: its
    place in the case)."""
    if isinstance(exc, OSError):
        where = f" ({Path(exc.filename).name})" if exc.filename else ""
        return f"{os_error_reason(exc)}{where}"
    return str(exc)
