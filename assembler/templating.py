"""The sandboxed Jinja environment clauses render in: compiled once per process, bounded in
time, size and range, with the views, filters and context of the modules beside it.

The names the rest of the package and the tests use are re-exported here: ``views`` (facts,
markers, escaping), ``filters`` and ``clause_context``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import itertools
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from enum import Enum
from functools import cache
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, cast
from weakref import WeakKeyDictionary

from jinja2 import FileSystemBytecodeCache, StrictUndefined, Template, Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.ext import Extension
from jinja2.filters import make_attrgetter
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace, _PassArg

from assembler.clause_context import case_context, context_types
from assembler.document import ASK
from assembler.errors import AssemblerError, ClauseRefused, MissingFactError, UnknownName
from assembler.fields import YearMonth
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
    "CLAUSE_BUGS",
    "CLAUSE_FAILURES",
    "CLAUSE_LIMITS",
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
    "clause_failures",
    "compile_condition",
    "compile_template",
    "consequence_label",
    "context_types",
    "describe_failure",
    "draft_mode",
    "escape",
    "failure_line",
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
        raise UnknownName(str(self._undefined_name))


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

_MAX_BITS = 4 * MAX_TEXT
"""Bits one power may build: a number of about a million digits, like MAX_TEXT's text."""


def _too_long() -> NoReturn:
    raise ClauseRefused("a clause may not build text this long")


def _text_size(value: object, budget: int = MAX_TEXT) -> int:
    """About how long ``str(value)`` is, found without making it, and at least ``budget + 1``
    once it is longer: a list of a thousand references to one long text prints every copy."""
    total = 0
    stack = [value]
    while stack and total <= budget:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, Namespace):
            attrs = object.__getattribute__(item, "_Namespace__attrs")
            total += 16 + 4 * len(attrs)
            stack.extend(attrs.values())
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 2
        else:  # a number, date, fact view or marker: short
            total += 64
    return total


def _check_size(*values: object) -> None:
    """Refuse values whose text together would pass MAX_TEXT."""
    left = MAX_TEXT
    for value in values:
        left -= _text_size(value, left)
        if left < 0:
            _too_long()


def _check_replace(s: object, old: object = "", new: object = "", count: object = -1) -> None:
    """Refuse a replacement whose result would pass MAX_TEXT, before it is made: each of the
    ``count`` matches of ``old`` (an empty ``old`` matches between every two letters and at both
    ends) grows the text by ``len(new) - len(old)``."""
    if any(isinstance(v, Undefined) for v in (s, old, new)):
        return  # a missing fact: its marker, or its error, comes from the replacement itself
    _check_size(s, old, new)  # the filter makes each text (a list prints every item)
    text, old_text, new_text = (v if isinstance(v, str) else str(v) for v in (s, old, new))
    matches = len(text) + 1 if old_text == "" else text.count(old_text)
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        matches = min(matches, count)
    if len(text) + matches * (len(new_text) - len(old_text)) > MAX_TEXT:
        _too_long()


def _check_join(separator: str, items: Any) -> list[Any]:
    """``items`` as a list, refused when the joined text would pass MAX_TEXT."""
    listed = list(_bounded_iter(items))
    if len(separator) * max(len(listed) - 1, 0) > MAX_TEXT:
        _too_long()
    _check_size(listed, " " * len(separator) * max(len(listed) - 1, 0))
    return listed


def _bounded_iter(items: Any) -> Iterator[Any]:
    for count, item in enumerate(items):
        if count > MAX_TEXT:
            raise ClauseRefused("a clause may not build a list this long")
        yield item


_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?[hlL]?(?P<kind>.?)",
    re.DOTALL,
)


