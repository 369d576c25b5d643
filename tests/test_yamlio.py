from pathlib import Path

import pytest

from alliance_kg.errors import AnnotationError
from alliance_kg.yamlio import line_of, read_yaml


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(text)
    return path


def test_lines_are_remembered(tmp_path: Path):
    data = read_yaml(write(tmp_path, "a: 1\nitems:\n  - x: 1\n  - x: 2\n    y: 3\n"))
    assert line_of(data, ("items", 1)) == 4
    assert line_of(data, ("items", 1, "y")) == 5


def test_no_is_a_string_not_false(tmp_path: Path):
    assert read_yaml(write(tmp_path, "iso: NO\nflag: true\n")) == {"iso": "NO", "flag": True}


def test_duplicate_keys_are_an_error_with_both_lines(tmp_path: Path):
    with pytest.raises(
        AnnotationError, match=r"a.yaml:3: .*duplicate key 'label' \(first on line 2\)"
    ):
        read_yaml(write(tmp_path, "x:\n  label: a\n  label: b\n"))


def test_aliases_are_refused(tmp_path: Path):
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n'
    with pytest.raises(AnnotationError, match="aliases"):
        read_yaml(write(tmp_path, bomb))


def test_malformed_yaml_names_file_and_line(tmp_path: Path):
    with pytest.raises(AnnotationError, match=r"a.yaml:2: malformed YAML"):
        read_yaml(write(tmp_path, "a: [1,\nb: }\n"))


def test_python_tags_are_not_constructed(tmp_path: Path):
    with pytest.raises(AnnotationError):
        read_yaml(write(tmp_path, "a: !!python/object/apply:os.system ['true']\n"))
