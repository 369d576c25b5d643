"""`alliance_kg.cli.fastparams`: every option and argument of every command converts a value as
typer's own (pydantic) converter does, or leaves it to that converter."""

from __future__ import annotations

import math
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import typer
from typer import _coercion

from alliance_kg.cli import app
from alliance_kg.cli.fastparams import _Unsure, convert, install

SAMPLES = ["", "x", "abc", "5", "-3", "+7", "1_000", " 7", "2.5", ".5", "30", "1e3", "-", ".",
           "some/dir", "JSON", "json", "table", "nodes", "inf"]  # fmt: skip


def _params() -> list[tuple[str, Any]]:
    out = []
    todo = [("alliance-kg", typer.main.get_command(app))]
    while todo:
        name, command = todo.pop()
        todo += [(f"{name} {n}", c) for n, c in getattr(command, "commands", {}).items()]
        out += [(f"{name} {p.name}", p) for p in command.params if hasattr(p, "type_descriptor")]
    return sorted(out, key=lambda x: x[0])


def _values(param: Any) -> list[Any]:
    annotation = param.type_descriptor.annotation
    leaf = get_args(annotation)[0] if get_origin(annotation) is list else annotation
    values: list[Any] = list(SAMPLES)
    if isinstance(leaf, type) and issubclass(leaf, Enum):
        values += [m.value for m in leaf] + [m.value.upper() for m in leaf] + list(leaf)
    if isinstance(param.default, str | int | float | Path | Enum) and param.default is not None:
        values.append(param.default)
    if get_origin(annotation) is list:
        values = [tuple(values[i : i + 2]) for i in range(0, len(values), 2)] + ["x"]
    return values


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and a == b


PARAMS = _params()


def test_install_takes() -> None:
    assert install() is True
    assert typer.core.build_runtime_param is not _coercion.build_runtime_param


@pytest.mark.parametrize("param", [p for _, p in PARAMS], ids=[n for n, _ in PARAMS])
def test_a_value_converts_as_typer_converts_it(param: Any) -> None:
    descriptor = param.type_descriptor
    typers = _coercion.build_runtime_param(descriptor)  # typer's own, with pydantic
    for value in _values(param):
        try:
            ours = convert(descriptor.annotation, descriptor.parameter_info, value, param)
        except _Unsure:
            continue
        try:
            theirs = typers._coerce_value(value, param=param, ctx=None)
        except Exception as exc:  # typer refuses what we accepted
            pytest.fail(f"{param.name}: {value!r} -> {ours!r}, typer refuses it: {exc}")
        assert _same(ours, theirs), (param.name, value, ours, theirs)


def test_most_parameters_skip_pydantic() -> None:
    """The light converter handles the defaults (None never reaches a converter), else it is
    pointless: one pydantic conversion imports pydantic."""
    handled = 0
    for _, param in PARAMS:
        d = param.type_descriptor
        value = param.default
        if value is None:
            handled += 1
            continue
        try:
            convert(d.annotation, d.parameter_info, value, param)
            handled += 1
        except _Unsure:
            pass
    assert handled == len(PARAMS)
