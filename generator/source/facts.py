"""Facts by name: how prose fragments refer to the model, and how they are rendered.

A fragment writes ``{{ stages.stage_1.monitoring.default }}``; rendering prints the
fact's canonical text, and for HTML wraps it as
``<span data-fact="stages.stage_1.monitoring.default">6 months</span>`` so checks compare
exactly and staff can see where a statement comes from.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from markupsafe import Markup, escape
from pydantic import BaseModel

from generator import cache
from generator.source.errors import Problem
from generator.source.markup import deep_brackets, made_html, raw_html
from generator.source.model import Policy
from generator.source.sandbox import BoundedSandbox, Limit
from generator.source.wording import text

__all__ = [
    "NOT_FACTS",
    "Fact",
    "check_prose",
    "check_public_prose",
    "environment_options",
    "named_facts",
    "render_prose",
    "resolve",
]

#: Fields of the policy that are not facts: its prose fragments and where it was read from.
NOT_FACTS = frozenset({"prose", "root", "language", "welsh_text", "welsh_prose", "warnings"})


class Fact:
    """A value of the model together with its dotted path, as prose sees it."""

    __slots__ = ("_html", "_path", "_policy", "_value")

    def __init__(self, policy: Policy, value: Any, path: str, html: bool):
        self._policy, self._value, self._path, self._html = policy, value, path, html

    def _child(self, key: Any) -> Fact | None:
        """The fact below this one; None where the source leaves an optional fact unset."""
        key = key._value if isinstance(key, Fact) else key
        value = self._value
        hidden = isinstance(value, Policy) and key in NOT_FACTS
        if isinstance(value, BaseModel) and key in type(value).model_fields and not hidden:
            child = getattr(value, key)
        elif isinstance(value, dict | list) and _has(value, key):
            child = value[key]
        else:
            raise KeyError(key)
        if child is None:
            return None
        path = f"{self._path}.{key}" if self._path else str(key)
        return Fact(self._policy, child, path, self._html)

    @property
    def value(self) -> Any:
        """The model's own value behind the fact."""
        return self._value

    def __getattr__(self, name: str) -> Fact | str | None:
        try:
            return self._child(name)
        except KeyError:
            if name == "id" and "." in self._path:  # an entry's id is its key in the source
                return self._path.rsplit(".", 1)[-1]
            raise AttributeError(name) from None

    def __eq__(self, other: object) -> bool:
        return self._value == (other._value if isinstance(other, Fact) else other)

    __hash__ = None  # type: ignore[assignment]

    def __getitem__(self, key: Any) -> Fact | None:
        return self._child(key)

    def __iter__(self) -> Iterator[Fact | None]:
        keys = self._value.keys() if isinstance(self._value, dict) else range(len(self._value))
        return (self._child(key) for key in keys)

    def __contains__(self, item: Any) -> bool:
        return item in self._value

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __str__(self) -> str:
        return text(self._policy, self._value, self._path.rsplit(".", 1)[-1])

    def __html__(self) -> Markup:
        if not self._html:
            return escape(str(self))
        shown = str(self)
        if shown.startswith(("https://", "http://")):
            return Markup('<a href="{0}" data-fact="{1}">{0}</a>').format(shown, self._path)
        return Markup('<span data-fact="{}">{}</span>').format(self._path, shown)


def resolve(policy: Policy, path: str, html: bool = False) -> Fact | None:
    """The fact at a dotted path such as ``stages.stage_1.monitoring.default``."""
    fact: Fact | None = Fact(policy, policy, "", html)
    for key in path.split("."):
        if fact is None:
            return None
        try:
            fact = fact[int(key) if key.isdigit() and isinstance(fact._value, list) else key]
        except KeyError:
            return None
    return fact


def _has(container: dict | list, key: Any) -> bool:
    if isinstance(container, dict):
        return key in container
    return isinstance(key, int) and -len(container) <= key < len(container)


def environment_options(html: bool) -> dict[str, Any]:
    """Jinja settings shared by prose and page templates: strict, and no silent gaps."""
    return {"autoescape": html, "undefined": jinja2.StrictUndefined, "finalize": _no_gap,
            "keep_trailing_newline": True, "trim_blocks": True, "lstrip_blocks": True}


def _no_gap(value: Any) -> Any:
    if value is None:
        raise ValueError("names a fact that the source leaves unset")
    return value


