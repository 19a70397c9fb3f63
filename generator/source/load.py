"""Read a policy source folder into plain data that remembers where every value came from.

This is the only module that parses YAML. Each mapping and list it returns carries the
line of each of its entries, so that any later error can name FILE:LINE.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.source.errors import Problem, Said, SourceError

__all__ = [
    "WELSH",
    "Located",
    "LocatedList",
    "RawSource",
    "describe",
    "load_source",
    "locate",
    "outside_problem",
    "read_all",
    "read_yaml",
    "unreadable",
    "within",
]

#: Topic files of a policy source, each holding one top-level part of the model.
SOURCE_FILES: dict[str, bool] = {
    # file stem: required?
    "policy": True,
    "parts": True,
    "roles": False,
    "decisions": False,
    "behaviours": False,
    "stages": False,
    "measures": False,
    "rights": False,
    "reviews": False,
    "protocols": False,
    "letters": False,
    "reports": False,
}


#: The folder of a source's Welsh text: labels.yaml (text by fact path) and prose/.
WELSH = "cy"


class Located(dict):
    """A YAML mapping that knows the line of each key and its own file."""

    file: str = ""
    line: int = 0
    key_lines: dict[Any, int]


class LocatedList(list):
    """A YAML sequence that knows the line of each item."""

    file: str = ""
    line: int = 0
    item_lines: list[int]


#: How deep a YAML file may nest lists and mappings (a source nests about 6 deep).
MAX_NESTING = 40
#: How many values a YAML file may hold once its aliases (``*name``) are expanded: a
#: "billion laughs" file of a few hundred bytes expands to a billion.
MAX_VALUES = 200_000


class TooLarge(Exception):
    """A YAML file nested too deep or expanding to too many values, at ``line``."""

    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def _deeper(loader: Any, node: yaml.Node) -> None:
    loader.depth = getattr(loader, "depth", 0) + 1
    if loader.depth > MAX_NESTING:
        raise _too_deep(node.start_mark.line + 1)


def _too_deep(line: int) -> TooLarge:
    return TooLarge(line, f"lists and mappings nest more than {MAX_NESTING} deep",
                    "write the values out at fewer levels")


def _counted(loader: Any, result: Any, children: list[Any], node: yaml.Node) -> None:
    """Count the values below ``result``, aliases expanded (each alias's values once per
    use), and refuse a file that holds too many."""
    sizes = loader.__dict__.setdefault("sizes", {})
    size = 1 + sum(sizes.get(id(child), 1) for child in children)
    if size > MAX_VALUES:
        raise TooLarge(node.start_mark.line + 1, f"the file expands to more than "
                       f"{MAX_VALUES:,} values (YAML aliases, *name, repeat what an anchor "
                       "holds)", "write the values out instead of repeating aliases")
    sizes[id(result)] = size
    loader.depth -= 1


def _make_loader(file: str, problems: list[Problem],
                 base: type[yaml.SafeLoader] = yaml.SafeLoader) -> type[yaml.SafeLoader]:
    class Loader(base):  # type: ignore[valid-type, misc]
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Located:
        _deeper(loader, node)
        result = Located()
        result.file, result.line, result.key_lines = file, node.start_mark.line + 1, {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                problems.append(_key_problem(file, line, key, key_node))
                key = str(key_node.value)
            if key in result:
                problems.append(Problem(file, line, str(key), "duplicate key",
                                        "each id or field may appear once; the first is on "
                                        f"line {result.key_lines[key]}"))
                continue
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = line
        _counted(loader, result, list(result.values()), node)
        return result

    def construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LocatedList:
        _deeper(loader, node)
        result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
        result.file, result.line = file, node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        _counted(loader, result, result, node)
        return result

    def construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
        try:
            return yaml.SafeLoader.construct_yaml_int(loader, node)
        except ValueError:  # more digits than Python turns into a number
            raise TooLarge(node.start_mark.line + 1, f"the number has {len(node.value):,} "
                           "digits, too many to be read", "write a shorter number") from None

    Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    # Dates stay text so the model can report an impossible date with its line.
    Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def _key_problem(file: str, line: int, key: Any, node: yaml.Node) -> Problem:
    """A mapping key that is not text: left out, a number, or a word YAML reads as true."""
    if key is None:
        return Problem(file, line, "", "a key is missing before ':'",
                       "write the id or field name before the colon")
    if isinstance(key, bool):
        return Problem(file, line, str(node.value), f"YAML reads the key '{node.value}' as "
                       f"{str(key).lower()}", f"put it in quotes (\"{node.value}\"), or use "
                       "another id")
    return Problem(file, line, str(node.value), f"the key {node.value} is not text",
                   "ids start with a letter (such as stage_1); put it in quotes if it is a "
                   "field of text")


#: The largest YAML file or prose fragment read, in bytes: a whole source is well under
#: 1 MB.
MAX_FILE = 5_000_000


def unreadable(path: Path, display: str, field: str) -> Problem | None:
    """A problem for a file that is not an ordinary file (a pipe or a device, which could
    block a read for ever) or is larger than MAX_FILE; None for a file fit to read."""
    try:
        status = path.stat()
    except OSError:
        return None  # reading it says why
    if not stat.S_ISREG(status.st_mode):
        return Problem(display, 0, field, "not an ordinary file (a pipe, a device or a "
                       "folder)", "replace it with a text file")
    if status.st_size > MAX_FILE:
        return Problem(display, 0, field, f"the file is {status.st_size:,} bytes; the limit "
                       f"is {MAX_FILE:,}", "shorten it")
    return None


def read_yaml(path: Path, display: str) -> Any:
    """Parse one YAML file; syntax errors become a Problem with the file and line."""
    wrong = unreadable(path, display, "")
    if wrong:
        raise SourceError([wrong])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise SourceError([Problem(display, line, "", f"not UTF-8 text ({exc.reason})",
                                   "save the file as UTF-8")]) from None
    except OSError as exc:
        raise SourceError([Problem(display, 0, "", f"cannot be read ({exc.strerror})",
                                   "check the file and its permissions")]) from None
    problems: list[Problem] = []
    try:
        data = _parse(text, display, problems)
    except TooLarge as exc:
        raise SourceError([Problem(display, exc.line, "", exc.message, exc.hint)]) from None
    except RecursionError:
        raise SourceError([Problem(display, _deep_line(text), "", _too_deep(0).message,
                                   _too_deep(0).hint)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, before any parsing
        raise SourceError([Problem(display, text.count("\n", 0, exc.position) + 1, "",
                                   f"a character YAML does not allow (U+{exc.character:04X})",
                                   "delete it, or retype the line")]) from None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SourceError([Problem(display, mark.line + 1 if mark else 1, "",
                                   f"YAML tags are not allowed ({exc.problem})",
                                   "the file is plain data: remove the tag (the word after "
                                   "!!)")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise SourceError([Problem(display, line, "", f"malformed YAML: {exc.problem}",
                                   "fix the indentation or quoting on that line")]) from None
    if problems:
        raise SourceError(problems)
    return data


#: What libyaml's parser may read otherwise than PyYAML's own: characters PyYAML refuses,
#: line breaks beyond \n and \r, tabs and question marks (libyaml takes a tab after a
#: colon, and a question mark inside a [list]).
_NOT_FOR_LIBYAML = re.compile("[^\n\r -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                              "\U00010000-\U0010ffff]|[?]")


def _parse(text: str, display: str, problems: list[Problem]) -> Any:
    """PyYAML's result, through libyaml's parser (several times faster) where it is built
    in and the text is plain; on any error PyYAML's own parser reads the file again, so
    every message is the same as without libyaml."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and not _NOT_FOR_LIBYAML.search(text):
        found: list[Problem] = []
        try:
            data = yaml.load(text, Loader=_make_loader(display, found, fast))
        except yaml.YAMLError:
            pass
        else:
            problems += found
            return data
    return yaml.load(text, Loader=_make_loader(display, problems))


