"""`assembler edit`: fill and check a case file in the browser (a local web app)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    import socket

from assembler.cli import (
    CONFIG_OPTION,
    CONTEXT,
    _common,
    _config,
    _console,
    main,
    write_empty_case,
)


@main.command(context_settings=CONTEXT)
@click.argument("case_file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(path_type=Path),
    help="Folder the Build button writes into (default: `output` in assembler.toml, else "
    "'filings' beside the case file).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default="a free port",
    help="Port on 127.0.0.1 to listen on.",
)
@click.option("--no-browser", is_flag=True, help="Print the address instead of opening it.")
@CONFIG_OPTION
@_common
def edit(
    case_file: Path, outdir: Path | None, port: int, no_browser: bool, config_file: Path | None
) -> None:
    """Fill and check CASE_FILE in the browser, then build its packet from there.

    Starts a local web app on 127.0.0.1 and opens the browser on it. The form is made from the
    case model: every fact with its help and why the law needs it, checked as you type by the
    same checks as `assembler validate`. Save writes the file (the previous version is kept as
    CASE_FILE.bak); an unfinished case can be saved too. A case file that does not exist is
    created empty: every field starts blank. Placeholder text a file still holds ('FILL IN: …',
    from `assembler new`) is shown as a blank field, and is gone from the file once saved.

    Only this computer can reach the app, and only with the address printed (it carries a
    secret token). Ctrl-C stops it.

    \b
    Example:
      assembler edit cases/garcia.json
      assembler edit cases/garcia.json --no-browser --port 8470
    """
    from assembler.build import BuildOptions
    from assembler.edit.app import EditSession, create_app
    from assembler.edit.server import forget, open_browser, serve
    from assembler.edit.store import read_case

    out = _console()
    config = _config(config_file, case_file.parent)
    if not case_file.exists():
        write_empty_case(case_file, config.new_case)
        start = f" with the firm's facts from {config.new_case}" if config.new_case else ""
        out.info(f"wrote {case_file}: a new, empty case{start}")
    read_case(case_file)  # a file that is not JSON is refused here, with its line and column
    options = BuildOptions(
        templates_dir=config.templates,
        clauses_dir=config.clauses,
        authorities=config.authorities,
    )
    listener = _listen(port)
    session = EditSession(
        case_file=case_file.resolve(),
        outdir=(outdir or config.output or case_file.parent / "filings").resolve(),
        port=listener.getsockname()[1],
        options=replace(options),
        max_mode=case_file.stat().st_mode & 0o7777,
    )
    app = create_app(session)
    url = session.url()
    out.result(f"Editing {case_file} at {url}")
    out.info("Only this computer can open it (the address carries a secret). Ctrl-C stops it.")
    opened: list[Path] = []

    def browse() -> None:
        opened.append(open_browser(url))

    try:
        serve(app, listener, on_started=None if no_browser else browse)
    finally:
        listener.close()
        for folder in opened:
            forget(folder)
    out.info("stopped")


def _listen(port: int) -> socket.socket:
    import socket

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", port))
    except OSError as exc:
        listener.close()
        raise click.UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None
    listener.listen()
    return listener