class _ProseSandbox(BoundedSandbox):
    """The sandbox narrowed to what prose may read: the fields of facts (never the model
    object behind one, which would print unchecked and untagged) and the loop variables."""

    passes = (ValueError, LookupError)  # worded by check_prose

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, Fact):
            return attr != "value" and not attr.startswith("_")
        return isinstance(obj, LoopContext) and attr in _LOOP


@functools.cache
def _environment(html: bool = True) -> jinja2.Environment:
    """Prose is code from whoever sent the file: Jinja's sandbox, with only our filters."""
    env = _ProseSandbox(**environment_options(html))
    env.filters = {name: env.filters[name] for name in PROSE_FILTERS}
    env.tests = {name: env.tests[name] for name in PROSE_TESTS}
    env.globals = {}
    return env


@functools.lru_cache(maxsize=512)
def _compiled(html: bool, source: str) -> jinja2.Template:
    env = _environment(html)
    code = cache.compiled(env, source, f"prose-{'html' if html else 'text'}")
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def render_prose(policy: Policy, name: str, html: bool = True) -> str:
    """A prose fragment with every fact filled in."""
    return _compiled(html, policy.prose[name]).render(_namespace(policy, html))


def named_facts(source: str) -> frozenset[str]:
    """The fact paths a prose fragment names, read from its template without rendering it:
    each longest chain of fields from a fact (``rights.appeals.review.window``), and what a
    loop goes through (``stages``), whose every item the loop may print."""
    tree = _environment(html=False).parse(source)
    local = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    parents = {id(child): node for node in tree.find_all(nodes.Node)
               for child in node.iter_child_nodes()}
    found = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        parent = parents.get(id(node))
        if isinstance(parent, nodes.Getattr | nodes.Getitem) and parent.node is node:
            continue  # only the longest chain
        chain = _chain(node)
        if chain is not None and chain[0] not in local | {"loop"} \
                and chain[0] in Policy.model_fields and chain[0] not in NOT_FACTS:
            found.add(".".join(map(str, chain)))
    return frozenset(found)


def _namespace(policy: Policy, html: bool) -> dict[str, Fact]:
    root = Fact(policy, policy, "", html)
    return {name: getattr(root, name) for name in Policy.model_fields if name not in NOT_FACTS}


def check_prose(policy: Policy, name: str, display: str, trial: bool = True) -> list[Problem]:
    """Every construct prose may not use, and every reference that names no fact, with its
    line; then, when there are none and ``trial``, a trial render in the sandbox."""
    try:
        tree = _environment().parse(policy.prose[name])
    except jinja2.TemplateSyntaxError as exc:
        if exc.message and "Encountered unknown tag" in exc.message:
            tag = exc.message.split("'")[1]
            return [Problem(display, exc.lineno, "prose", f"'{{% {tag} %}}' is not allowed in "
                            "prose", _ALLOWED_HINT)]
        return [Problem(display, _opening_line(policy.prose[name], exc.lineno), "prose",
                        f"template error: {exc.message}",
                        "close every {{ }} and {% %} on that line")]
    lines: dict[int, Problem] = {}  # the first thing wrong on each line is enough
    for line, message, hint in [*_forbidden(tree), *raw_html(policy.prose[name]),
                                *deep_brackets(policy.prose[name])]:
        lines.setdefault(line, Problem(display, line, "prose", message, hint))
    if lines:
        return list(lines.values())
    problems = [Problem(display, line, "prose", message, hint)
                for line, message, hint in _unresolved(policy, tree)]
    if not problems and trial:
        try:
            rendered = render_prose(policy, name)
        except Limit as exc:
            return [Problem(display, exc.lineno or 1, "prose", str(exc), "name only the facts "
                            "the text needs, in fewer loops (see the documentation, "
                            "Explanation: 'Source text is code')")]
        except SecurityError as exc:
            return [Problem(display, _error_line(exc), "prose", "reads something that is not "
                            f"a fact ({str(exc).rstrip('.')})", _ALLOWED_HINT)]
        except (jinja2.TemplateError, ValueError) as exc:
            return [Problem(display, _error_line(exc), "prose", str(exc),
                            "check the names against the source (`policy schema` gives its "
                            "shape)")]
        except (SyntaxError, RecursionError):  # Python cannot compile blocks nested so deep
            return [Problem(display, 1, "prose", "nests its {% if %} and {% for %} blocks too "
                            "deeply to be rendered", "split the fragment, or nest fewer blocks")]
        except LookupError as exc:  # a fact refers to an id the source lacks
            return [Problem(display, _error_line(exc), "prose", f"names a fact that refers "
                            f"to the unknown id {exc}", "correct that reference first")]
        problems = [Problem(display, line, "prose", message, hint)
                    for line, message, hint in made_html(policy.prose[name], rendered)]
    return problems