def _check_percent(form: str, values: object) -> None:
    """Refuse ``form % values`` (and the ``format`` filter) when its text could pass MAX_TEXT:
    widths and precisions pad to any size, and one long value can be named many times."""
    positional = list(values) if isinstance(values, tuple) else [values]
    named = values if isinstance(values, dict) else {}
    size, index = len(form), 0
    for match in _PERCENT.finditer(form):
        if match["kind"] == "%":
            continue
        for part in (match["width"], match["precision"]):
            if part == "*":
                star = positional[index] if index < len(positional) else 0
                index += 1
                size += abs(star) if isinstance(star, int) else 0
            elif part:
                size += int(part) if len(part) < 10 else MAX_TEXT + 1
        if match["key"] is not None:
            size += _text_size(named.get(match["key"], ""), MAX_TEXT)
        else:
            size += _text_size(positional[index] if index < len(positional) else "", MAX_TEXT)
            index += 1
        if size > MAX_TEXT:
            _too_long()


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the operands of ``~`` measured before they are joined."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"{func_name}(environment.bounded_parts((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(")))")


class BoundedSandbox(SandboxedEnvironment):
    """The Jinja sandbox, with the cost of a clause bounded too: a firm's clause file cannot
    hang the tool or fill its memory (ranges, powers, repeated text, padded formats), and
    ``**`` is never folded at compile time (the sandbox intercepts it)."""

    intercepted_binops = frozenset({"**", "*", "%", "+"})
    code_generator_class = _BoundedCodeGenerator

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float):
            if abs(right) > MAX_EXPONENT:
                raise ClauseRefused(f"an exponent above {MAX_EXPONENT} is not allowed in a clause")
            if isinstance(left, int) and abs(left).bit_length() * right > _MAX_BITS:
                raise ClauseRefused("a clause may not build a number this long")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if sized and len(seq) * times > MAX_TEXT:
                    _too_long()
        if operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        # doubling a namespace's text or list in a loop: the step past the bound is refused
        if (
            operator == "+"
            and isinstance(left, str | list | tuple)
            and isinstance(right, str | list | tuple)
            and len(left) + len(right) > MAX_TEXT
        ):
            _too_long()
        return super().call_binop(context, operator, left, right)

    @staticmethod
    def concat(parts: Iterable[str]) -> str:
        """The text of a template, macro or ``{% set %}`` block, joined once it is known to fit
        (the same long text printed a thousand times in a loop is a thousand references, until
        it is joined)."""
        pieces = list(parts)
        if sum(map(len, pieces)) > MAX_TEXT:
            _too_long()
        return "".join(pieces)

    @staticmethod
    def bounded_parts(parts: tuple[Any, ...]) -> tuple[Any, ...]:
        """The operands of ``~``, checked to fit before they are joined."""
        _check_size(parts)
        return parts

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # str methods that build more text than they are given, measured before they run
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, list | dict | set):
            args = _check_growth(owner, getattr(__obj, "__name__", ""), args, kwargs)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name == "replace":
                _check_replace(owner, *args, **kwargs)
            elif name == "join" and len(args) == 1 and not kwargs:
                args = (_check_join(owner, args[0]),)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # "{:>10000000000}".format(...) pads to any size; clauses use filters instead.
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None

        def refused(*_args: Any, **_kwargs: Any) -> str:
            raise ClauseRefused("str.format is not allowed in a clause; use the filters")

        return refused

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # str.format with a width pads to any size; clauses use filters, not format methods.
        if isinstance(obj, str) and attr in _UNSAFE_STR_METHODS:
            return False
        if isinstance(obj, int) and attr == "to_bytes":  # (1).to_bytes(10**9): a gigabyte
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


_GROWING = frozenset({"append", "extend", "insert", "update", "setdefault", "add"})
"""Methods by which a list, dict or set a clause made grows in place."""


def _check_growth(
    owner: list[Any] | dict[Any, Any] | set[Any],
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> tuple[Any, ...]:
    """Refuse a call that would grow ``owner`` past ``MAX_TEXT`` items (``s.extend(s)`` doubles a
    list each time round a loop: gigabytes within the time bound). An iterable argument is read
    (at most one item past the bound) before it is measured, and handed on as a list."""
    if name not in _GROWING:
        return args
    added = 1 + len(kwargs)
    if name in {"extend", "update"} and args:
        items = args[0]
        if not isinstance(items, Sized):
            items = list(itertools.islice(items, MAX_TEXT + 1))
            args = (items, *args[1:])
        added = len(items) + len(kwargs)
    if len(owner) + added > MAX_TEXT:
        raise ClauseRefused(f"a clause may not build a list of more than {MAX_TEXT:,} items")
    return args


_UNSAFE_STR_METHODS = frozenset(
    {
        "format",
        "format_map",
        "center",
        "ljust",
        "rjust",
        "zfill",
        "expandtabs",
        "translate",  # a table can map each letter to a long text
        "maketrans",
        "encode",  # bytes: another kind of text with its own unbounded methods
    }
)
"""Methods of text a clause may not call: padding to any width, tables that multiply text, and
bytes (clauses use the filters instead)."""


CLAUSE_BUGS = (TypeError, ValueError, AttributeError, ArithmeticError, LookupError)
"""What Python raises when a clause misuses a value (``int('x')``, ``[].pop()``, ``1 / 0``). In
a firm's clause that is the firm's mistake, reported as a message naming the clause; in a
bundled clause it is a bug in the tool, and left to reach the command line (exit 3)."""

CLAUSE_LIMITS = (RecursionError, MemoryError, TimeoutError)
"""What any clause raises when it outgrows its bounds: always a message naming the clause."""

CLAUSE_FAILURES = CLAUSE_BUGS + CLAUSE_LIMITS
"""What a broken clause (a firm's, say) can raise while compiling or rendering: each becomes a
message naming its file, never a traceback."""


def clause_failures(bundled: bool) -> tuple[type[Exception], ...]:
    """The exceptions that become a message for a clause, title or condition: for a bundled one
    only its limits (a ``TypeError`` there is a bug of the tool); for a firm's, every failure."""
    return CLAUSE_LIMITS if bundled else CLAUSE_FAILURES


CLAUSE_SECONDS = 10.0
"""Time one clause may take to render (a real one takes milliseconds)."""


_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (SecurityError, "uses something the clause sandbox does not allow"),
    (UndefinedError, "uses a name or value that is not defined"),
    (TypeError, "an operation or filter was given a kind of value it cannot use"),
    (ValueError, "an operation or filter was given a value it cannot use"),
    (AttributeError, "uses an attribute the value does not have"),
    (ArithmeticError, "arithmetic failed (a division by zero, or a number too large)"),
    (LookupError, "looks up an item or key that is not there"),
)


def describe_failure(exc: BaseException, source: str = "") -> str:
    """Why a clause failed, in words that never quote the case: the message of one of our own
    errors (written to be safe), else the exception's type and what it means. Another
    exception's text can hold a value of the case (``int('José ...')`` says the name), so it is
    never shown. ``source`` is the clause's text: an unknown name is shown only if it spells it.
    """
    if isinstance(exc, UnknownName):
        return f"{exc}: {exc.name}" if exc.name and exc.name in source else f"{exc}"
    if isinstance(exc, AssemblerError):
        return str(exc)
    if isinstance(exc, TemplateSyntaxError):  # raised by the compiler, before any case is seen
        return exc.message or type(exc).__name__
    if isinstance(exc, RecursionError):
        return "recursion too deep (a macro that calls itself?)"
    if isinstance(exc, MemoryError):
        return "ran out of memory"
    if isinstance(exc, TimeoutError):
        return f"took longer than {CLAUSE_SECONDS:.0f} s to render"
    reason = next((text for kind, text in _REASONS if isinstance(exc, kind)), "failed")
    return f"{type(exc).__name__}: {reason}"


def failure_line(exc: BaseException) -> int | None:
    """The line of the template where a render failed: the innermost frame of the template in the
    traceback (Jinja rewrites a render's traceback so that frame carries the template's own line
    number), or None (an error raised while compiling, or by a condition)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the block after ``seconds`` (POSIX, main thread; else no limit).

    A limit set inside another keeps the outer one: it ends no later, and the outer timer runs on
    afterwards with the time it has left."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    outer, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    if outer:
        signal.setitimer(signal.ITIMER_REAL, min(seconds, outer))
    start = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # the outer limit resumes (at once, if it has run out meanwhile)
            left = max(outer - (time.monotonic() - start), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, interval)


def _bounded_range(*args: int) -> range:
    items = range(*args)
    if len(items) > MAX_RANGE:
        raise ClauseRefused(f"range() in a clause gives at most {MAX_RANGE} items")
    return items


_CONTAINERS = (list, tuple, set, frozenset, dict, Namespace)


def _bounded_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """``original`` with what it is given measured first: no width or count above MAX_TEXT, no
    list whose text would pass MAX_TEXT, and for a filter that makes more text than it is given
    (``replace``, ``join``, ``indent``, ``wordwrap``, ``format``) the text it would make."""
    passes = 1 if _PassArg.from_obj(original) is not None else 0  # eval context, environment
    check = _FILTER_CHECKS.get(name)

    @functools.wraps(original)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        value, rest = args[passes], args[passes + 1 :]
        for given in (*rest, *kwargs.values()):
            if isinstance(given, int) and not isinstance(given, bool) and given > MAX_TEXT:
                raise ClauseRefused(f"the {name} filter's width is too large for a clause")
        if isinstance(value, _CONTAINERS):
            _check_size(value)
        if check is not None:
            args = (*args[:passes], *check(args[:passes], value, *rest, **kwargs))
            if name == "join":
                kwargs = {}  # the check read each item's attribute
        return original(*args, **kwargs)

    return bounded


def _replace_check(_: Any, value: Any, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    _check_replace(value, *args, **kwargs)
    return (value, *args)


def _join_check(
    passed: tuple[Any, ...], value: Any, separator: Any = "", attribute: Any = None, **kwargs: Any
) -> tuple[Any, ...]:
    # the items are read (and their attribute taken) once, measured, and joined as they are
    separator = kwargs.pop("d", separator)
    attribute = kwargs.pop("attribute", attribute)
    if kwargs:
        raise ClauseRefused("join takes a separator and an attribute")
    items = list(_bounded_iter(value))
    if attribute is not None:
        items = list(map(make_attrgetter(passed[0].environment, attribute), items))
    _check_join(separator if isinstance(separator, str) else str(separator), items)
    return (items, separator)


def _indent_check(_: Any, value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    text = value if isinstance(value, str) else ""
    step = width if isinstance(width, int) else _text_size(width)
    if len(text) + (text.count("\n") + 1) * step > MAX_TEXT:
        _too_long()
    return (value, width, *args)


def _wordwrap_check(
    _: Any, value: Any, width: Any = 79, *args: Any, **kwargs: Any
) -> tuple[Any, ...]:
    text = value if isinstance(value, str) else ""
    wrapstring = kwargs.get("wrapstring", args[1] if len(args) > 1 else None)
    step = _text_size(wrapstring) if wrapstring is not None else 2
    lines = min(len(text), 2 * len(text) // max(width if isinstance(width, int) else 1, 1))
    if len(text) + (lines + text.count("\n") + 1) * step > MAX_TEXT:
        _too_long()
    return (value, width, *args)


def _format_check(_: Any, value: Any, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    if isinstance(value, str):
        _check_percent(value, kwargs or args)
    return (value, *args)


def _sum_check(_: Any, value: Any, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    start = kwargs.get("start", args[1] if len(args) > 1 else 0)
    if not isinstance(start, int | float):  # [long_list] * 1000 | sum(start=[]): a billion items
        raise ClauseRefused("sum adds numbers")
    return (value, *args)


_FILTER_CHECKS: dict[str, Callable[..., tuple[Any, ...]]] = {
    "replace": _replace_check,
    "join": _join_check,
    "indent": _indent_check,
    "wordwrap": _wordwrap_check,
    "format": _format_check,
    "sum": _sum_check,
}


_DROPPED_FILTERS = ("urlize", "xmlattr", "pprint", "tojson")
"""Filters for HTML, JSON and debugging: no clause needs them, and each can make far more text
than it is given (a ``target`` on every link, an ``indent`` on every line)."""


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
    if isinstance(value, dt.date | YearMonth):  # a partial date prints as known: "January 2026"
        return escape(long_date(value))
    if isinstance(value, _CONTAINERS):
        _check_size(value)  # a list of a thousand references to one long text
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
    env.filters.update(FILTERS)
    for name in _DROPPED_FILTERS:
        env.filters.pop(name, None)
    env.filters.update({name: _bounded_filter(name, f) for name, f in env.filters.items()})
    env.filters["ask"] = ask_attorney
    env.globals["years_between"] = years_between
    env.globals["range"] = _bounded_range
    env.globals.pop("lipsum", None)  # paragraphs of filler on demand: no clause needs it
    return env


def ask_attorney(text: object) -> str:
    """``{% filter ask %}State why …{% endfilter %}``: a gap the attorney fills, for a fact the
    case file cannot hold or has not given. It prints in brackets in every draft and is listed
    in the build report; ``build --final`` refuses a packet that still has one."""
    words = " ".join(str(text).replace(MISSING_OPEN, "").replace(MISSING_CLOSE, "").split())
    words = re.sub(r"\\(.)", r"\1", words)  # the facts inside were escaped for the markup
    return f"{MISSING_OPEN}{ASK}{words}{MISSING_CLOSE}"


def iter_missing(text: str) -> Iterator[str]:
    """The fact paths marked missing in rendered text."""
    yield from re.findall(f"{MISSING_OPEN}(.*?){MISSING_CLOSE}", text)