def _deep_line(text: str) -> int:
    """The line where a file's lists and mappings first nest too deep, found by PyYAML's
    event parser, which (unlike its composer) does not recurse."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    return event.start_mark.line + 1 if event.start_mark else 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return 1


def describe(value: Any) -> str:
    """What a YAML value is, in the words of someone who wrote it."""
    if isinstance(value, bool):
        return Said("%(value)s (YAML reads yes, no, on and off as true or false)",
                    value=str(value).lower())
    if isinstance(value, dict):
        return Said("a mapping (key: value lines)")
    if isinstance(value, list):
        return Said("a list")
    if value is None:
        return Said("nothing")
    if isinstance(value, int | float):
        return Said("the number %(value)s", value=value)
    return Said("the text %(value)r", value=value)



def _document(value: Any, display: str, stem: str) -> Problem | None:
    """A topic file must hold a mapping: not be empty, nor a list or a single value."""
    if isinstance(value, Located):
        return None
    if value is None:
        return Problem(display, 1, stem, "the file is empty",
                       "write its entries (see `policy schema`), or delete the file"
                       if not SOURCE_FILES.get(stem) else
                       "write its fields (see the documentation, Reference: 'Source format')")
    return Problem(display, getattr(value, "line", 1), stem, f"the file holds {describe(value)}, "
                   "where a mapping belongs", "write one `key: value` per line at the top "
                   "level (see `policy schema`)")


@dataclass
class RawSource:
    """A source folder read from disk: its YAML data by topic, and its prose fragments."""

    root: Path
    data: dict[str, Any]
    prose: dict[str, str] = field(default_factory=dict)
    welsh_prose: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """What could not be read (those files are left out of ``data``); see ``read_all``."""

    def display(self, relative: str) -> str:
        return str(self.root / relative)


def load_source(root: Path) -> RawSource:
    """Read every topic file and prose fragment below ``root``; report all problems at once."""
    raw = read_all(root)
    if raw.problems:
        raise SourceError(raw.problems)
    return raw


def read_all(root: Path) -> RawSource:
    """Every topic file and fragment below ``root`` that can be read, and the problems of
    those that cannot, so the model can still report on the rest in the same run."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise SourceError([Problem(str(root), 0, "", "no such folder",
                                   "give the path of a policy source folder")])
    data: dict[str, Any] = {}
    for stem, required in SOURCE_FILES.items():
        path = root / f"{stem}.yaml"
        if not path.exists():
            if required:
                problems.append(Problem(str(path), 0, stem, "missing file",
                                        f"create {stem}.yaml (see the documentation, Reference: "
                                        "'Source format')"))
            continue
        outside = outside_problem(path, root, stem)
        if outside:
            problems.append(outside)
            continue
        try:
            value = read_yaml(path, str(path))
        except SourceError as exc:
            problems.extend(exc.problems)
            continue
        wrong = _document(value, str(path), stem)
        if wrong:
            problems.append(wrong)
            continue
        data[stem] = value
    for path in sorted(root.glob("*.y*ml")):
        if path.stem not in SOURCE_FILES or path.suffix != ".yaml":
            problems.append(Problem(str(path), 0, path.name, "unknown source file",
                                    "rename it to one of: "
                                    + ", ".join(f"{s}.yaml" for s in SOURCE_FILES)))
    labels = root / WELSH / "labels.yaml"
    if labels.exists():
        outside = outside_problem(labels, root, "labels")
        try:
            if outside:
                raise SourceError([outside])
            data["welsh_text"] = read_yaml(labels, str(labels))
            wrong = _document(data["welsh_text"], str(labels), "labels")
            if wrong:
                raise SourceError([wrong])
        except SourceError as exc:
            problems.extend(exc.problems)
    prose = _fragments(root, root / "prose", problems)
    welsh_prose = _fragments(root, root / WELSH / "prose", problems)
    return RawSource(root=root, data=data, prose=prose, welsh_prose=welsh_prose,
                     problems=problems)


