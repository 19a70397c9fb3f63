"""The sandbox every template of a source renders in, with bounds on what a render may cost.

Prose fragments, Word templates (body, headers, footers, core properties), a source's
``reference.docx`` and the generator's page templates are all rendered by a
:class:`BoundedSandbox`: Jinja's immutable sandbox that also counts. One render may loop
at most :data:`MAX_ITERATIONS` times in all, make at most :data:`MAX_CALLS` calls, nest
calls (macros, recursive loops) at most :data:`MAX_DEPTH` deep, make no text or list longer
than :data:`MAX_SIZE`, write at most :data:`MAX_OUTPUT` characters and run for at most
:data:`DEADLINE` seconds. A render that breaks a bound stops with a :class:`Limit` that
names it and the template line; any other failure of a template's own code (``council|list``,
dividing by zero) is a :class:`TemplateFault` with its line, never a traceback.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import jinja2
from jinja2 import nodes
from jinja2.debug import rewrite_traceback_stack
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum
from jinja2.visitor import NodeTransformer

__all__ = [
    "DEADLINE", "MAX_CALLS", "MAX_DEPTH", "MAX_ITERATIONS", "MAX_OUTPUT", "MAX_SIZE",
    "BoundedSandbox", "Limit", "StandaloneSandbox", "TemplateFault", "bounded",
]

#: Loop iterations in one render, all loops together (nested loops multiply).
MAX_ITERATIONS = 100_000
#: Calls (macros, methods, functions) in one render.
MAX_CALLS = 100_000
#: Calls inside calls: a macro that calls itself, a recursive loop.
MAX_DEPTH = 40
#: Characters of a text, or items of a list, that a template makes (``'A' * n``, ``~``,
#: ``|center``); also the largest number a call or repetition takes.
MAX_SIZE = 1_000_000
#: Characters one render writes.
MAX_OUTPUT = 20_000_000
#: Seconds one render may take.
DEADLINE = 10.0
#: Paragraphs of ``lipsum()``, and words in each.
MAX_LIPSUM = (20, 200)
#: Bits of a number that arithmetic makes (``9 ** 9 ** 9`` would take minutes).
MAX_BITS = 4096


class TemplateFault(jinja2.TemplateRuntimeError):
    """A template's own code failed; ``lineno`` is its line in the template."""

    def __init__(self, message: str, lineno: int = 0) -> None:
        super().__init__(message)
        self.lineno = lineno


class Limit(TemplateFault):
    """A render broke one of the sandbox's bounds."""


class _Budget:
    """What one render (and the renders inside it) has spent."""

    __slots__ = ("calls", "deadline", "depth", "iterations")

    def __init__(self) -> None:
        self.deadline = time.monotonic() + DEADLINE
        self.iterations = self.calls = self.depth = 0

    def clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise Limit(f"the render took more than {DEADLINE:.0f} seconds (the time limit "
                        "of a template)")


_CURRENT = threading.local()


@contextmanager
def bounded() -> Iterator[_Budget]:
    """One budget for everything rendered inside: a page and the prose it prints, or the
    parts of one Word document."""
    budget = getattr(_CURRENT, "budget", None)
    if budget is not None:
        yield budget
        return
    _CURRENT.budget = budget = _Budget()
    try:
        yield budget
    finally:
        _CURRENT.budget = None


def _budget() -> _Budget:
    budget = getattr(_CURRENT, "budget", None)
    return _Budget() if budget is None else budget  # outside a render: a budget of its own


def _sized(value: Any) -> Any:
    """The value, if it is not too long to be made in a template."""
    if isinstance(value, str | list | tuple | dict | set | bytes) and len(value) > MAX_SIZE:
        raise _too_long(value, len(value))
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_BITS:
        raise Limit(f"the template makes a number of more than {MAX_BITS} bits")
    return value


