"""The README documents every command, and its Python example runs."""

from __future__ import annotations

import re

import typer

from alliance_kg.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text()


def command_names() -> list[str]:
    root = typer.main.get_command(app)
    names = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        if subs:
            names += [f"{name} {sub}" for sub in subs]
        else:
            names.append(name)
    return sorted(names)


def test_every_command_is_in_the_readme():
    missing = [n for n in command_names() if f"alliance-kg {n}" not in README]
    assert missing == []


def test_readme_starts_with_the_two_commands():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert first_block is not None
    lines = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert lines[:2] == ["./scripts/setup.sh", ".venv/bin/python -m pytest"]
    assert README.index(first_block.group(0)) < 1200
