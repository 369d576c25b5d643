"""Converting the command line's values without pydantic, for the parameter types the CLI uses.

The typer installed here (0.2x) converts every parameter of a command, even one left at its
default, through a pydantic ``TypeAdapter`` that it builds on first use: importing pydantic and
building about a dozen adapters was 0.15 of the 0.74 CPU-seconds of ``alliance-kg query run NAME``
(issue 16). `install` makes typer build, for the simple cases, a converter that gives the value
pydantic's adapter would give: a ``str`` as itself, a choice (``Enum``) through typer's own
`coerce_cli_choice`, a ``Path`` through typer's own `coerce_cli_path` (with the ``Path`` made
here), a whole number or decimal written plainly (within its range), a flag's bool, and lists of
those. Anything else (another type, a custom parser, a clamp, a value that does not convert or
is out of range) goes to typer's own converter, built then, so every error message is typer's.
`tests/test_cli_fastparams.py` checks the
converter against typer's adapter on every parameter of every command.

If typer's internals differ from what this module expects (another version), `install` does
nothing and typer converts as it always did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class _Unsure(Exception):
    """The value is not one the light converter is sure about: typer's converter decides."""


def _leaf(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """`value` converted as typer's adapter for `annotation` would, or `_Unsure`."""
    from typer import _param_types as pt

    if info.parser is not None or getattr(info, "click_type", None) is not None:
        raise _Unsure
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if not isinstance(value, str | Enum):
            raise _Unsure
        try:
            return pt.coerce_cli_choice(
                value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx
            )
        except ValueError:
            raise _Unsure from None
    if annotation is bool and isinstance(value, bool):
        return value
    if annotation is str:
        if isinstance(value, str):
            return value
        raise _Unsure
    if annotation in (int, float):
        if info.clamp:
            raise _Unsure
        if isinstance(value, annotation) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and (_INT if annotation is int else _FLOAT).fullmatch(value):
            number = annotation(value)
        else:
            raise _Unsure
        if (info.min is not None and number < info.min) or (
            info.max is not None and number > info.max
        ):
            raise _Unsure  # typer says what the range is
        return number
    if pt.routes_to_path(annotation, info):
        path_type = info.path_type
        if path_type is None and isinstance(annotation, type) and issubclass(annotation, Path):
            path_type = annotation
        if not (isinstance(path_type, type) and issubclass(path_type, Path)):
            raise _Unsure
        if not isinstance(value, str | Path) or value == "":
            raise _Unsure
        from typer._click.exceptions import BadParameter

        try:
            return pt.coerce_cli_path(
                path_type(value), info, path_type=path_type, param=param, ctx=ctx
            )
        except BadParameter:
            raise _Unsure from None  # typer says it, about the value as given
    raise _Unsure


def convert(annotation: Any, info: Any, value: Any, param: Any = None, ctx: Any = None) -> Any:
    """`value` (not None) converted for `annotation` as typer would, or `_Unsure`."""
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if not isinstance(value, list | tuple):
            raise _Unsure
        return [_leaf(item, info, v, param, ctx) for v in value]
    if get_origin(annotation) is not None:
        raise _Unsure
    return _leaf(annotation, info, value, param, ctx)


def install() -> bool:
    """Make typer convert simple parameters without pydantic; False when this typer differs."""
    try:
        from typer import _coercion, core
    except ImportError:
        return False
    original = getattr(_coercion, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if original is None or base is None or getattr(core, "build_runtime_param", None) is None:
        return False
    if getattr(core.build_runtime_param, "_alliance_kg", False):
        return True

    @dataclass(frozen=True)
    class LightRuntimeParam(base):  # type: ignore[misc, valid-type]
        """Converts simple values itself; builds typer's converter only for the others."""

        descriptor: Any = None
        _typer: list[Any] = field(default_factory=list, compare=False, repr=False)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.descriptor.file_annotation is None:
                try:
                    return convert(self.annotation, self.parameter_info, value, param, ctx)
                except _Unsure:
                    pass
            if not self._typer:
                self._typer.append(original(self.descriptor))
            return self._typer[0]._coerce_value(value, param=param, ctx=ctx)

    def build_runtime_param(descriptor: Any) -> Any:
        return LightRuntimeParam(
            parameter_info=descriptor.parameter_info,
            annotation=descriptor.annotation,
            descriptor=descriptor,
        )

    build_runtime_param._alliance_kg = True  # type: ignore[attr-defined]
    core.build_runtime_param = build_runtime_param
    return True