def within(folder: Path | str, name: Path | str) -> Path | None:
    """The path ``name`` names from ``folder``, resolved, if it lies inside ``folder``;
    None if it does not (an absolute path elsewhere, ``..``, or a symbolic link out of it,
    at any step). Every path a source names is checked here."""
    base = Path(folder).resolve()
    target = (base / name).resolve()
    return target if target.is_relative_to(base) else None


def outside_problem(path: Path, folder: Path, field: str) -> Problem | None:
    """A problem when ``path`` resolves outside ``folder`` (a symbolic link out of it, or
    ``..``): a source publishes only what its own folder holds."""
    target = path.resolve()
    if target.is_relative_to(Path(folder).resolve()):
        return None
    return Problem(str(path), 0, field, f"the file is a link to {target}, outside the source "
                   "folder", "copy the file into the source instead")


def _fragments(root: Path, folder: Path, problems: list[Problem]) -> dict[str, str]:
    """Markdown fragments below a folder, by their path relative to it."""
    if not folder.is_dir():
        return {}
    fragments = {}
    for path in sorted(folder.rglob("*.md")):
        outside = outside_problem(path, root, "prose") or unreadable(path, str(path), "prose")
        if outside:
            problems.append(outside)
            continue
        try:
            fragments[str(path.relative_to(folder))] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[:exc.start].count(b"\n") + 1
            problems.append(Problem(str(path), line, "prose", f"not UTF-8 text ({exc.reason})",
                                    "save the file as UTF-8"))
        except OSError as exc:
            problems.append(Problem(str(path), 0, "prose", f"cannot be read ({exc.strerror})",
                                    "check the file and its permissions"))
    return fragments


def locate(data: Any, loc: tuple[Any, ...]) -> tuple[str, int]:
    """The file and line of the deepest value along ``loc`` that the YAML recorded."""
    file, line, node = "", 0, data
    for step in loc:
        if isinstance(node, Located):
            file, line = node.file, node.line
            if step not in node:
                break
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LocatedList) and isinstance(step, int):
            file, line = node.file, node.line
            if not 0 <= step < len(node):
                break
            line, node = node.item_lines[step], node[step]
        elif isinstance(node, dict) and step in node:
            node = node[step]
        else:
            break
    return file, line
