"""What HTML prose may produce: Markdown only, to an allow-list, checked on the real output.

Prose is Markdown. Raw HTML in it is refused (a comment carries text no reader sees, a tag
can run script or load from another host), and the HTML that Markdown makes of a fragment
is held to an allow-list, so that a link, image or attribute written in Markdown cannot do
what raw HTML may not. The same allow-list is applied to the content of every built page
(:mod:`generator.sites.verify`), so hostile markup that reaches a page by any route fails the build.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown

__all__ = ["ADMONITIONS", "EXTENSIONS", "deep_brackets", "hostile", "made_html", "raw_html"]

#: The Markdown extensions of the shared mkdocs.yml, so prose is read as the site reads it;
#: all but md_in_html, so that every raw HTML element, Markdown inside or not, is seen.
EXTENSIONS = ("admonition", "attr_list", "tables", "toc", "def_list")
#: Elements Markdown makes, and the attributes each may carry ("*": any element).
ALLOWED: dict[str, frozenset[str]] = {
    "*": frozenset({"id", "title"}),
    "a": frozenset({"href", "data-fact", "title"}),
    "span": frozenset({"data-fact"}),
    "img": frozenset({"src", "alt"}),
    "div": frozenset({"class"}),
    "p": frozenset({"class"}),
    "th": frozenset({"style"}),
    "td": frozenset({"style"}),
    **{tag: frozenset() for tag in (
        "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
        "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "dl", "dt",
        "dd", "sup", "sub")},
}
#: Link schemes prose may use; anything else (javascript:, data:, file:...) is refused.
SCHEMES = frozenset({"", "http", "https", "mailto", "tel"})
_STYLE = re.compile(r"text-align: (left|right|center);")
#: The admonition types the theme styles (``!!! note``), each shown as a box with its title.
ADMONITIONS = ("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint",
               "important", "success", "check", "done", "question", "help", "faq", "warning",
               "caution", "attention", "failure", "fail", "missing", "danger", "error", "bug",
               "example", "quote", "cite")
#: The classes Markdown may give: an admonition of a known type (placed inline if asked)
#: and its title; no other class, so no theme class can hide or restyle prose.
_CLASS = re.compile(rf"admonition ({'|'.join(ADMONITIONS)})( inline( end)?)?|admonition-title")
#: Ids the theme keeps for itself (``__drawer``, ``__search``), which prose may not take.
_THEME_ID = re.compile(r"_|md-")
_HINT = "write it in Markdown (see the documentation, Reference: 'Prose and facts')"


#: How deep square brackets may nest in prose: a link nests one or two deep, and pandoc
#: (which writes the Word and OpenDocument downloads) takes exponential time on deep nesting.
MAX_BRACKETS = 16


def deep_brackets(source: str) -> Iterator[tuple[int, str, str]]:
    """(line, message, hint) where square brackets nest deeper than MAX_BRACKETS."""
    depth = 0
    for offset, char in enumerate(source):
        depth = depth + 1 if char == "[" else max(depth - 1, 0) if char == "]" else depth
        if depth > MAX_BRACKETS:
            yield _line_at(source, offset), f"square brackets nest more than {MAX_BRACKETS} " \
                "deep", "close each [ with its ] (a link is [text](address)); " + _HINT
            return


def raw_html(source: str) -> Iterator[tuple[int, str, str]]:
    """(line, message, hint) for raw HTML in a fragment's text, and for a fact placed
    inside a link target or an attribute."""
    source = _masked(source)
    converter = _converter()
    html = converter.convert(source)
    for raw in converter.htmlStash.rawHtmlBlocks:
        raw = str(raw).strip()
        if raw.startswith("&"):
            continue  # character references
        line = _line_of(source, raw.splitlines()[0])
        if raw.startswith("<!--"):
            yield line, "an HTML comment is not allowed in prose", \
                "readers never see it: delete it, or say it in the text"
        elif _FACT in raw:
            yield line, "a fact inside an HTML tag or attribute is not allowed in prose", \
                "name the fact in the text, outside any tag; " + _HINT
        else:
            tag = re.match(r"</?[^\s>/]*", raw)
            yield line, f"raw HTML is not allowed in prose ({tag.group() if tag else raw}>)", \
                _HINT
    for match in re.finditer(rf"\]\([^)]*{_FACT}|\{{:[^}}]*{_FACT}", source):
        yield _line_at(source, match.start()), \
            "a fact inside a link target or attribute is not allowed in prose", \
            "link to a fixed address, and name the fact in the text"
    for needle, message in content_problems(html):
        yield _line_of(source, needle), message, _HINT


def made_html(source: str, rendered: str) -> Iterator[tuple[int, str, str]]:
    """(line, message, hint) for anything the Markdown of a rendered fragment (its facts
    filled in as HTML) makes outside the allow-list; the line is where ``source`` shows it."""
    for needle, message in content_problems(_converter().convert(rendered)):
        yield _line_of(source, needle), message, _HINT


_KEPT = threading.local()


def _converter() -> markdown.Markdown:
    """A Markdown converter with its state reset: one kept for each thread, as setting one
    up costs more than converting a fragment."""
    if not hasattr(_KEPT, "converter"):
        _KEPT.converter = markdown.Markdown(extensions=list(EXTENSIONS))
    return _KEPT.converter.reset()


def content_problems(html: str) -> list[tuple[str, str]]:
    """(text to find it by, message) for each element, attribute or comment of an HTML
    fragment that the allow-list does not permit."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.problems


