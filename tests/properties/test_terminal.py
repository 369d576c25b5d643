"""The terminal sanitiser (`cli.output.terminal_safe`) and the row printer around it.

Whatever a document's text holds, what a table prints holds no C0 or C1 control character (tab
and newline aside), no DEL, no ESC and no bidirectional override; text without them is printed
unchanged. JSON, CSV and TSV stay exact: they read back to the very values.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from alliance_kg.cli.output import print_rows, terminal_safe
from alliance_kg.export.base import Rows, write_csv

from .strategies import ANY_TEXT

#: what must never reach a terminal from a document
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NASTY = st.lists(
    st.sampled_from(
        [
            "\x1b",
            "[31m",
            "\x9b",
            "\x00",
            "\r",
            "\x07",
            "\u202e",
            "\x7f",
            "a",
            " ",
            "\n",
            "\t",
            "é",
            "東",
            '"',
            ",",
            "\\",
        ]
    ),
    max_size=20,
).map("".join)
TEXT = ANY_TEXT | NASTY
PRINTABLE = st.text(
    st.characters(
        exclude_categories=("Cs", "Cc", "Zl", "Zp"),
        exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
)


@given(TEXT)
@example("\x1b]0;owned\x07\x1b[2J")
@example("\x9b31m")
def test_nothing_that_drives_a_terminal_survives(text: str) -> None:
    safe = terminal_safe(text)
    assert not FORBIDDEN.search(safe)
    assert "\x1b" not in safe
    assert terminal_safe(safe) == safe


@given(PRINTABLE)
def test_printable_text_is_unchanged(text: str) -> None:
    assert terminal_safe(text) == text


def _printed(rows: list[dict[str, str]], fmt: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print_rows(rows, fmt, title="rows")
    return out.getvalue()


ROWS = st.lists(st.fixed_dictionaries({"name": TEXT, "note": TEXT}), min_size=1, max_size=4)


@given(ROWS)
@example([{"name": "\x1b[31mred", "note": "a\r\nb"}])
def test_a_table_prints_no_control_character(rows: list[dict[str, str]]) -> None:
    printed = _printed(rows, "table")
    assert not FORBIDDEN.search(printed), printed


@given(ROWS)
@example([{"name": "", "note": "\r"}])  # was read back as "": the CR ended the row
@example([{"name": "\x1b[31mred", "note": 'a\r\n"b",\tc'}])
@example([{"name": "\u2028\x85", "note": ""}])
def test_json_csv_and_tsv_read_back_exactly(rows: list[dict[str, str]]) -> None:
    assert json.loads(_printed(rows, "json")) == rows
    assert not FORBIDDEN.search(_printed(rows, "json"))
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        back = list(
            csv.DictReader(io.StringIO(_printed(rows, fmt), newline=""), delimiter=delimiter)
        )
        assert back == rows, fmt


@given(st.lists(st.lists(TEXT, min_size=2, max_size=2), max_size=4))
@example([["\r", "a\rb"]])  # a lone CR was written unquoted: the row split in two on reading
def test_exported_csv_files_read_back_exactly(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nodes.csv"
        write_csv(path, Rows(["id", "label"], rows))
        with path.open(encoding="utf-8", newline="") as fh:
            assert list(csv.reader(fh)) == [["id", "label"], *rows]
