"""A strict YAML reader that remembers where every mapping and list came from.

It is a safe loader (libyaml's `CSafeLoader` where PyYAML has it) with four changes that matter
for reviewed data files: aliases are refused (no alias bombs), duplicate keys are an error (not
"last one wins"), only ``true``/``false`` are booleans (``NO`` stays the string "NO"), and every
mapping and sequence records its line so that an error can name it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, SequenceNode

from .errors import AnnotationError


class LineDict(dict):
    """A dict that knows the line of its first key and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):
    """A list that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


class _Strict:
    """The strict construction rules, mixed into libyaml's fast loader (or the pure-Python one).

    An alias makes two places of the document share one node, so a node met twice while
    constructing is an alias: it is refused before anything is copied (no alias bombs).
    """

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:  # type: ignore[attr-defined]
            raise ConstructorError(
                None, None, "aliases (*name) are not allowed in annotation files", node.start_mark
            )
        return super().construct_object(node, deep=deep)  # type: ignore[misc]

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> LineDict:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise ConstructorError(
                    None, None, f"keys must be text, found {key!r}", key_node.start_mark
                )
            if key in result:
                raise ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first on line {result.key_lines[key]})",
                    key_node.start_mark,
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node: SequenceNode, deep: bool = False) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


#: libyaml's parser when PyYAML was built with it (about 8x faster), else the pure-Python one
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Strict, _Base):  # type: ignore[misc,valid-type]
    """A safe loader without aliases, duplicate keys or YAML 1.1 yes/no booleans."""


class _StrictPyLoader(_Strict, yaml.SafeLoader):
    """The same rules on the pure-Python parser (kept to check both agree)."""


for _loader in (_StrictLoader, _StrictPyLoader):
    _loader.add_constructor("tag:yaml.org,2002:map", _loader.construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:seq", _loader.construct_sequence)
    # YAML 1.2 booleans only: drop the 1.1 resolver (yes/no/on/off) and add true/false back.
    _loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )


def read_yaml(path: Path, *, max_bytes: int | None = None) -> Any:
    """Read one YAML document from `path` strictly; errors name the file and line.

    A file over `max_bytes` (default: the ``max_annotation_bytes`` limit) is refused unread.
    """
    from .limits import active

    limit = active().max_annotation_bytes if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise AnnotationError(
                path,
                None,
                f"{size:,} bytes; annotation files over {limit:,} bytes are refused "
                "(raise [limits] max_annotation_bytes in alliance-kg.toml if it is genuine)",
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnnotationError(path, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise AnnotationError(path, None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise AnnotationError(path, None, f"cannot read: {exc.strerror}") from None
    try:
        loader = _StrictLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise AnnotationError(path, line, f"malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise AnnotationError(path, None, f"malformed YAML: {exc}") from None


def line_of(data: Any, loc: tuple[Any, ...]) -> int | None:
    """Best line for the location `loc` (keys and indexes) inside data read by `read_yaml`."""
    line: int | None = getattr(data, "line", None)
    node = data
    for part in loc:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
        line = getattr(node, "line", None) if isinstance(node, LineDict) else line
    return line