def check_public_prose(policy: Policy, view: Policy, name: str,
                       display: str) -> list[Problem]:
    """A public fragment checked against the public view: a fact only the full policy holds
    is internal, and said to be so."""
    problems = []
    for problem in check_prose(view, name, display):
        named = re.match(r"(?:unknown fact|fact) '([^']+)'", problem.message)
        if named and resolve(policy, named.group(1)) is not None:
            problem = Problem(problem.file, problem.line, problem.field,
                              f"'{named.group(1)}' is an internal fact, which public prose "
                              "may not state", "remove it, or move the section to an "
                              "internal part")
        else:
            problem = Problem(problem.file, problem.line, problem.field, problem.message,
                              "a public part may only name facts the public may see")
        problems.append(problem)
    return problems


#: What prose may use beyond facts, loops and conditions (README, "Prose fragments").
PROSE_FILTERS = ("lower", "upper", "capitalize", "join", "length", "first", "last")
PROSE_TESTS = ("defined", "none")
_LOOP = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length",
                   "previtem", "nextitem"})
_ALLOWED_HINT = ("prose may only name facts and their fields, loop over them, test them "
                 "and use the filters " + ", ".join(PROSE_FILTERS) + " (see the documentation, "
                 "Reference: 'Prose and facts')")
_PLAIN = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const, nodes.Name,
          nodes.Keyword,  # only ever inside a call, which is refused
          nodes.For, nodes.If, nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not,
          nodes.List, nodes.Tuple, nodes.Scope)  # a Scope holds only a refused tag
_TAGS: dict[type[nodes.Node], str] = {
    nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from",
    nodes.Extends: "extends", nodes.Macro: "macro", nodes.CallBlock: "call",
    nodes.FilterBlock: "filter", nodes.With: "with", nodes.Block: "block",
    nodes.ScopedEvalContextModifier: "autoescape", nodes.EvalContextModifier: "autoescape"}


#: What the other Jinja expressions are, in an author's words.
_NAMED = {"Concat": "joining text with ~", "CondExpr": "'x if y else z'",
          "Slice": "a slice ([a:b])", "Dict": "a mapping typed in the fragment",
          **{name: "arithmetic" for name in ("Add", "Sub", "Mul", "Div", "FloorDiv", "Mod",
                                             "Pow", "Neg", "Pos")}}


def _forbidden(tree: nodes.Template) -> Iterator[tuple[int, str, str]]:
    """(line, message, hint) for each construct outside what prose may use."""
    line = 1
    for node in tree.find_all(nodes.Node):
        line = node.lineno or line  # Jinja leaves some nodes without a line
        if isinstance(node, nodes.Getattr):
            if node.attr.startswith("_"):
                yield line, f"'{node.attr}' is not a fact: names starting with _ are " \
                            "not allowed in prose", _ALLOWED_HINT
            elif _root(node) is None:
                yield line, f"'.{node.attr}' is read from something that is not a fact", \
                    _ALLOWED_HINT
        elif isinstance(node, nodes.Getitem):
            if not isinstance(node.arg, nodes.Const | nodes.Name):
                yield line, "only a fact's id or number may go in [ ]", _ALLOWED_HINT
            elif isinstance(node.arg, nodes.Const) and str(node.arg.value).startswith("_"):
                yield line, f"'{node.arg.value}' is not a fact: names starting with _ are " \
                            "not allowed in prose", _ALLOWED_HINT
            elif _root(node) is None:
                yield line, "[ ] is used on something that is not a fact", _ALLOWED_HINT
        elif isinstance(node, nodes.Call):
            yield line, "calls are not allowed in prose", _ALLOWED_HINT
        elif isinstance(node, nodes.Filter):
            if node.name not in PROSE_FILTERS or node.kwargs or node.dyn_args or \
                    node.dyn_kwargs or not all(isinstance(a, nodes.Const) for a in node.args):
                yield line, f"the filter '{node.name}' is not allowed in prose (or not with " \
                            "those arguments)", _ALLOWED_HINT
        elif isinstance(node, nodes.Test):
            if node.name not in PROSE_TESTS or node.args or node.kwargs:
                yield line, f"the test 'is {node.name}' is not allowed in prose", _ALLOWED_HINT
        elif isinstance(node, nodes.Assign):
            if not isinstance(node.target, nodes.Name):
                yield line, "{% set %} may only give a fact a shorter name", _ALLOWED_HINT
        elif type(node) in _TAGS:
            yield line, f"'{{% {_TAGS[type(node)]} %}}' is not allowed in prose", _ALLOWED_HINT
        elif not isinstance(node, _PLAIN):
            what = _NAMED.get(type(node).__name__, f"'{type(node).__name__}' expressions")
            yield line, f"{what} is not allowed in prose", _ALLOWED_HINT


