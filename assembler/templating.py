"""The sandboxed Jinja environment clauses render in: compiled once per process, bounded in
time, size and range, with the views, filters and context of the modules beside it.

The names the rest of the package and the tests use are re-exported here: ``views`` (facts,
markers, escaping), ``filters`` and ``clause_context``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from functools import cache
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, cast
from weakref import WeakKeyDictionary

from jinja2 import FileSystemBytecodeCache, StrictUndefined, Template, Undefined
from jinja2.exceptions import SecurityError
from jinja2.ext import Extension
from jinja2.sandbox import SandboxedEnvironment

from assembler.clause_context import case_context, context_types
from assembler.errors import AssemblerError, MissingFactError
from assembler.filters import (
    FILTERS,
    capitalize,
    consequence_label,
    long_date,
    section_cite,
    time_of_day,
    years_between,
)
from assembler.views import (
    MISSING_CLOSE,
    MISSING_OPEN,
    FactView,
    Markup,
    MissingFact,
    draft_mode,
    escape,
    unwrap,
    wrap,
)

__all__ = [
    "CLAUSE_FAILURES",
    "CLAUSE_SECONDS",
    "FILTERS",
    "MAX_TEXT",
    "MISSING_CLOSE",
    "MISSING_OPEN",
    "BoundedSandbox",
    "FactView",
    "Markup",
    "MissingFact",
    "MissingFactError",
    "capitalize",
    "case_context",
    "compile_condition",
    "compile_template",
    "consequence_label",
    "context_types",
    "describe_failure",
    "draft_mode",
    "escape",
    "iter_missing",
    "long_date",
    "make_environment",
    "section_cite",
    "shared_environment",
    "time_limit",
    "time_of_day",
    "unwrap",
    "wrap",
    "years_between",
]


class _StrictName(StrictUndefined):
    """A name or attribute that does not exist at all: a clause bug, never a blank."""

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AssemblerError(f"unknown name in clause: {self._undefined_name}")


_TAG_ONLY_LINE = re.compile(r"\s*(\{%.*?%\}\s*)+")


class _KeepLineEnds(Extension):
    """Keep the line break after a block tag that ends a line of text.

    ``trim_blocks`` removes the newline after every block tag, which is right for a tag on a
    line of its own but silently joins ``text{% endif %}`` to the next line, merging two
    paragraphs or list items. A tag that closes a line of text is rewritten as ``+%}``, which
    keeps its newline.
    """

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        lines = source.split("\n")
        for i, line in enumerate(lines):
            end = line.rstrip()
            if (
                end.endswith("%}")
                and not end.endswith(("-%}", "+%}"))
                and not _TAG_ONLY_LINE.fullmatch(line)
            ):
                lines[i] = end[:-2] + "+%}" + line[len(end) :]
        return "\n".join(lines)


@cache
def shared_environment() -> SandboxedEnvironment:
    """The process's one environment: its compiled clauses and conditions serve every case."""
    return make_environment()


_COMPILED: WeakKeyDictionary[SandboxedEnvironment, dict[tuple[bool, str], Any]] = (
    WeakKeyDictionary()
)


def compile_template(env: SandboxedEnvironment, source: str) -> Template:
    """``env.from_string(source)``, compiled once per environment and source in a process, and
    once per source on this computer: the compiled code is kept in the code cache
    (:func:`code_cache`), so a new process loads it instead of compiling the clause again.

    Raises:
        TemplateSyntaxError: the source is not a valid template (never cached).
    """
    compiled = _COMPILED.setdefault(env, {})
    template = compiled.get((False, source))
    if template is None:
        template = compiled[(False, source)] = _load_or_compile(env, source)
    return cast(Template, template)


def _load_or_compile(env: SandboxedEnvironment, source: str) -> Template:
    store = code_cache()
    if store is None:
        return env.from_string(source)
    # One bucket per source: the bucket's key is its name, its checksum the source.
    bucket = store.get_bucket(env, hashlib.sha256(source.encode()).hexdigest(), None, source)
    code = bucket.code
    if code is None:
        code = bucket.code = env.compile(source)
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            store.set_bucket(bucket)
    return env.template_class.from_code(env, code, env.make_globals(None), None)


CACHE_ENV = "ASSEMBLER_CACHE_DIR"
"""Where compiled clauses are kept (default: the user's cache folder); ``off`` keeps none."""