def tag_problems(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """(text to find it by, message) for an element or attribute outside the allow-list."""
    if tag not in ALLOWED:
        return [(f"<{tag}", f"the element <{tag}> is not allowed in prose")]
    problems = []
    for name, value in attrs:
        value = value or ""
        if name not in ALLOWED[tag] | ALLOWED["*"]:
            problems.append((name, f"the attribute '{name}' is not allowed on <{tag}> in "
                                   "prose"))
        elif name == "href" and _scheme(value) not in SCHEMES:
            problems.append((value[:20], f"the link '{value}' is not allowed in prose: only "
                                         "http, https, mailto and tel links, or links to "
                                         "pages of the site"))
        elif name == "src" and (_scheme(value) or value.startswith(("//", "\\"))):
            problems.append((value[:20], f"the image '{value}' is loaded from another host; "
                                         "put the image in the site"))
        elif name == "style" and not _STYLE.fullmatch(value):
            problems.append((value[:20], f"the style '{value}' is not allowed"))
        elif name == "class" and not _CLASS.fullmatch(value):
            problems.append((value.split()[-1] if value.split() else value,
                             f"the class '{value}' is not allowed: only an "
                                         "admonition of a known type (" + ", ".join(
                                             ADMONITIONS[:6]) + "...)"))
        elif name == "id" and _THEME_ID.match(value):
            problems.append((value[:20], f"the id '{value}' is kept for the theme"))
    return problems


#: Elements that page content may never hold: they run script, frame other pages, submit
#: data, restyle the page or draw what no check reads.
HOSTILE = frozenset({"script", "noscript", "iframe", "frame", "frameset", "object", "embed",
                     "applet", "style", "link", "meta", "base", "form", "input", "button",
                     "textarea", "select", "svg", "math", "template", "audio", "video",
                     "source", "track", "portal"})
#: Attributes that hold an address, and those whose address the browser loads at once.
_ADDRESSES = frozenset({"href", "src", "action", "formaction", "data", "poster", "srcset",
                        "xlink:href", "background", "ping"})
_LOADED = _ADDRESSES - {"href", "action", "formaction", "ping"}


def hostile(tag: str, attrs: list[tuple[str, str | None]], content: bool) -> list[str]:
    """What a built page may not hold anywhere (event handlers, script addresses, loads from
    another host) and, in its ``content``, the hostile elements.

    Pages are held to this deny-list rather than the prose allow-list, because the theme
    and the site engine add markup of their own; the prose was held to the allow-list.
    """
    problems = [f"the element <{tag}> is not allowed in page content"] if content and \
        tag in HOSTILE else []
    # a canonical link names the page's own address where the source gives it (site_urls);
    # a browser loads nothing from it
    fetched_link = tag == "link" and (dict(attrs).get("rel") or "") != "canonical"
    for name, value in attrs:
        value = (value or "").strip()
        loaded = name in _LOADED or (name == "href" and fetched_link)
        if name.startswith("on"):
            problems.append(f"the event handler '{name}' on <{tag}> is not allowed")
        elif content and name == "hidden":
            problems.append(f"<{tag}> in the content is hidden")
        elif content and name == "class" and value.startswith("admonition") and \
                not _CLASS.fullmatch(value):
            problems.append(f"the admonition class '{value}' is not one the theme shows")
        elif name in _ADDRESSES and _scheme(value) not in SCHEMES:
            problems.append(f"the address '{value}' on <{tag}> is not allowed")
        elif loaded and (_scheme(value) or value.startswith(("//", "\\"))):
            problems.append(f"<{tag}> loads {value} from another host")
    return problems


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems += tag_problems(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.problems.append(("<!--", "an HTML comment is not allowed in prose"))

    def handle_pi(self, data: str) -> None:
        self.problems.append(("<?", "a processing instruction is not allowed in prose"))

    def handle_decl(self, decl: str) -> None:
        self.problems.append(("<!", "a declaration is not allowed in prose"))

    def unknown_decl(self, data: str) -> None:
        self.handle_decl(data)


_FACT = "FACT-NAMED-HERE"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def _masked(source: str) -> str:
    """The fragment with each Jinja tag replaced by a placeholder (a fact) or nothing,
    keeping its lines, so Markdown reads the text around the tags as the site will."""
    return _TAG.sub(lambda m: (_FACT if m.group().startswith("{{") else "")
                    + "\n" * m.group().count("\n"), source)


def _scheme(url: str) -> str:
    """A URL's scheme as a browser reads it: control characters and spaces dropped."""
    cleaned = re.sub(r"[\x00-\x20]", "", url)
    try:
        return urlsplit(cleaned).scheme.lower()
    except ValueError:
        return "invalid"


def _line_of(source: str, needle: str) -> int:
    """The first line of ``source`` holding ``needle`` (1 when none does)."""
    needle = needle.strip()
    for number, line in enumerate(source.splitlines(), start=1):
        if needle and needle.lower() in line.lower():
            return number
    return 1


def _line_at(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1