def _root(node: nodes.Node) -> nodes.Name | None:
    """The name a chain of fields starts from, or None when it starts from anything else."""
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        node = node.node
    return node if isinstance(node, nodes.Name) else None


def _unresolved(policy: Policy, tree: nodes.Template) -> Iterator[tuple[int, str, str]]:
    """(line, message, hint) for each fact a fragment names that is unknown or unset."""
    namespace = _namespace(policy, html=False)
    local = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    if any(True for _ in tree.find_all(nodes.For)):
        local.add("loop")
    parents = {id(child): node for node in tree.find_all(nodes.Node)
               for child in node.iter_child_nodes()}
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        parent = parents.get(id(node))
        if isinstance(parent, nodes.Getattr | nodes.Getitem) and parent.node is node:
            continue  # only the longest chain is checked
        chain = _chain(node)
        if chain is not None and chain[0] == "loop" and "loop" in local and len(chain) > 1 \
                and chain[1] not in _LOOP:
            yield (node.lineno, f"'loop.{chain[1]}' is not a loop variable",
                   f"use one of: {', '.join(sorted(_LOOP))}")
            continue
        if chain is None or chain[0] in local:
            continue
        path = ".".join(map(str, chain))
        if chain[0] not in namespace:
            yield (node.lineno, f"unknown fact '{path}'",
                   f"start from one of: {', '.join(namespace)}")
            continue
        fact: Any = namespace[chain[0]]
        for depth, key in enumerate(chain[1:], start=1):
            where = ".".join(map(str, chain[:depth]))
            if fact is None:
                break
            try:
                fact = fact[key]
            except (KeyError, TypeError):
                known = _children(namespace, chain[:depth])
                yield node.lineno, f"unknown fact '{path}'", f"known under {where}: {known}"
                break
        if fact is None:
            yield (node.lineno, f"fact '{path}' is not set in the source",
                   "set it, or stop naming it")


def _chain(node: nodes.Node) -> list[Any] | None:
    keys: list[Any] = []
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        if isinstance(node, nodes.Getattr):
            keys.append(node.attr)
        elif isinstance(node.arg, nodes.Const):
            keys.append(node.arg.value)
        else:
            return None
        node = node.node
    if not isinstance(node, nodes.Name):
        return None
    return [node.name, *reversed(keys)]


def _children(namespace: dict[str, Fact], chain: list[Any]) -> str:
    fact: Any = namespace[chain[0]]
    for key in chain[1:]:
        fact = fact[key]
    value = fact._value
    if isinstance(value, BaseModel):
        keys = list(type(value).model_fields)
    elif isinstance(value, dict):
        keys = list(value)
    else:
        keys = [str(i) for i in range(len(value))] if isinstance(value, list) else []
    return ", ".join(map(str, keys[:12])) + (" ..." if len(keys) > 12 else "") or "(none)"


def _opening_line(source: str, line: int) -> int:
    """The line of the last ``{{`` or ``{%`` left open by the end of ``line``: where an
    unclosed tag was written, rather than where Jinja noticed it."""
    text = "\n".join(source.splitlines()[:line])
    opened: list[re.Match[str]] = []
    for match in re.finditer(r"\{\{|\{%|\}\}|%\}", text):
        if match.group() in ("{{", "{%"):
            opened.append(match)
        elif opened and opened[-1].group()[1] == ("{" if match.group() == "}}" else "%"):
            opened.pop()
    return text.count("\n", 0, opened[0].start()) + 1 if opened else line


def _error_line(exc: Exception) -> int:
    """The template line Jinja recorded in the traceback of a render error."""
    line, tb = 0, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line or 1