@cache
def code_cache() -> FileSystemBytecodeCache | None:
    """The folder of compiled clauses: Jinja's bytecode cache, in a sub-folder named for what
    the code depends on (this module, which sets up the environment, and the Jinja and Python
    versions), so a change to any of them starts a new one. It holds the clause library's
    compiled text, never case data. None when it is turned off or cannot be made."""
    import jinja2

    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() == "off":
        return None
    base = Path(setting) if setting else _user_cache() / "assembler"
    fingerprint = hashlib.sha256(Path(__file__).read_bytes())
    fingerprint.update(f"{jinja2.__version__} {sys.version}".encode())
    folder = base / f"clauses-{fingerprint.hexdigest()[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def _user_cache() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def compile_condition(env: SandboxedEnvironment, expression: str) -> Callable[..., Any]:
    """``env.compile_expression(expression)``, compiled once per environment and expression."""
    compiled = _COMPILED.setdefault(env, {})
    function = compiled.get((True, expression))
    if function is None:
        function = compiled[(True, expression)] = env.compile_expression(
            expression, undefined_to_none=False
        )
    return cast(Callable[..., Any], function)


MAX_RANGE = 1_000
"""Items one ``range()`` gives a clause: a case has a handful of counts and declarations."""


MAX_TEXT = 1_000_000
"""Characters one operation may build (``'a' * n``, a padded format): a clause is prose."""


MAX_EXPONENT = 64


class BoundedSandbox(SandboxedEnvironment):
    """The Jinja sandbox, with the cost of a clause bounded too: a firm's clause file cannot
    hang the tool or fill its memory (ranges, powers, repeated text, padded formats), and
    ``**`` is never folded at compile time (the sandbox intercepts it)."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"an exponent above {MAX_EXPONENT} is not allowed in a clause")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if sized and len(seq) * times > MAX_TEXT:
                    raise SecurityError("a clause may not build text this long")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # "{:>10000000000}".format(...) pads to any size; clauses use filters instead.
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None

        def refused(*_args: Any, **_kwargs: Any) -> str:
            raise SecurityError("str.format is not allowed in a clause; use the filters")

        return refused

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # str.format with a width pads to any size; clauses use filters, not format methods.
        if isinstance(obj, str) and attr in (
            "format",
            "format_map",
            "center",
            "ljust",
            "rjust",
            "zfill",
            "expandtabs",
        ):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


CLAUSE_FAILURES = (
    TypeError,
    ValueError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    MemoryError,
    TimeoutError,
)
"""What a broken clause (a firm's, say) can raise while compiling or rendering: each becomes a
message naming its file, never a traceback."""


CLAUSE_SECONDS = 10.0
"""Time one clause may take to render (a real one takes milliseconds)."""


def describe_failure(exc: BaseException) -> str:
    """Why a clause failed, in words (RecursionError and the like have no message)."""
    if isinstance(exc, RecursionError):
        return "recursion too deep (a macro that calls itself?)"
    if isinstance(exc, MemoryError):
        return "ran out of memory"
    if isinstance(exc, TimeoutError):
        return f"took longer than {CLAUSE_SECONDS:.0f} s to render"
    return str(exc) or type(exc).__name__


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the block after ``seconds`` (POSIX, main thread; else no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _bounded_range(*args: int) -> range:
    items = range(*args)
    if len(items) > MAX_RANGE:
        raise SecurityError(f"range() in a clause gives at most {MAX_RANGE} items")
    return items


def _bounded_width(name: str) -> Callable[..., Any]:
    from jinja2 import filters

    original = filters.FILTERS[name]

    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        if any(isinstance(a, int) and a > MAX_TEXT for a in (*args, *kwargs.values())):
            raise SecurityError(f"the {name} filter's width is too large for a clause")
        return original(value, *args, **kwargs)

    return bounded


def _finalize(value: object) -> str:
    if isinstance(value, Undefined):
        if isinstance(value, MissingFact):
            return Markup(value.marker())
        value._fail_with_undefined_error()
    if isinstance(value, Markup):
        return value
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return escape(long_date(value))
    return escape(str(value))


def make_environment() -> SandboxedEnvironment:
    """A new Jinja environment for clauses, conditions and titles (``shared_environment`` is the
    one the tool uses; tests make their own)."""
    env = BoundedSandbox(
        undefined=_StrictName,
        finalize=_finalize,
        autoescape=False,  # escaping is Markdown escaping, done by _finalize
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=[_KeepLineEnds],
    )
    env.filters.update({name: _bounded_width(name) for name in _WIDTH_FILTERS})
    env.filters.update(FILTERS)
    env.globals["years_between"] = years_between
    env.globals["range"] = _bounded_range
    env.globals.pop("lipsum", None)  # paragraphs of filler on demand: no clause needs it
    return env


_WIDTH_FILTERS = ("center", "indent", "wordwrap", "truncate", "filesizeformat", "format")


def iter_missing(text: str) -> Iterator[str]:
    """The fact paths marked missing in rendered text."""
    yield from re.findall(f"{MISSING_OPEN}(.*?){MISSING_CLOSE}", text)