def _too_long(value: Any, length: int) -> Limit:
    text = isinstance(value, str | bytes)
    return Limit(f"the template makes a {'text' if text else 'list'} of {length:,} "
                 f"{'characters' if text else 'items'}; the limit is {MAX_SIZE:,}")


def _number(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
        raise Limit(f"the number {value:,} is larger than a template may use ({MAX_SIZE:,})")


#: A width or precision of seven digits or more in a format (``%300000000s``, ``{:>9999999}``).
_WIDE = re.compile(r"%[^a-zA-Z%]*\d{7}|\{[^{}]*\d{7}[^{}]*\}")


def _arguments(args: Iterable[Any], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        _number(value)
        if isinstance(value, str) and _WIDE.search(value):
            raise Limit(f"the format '{value[:40]}' asks for a width larger than a template "
                        f"may make ({MAX_SIZE:,})")


def _replaced_size(text: str, old: Any, new: Any) -> int:
    """How long ``text.replace(old, new)`` would be."""
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    count = text.count(old) if old else len(text) + 1
    return len(text) + count * max(0, len(new) - len(old))


def _checked(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """A filter that refuses huge arguments and results (``|center(300000000)``)."""

    @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment marks
    def filtered(*args: Any, **kwargs: Any) -> Any:
        _arguments(args, kwargs)
        plain = [a for a in args if isinstance(a, str)]
        if name == "replace" and len(plain) >= 3 and \
                _replaced_size(plain[0], plain[1], plain[2]) > MAX_SIZE:
            raise _too_long("", _replaced_size(plain[0], plain[1], plain[2]))
        return _sized(function(*args, **kwargs))

    return filtered


#: Filters whose result can be much larger than their input, or whose arguments say how
#: large it is: wrapped to refuse huge arguments and results. The others give back at most
#: what they are given.
_GROWING = ("batch", "center", "format", "indent", "join", "list", "replace", "slice",
            "truncate", "wordwrap", "xmlattr")


def _range(*args: int) -> range:
    for value in args:
        _number(value)
    numbers = range(*args)
    if len(numbers) > MAX_ITERATIONS:
        raise Limit(f"range() of {len(numbers):,} numbers; a template may loop at most "
                    f"{MAX_ITERATIONS:,} times")
    return numbers


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if n > MAX_LIPSUM[0] or max > MAX_LIPSUM[1] or min > MAX_LIPSUM[1]:
        raise Limit(f"lipsum() of more than {MAX_LIPSUM[0]} paragraphs of {MAX_LIPSUM[1]} "
                    "words")
    return generate_lorem_ipsum(n, html, min, max)


class _Bounds(NodeTransformer):
    """Every loop's items counted, and every ``~`` measured, by the environment."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _call("counted", node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _call("sized", node)


def _call(name: str, argument: nodes.Node) -> nodes.Node:
    call = nodes.Call(nodes.EnvironmentAttribute(name), [argument], [], None, None,
                      lineno=argument.lineno)
    return call.set_environment(argument.environment) if argument.environment else call


class BoundedTemplate(jinja2.Template):
    """A template whose every render is bounded, and whose every failure is a
    TemplateError with its line."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with bounded() as budget:
            context = self.new_context(dict(*args, **kwargs))
            written, parts = 0, []
            try:
                for part in self.root_render_func(context):
                    written += len(part)
                    if written > MAX_OUTPUT:
                        raise Limit(f"the render writes more than {MAX_OUTPUT:,} characters")
                    parts.append(part)
                budget.clock()
                return self.environment.concat(parts)
            except Exception as exc:
                raise _fault(exc, self.environment) from None


def _fault(exc: Exception, environment: jinja2.Environment) -> BaseException:
    """The exception a failed render raises: Jinja's own errors and those the environment
    passes as they are; anything else a TemplateFault carrying the template line."""
    passes = getattr(environment, "passes", ())
    if isinstance(exc, (jinja2.TemplateSyntaxError, SecurityError, jinja2.UndefinedError,
                        *passes)) and not isinstance(exc, TemplateFault):
        return rewrite_traceback_stack()
    line = _template_line(rewrite_traceback_stack())
    if isinstance(exc, TemplateFault):
        exc.lineno = exc.lineno or line
        return exc
    if isinstance(exc, RecursionError):
        return Limit(f"calls nest more than Python allows (a template may nest {MAX_DEPTH})",
                     line)
    if isinstance(exc, MemoryError):
        return Limit("the render ran out of memory", line)
    if isinstance(exc, jinja2.TemplateError):
        return TemplateFault(exc.message or str(exc), line)
    return TemplateFault(str(exc) or type(exc).__name__, line)


def _template_line(exc: BaseException) -> int:
    """The last template line in a traceback that Jinja has rewritten."""
    line, tb = 0, exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:  # Jinja's frame for a line
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, bounded: see the module's documentation."""

    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})
    #: Exceptions a render raises as they are (the caller words them); others become
    #: a TemplateFault.
    passes: ClassVar[tuple[type[Exception], ...]] = ()

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters.update({name: _checked(self.filters[name], name) for name in _GROWING
                             if name in self.filters})
        self.globals["range"] = _range
        self.globals["lipsum"] = _lipsum

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        return super()._generate(_Bounds().visit(source), name, filename, defer_init)

    def counted(self, items: Any) -> Iterator[Any]:
        """A loop's items, each counted against the render's budget."""
        budget = _budget()
        for item in items:
            budget.iterations += 1
            if budget.iterations > MAX_ITERATIONS:
                raise Limit(f"the template loops more than {MAX_ITERATIONS:,} times in one "
                            "render (loops inside loops multiply)")
            budget.clock()
            yield item

    def sized(self, value: Any) -> Any:
        return _sized(value)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if getattr(obj, "__self__", None) is self and \
                getattr(obj, "__func__", None) in _OWN:  # the bounds' own calls
            return obj(*args)
        budget = _budget()
        budget.calls += 1
        if budget.calls > MAX_CALLS:
            raise Limit(f"the template makes more than {MAX_CALLS:,} calls in one render")
        budget.clock()
        _arguments(args, kwargs)
        # the text a method belongs to (str.format comes wrapped by the sandbox)
        owner = getattr(getattr(obj, "__wrapped__", obj), "__self__", None)
        if isinstance(owner, str) and getattr(obj, "__name__", "") in ("format", "format_map"):
            _arguments([owner], {})
        if isinstance(owner, str) and getattr(obj, "__name__", "") == "replace" and \
                len(args) >= 2 and _replaced_size(owner, args[0], args[1]) > MAX_SIZE:
            raise _too_long(owner, _replaced_size(owner, args[0], args[1]))
        if budget.depth >= MAX_DEPTH:
            raise Limit(f"calls nest more than {MAX_DEPTH} deep (a macro that calls itself?)")
        budget.depth += 1
        try:
            return _sized(super().call(context, obj, *args, **kwargs))
        finally:
            budget.depth -= 1

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and \
                right > 0 and max(abs(left), 2).bit_length() * right > MAX_BITS:
            raise Limit(f"the template makes a number of more than {MAX_BITS} bits")
        if operator == "*":
            for sized, times in ((left, right), (right, left)):
                if isinstance(sized, str | list | tuple) and isinstance(times, int) and \
                        len(sized) * times > MAX_SIZE:
                    raise _too_long(sized, len(sized) * times)
        if operator == "%" and isinstance(left, str):
            _arguments([left], {})
        return _sized(super().call_binop(context, operator, left, right))


_OWN = (BoundedSandbox.counted, BoundedSandbox.sized)


class StandaloneSandbox(BoundedSandbox):
    """A bounded sandbox for a template that stands alone (a Word template): it may not
    pull in other files."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport,
                                   nodes.Extends)):
            raise jinja2.TemplateSyntaxError(
                f"'{{% {type(node).__name__.lower()} %}}' is not allowed in a template",
                node.lineno, name, filename)
        return tree
