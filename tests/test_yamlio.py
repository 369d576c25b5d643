from pathlib import Path

import pytest
import yaml

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


def _lines(data: object) -> list[object]:
    """Every line number a LineDict / LineList records, depth first."""
    from alliance_kg.yamlio import LineDict, LineList

    out: list[object] = []
    if isinstance(data, LineDict):
        out += [data.line, sorted(data.key_lines.items())]
        for value in data.values():
            out += _lines(value)
    elif isinstance(data, LineList):
        out += [data.line, data.item_lines]
        for value in data:
            out += _lines(value)
    return out


def test_libyaml_and_pure_python_loaders_agree_on_values_and_lines():
    from alliance_kg.yamlio import _StrictLoader, _StrictPyLoader

    from .conftest import ROOT

    text = (ROOT / "graph" / "sources" / "us-japan-alliance-summit.yaml").read_text()
    read = []
    for cls in (_StrictLoader, _StrictPyLoader):
        loader = cls(text)
        try:
            read.append(loader.get_single_data())
        finally:
            loader.dispose()
    assert read[0] == read[1]
    assert _lines(read[0]) == _lines(read[1])


@pytest.mark.parametrize("doc", ["a: &x foo\nb: *x\n", "a: &m {k: v}\nb: *m\n", "- &s [1]\n- *s\n"])
def test_any_alias_is_refused_with_either_loader(tmp_path: Path, doc: str):
    from alliance_kg.yamlio import _StrictPyLoader

    with pytest.raises(AnnotationError, match="aliases"):
        read_yaml(write(tmp_path, doc))
    loader = _StrictPyLoader(doc)
    with pytest.raises(yaml.constructor.ConstructorError, match="aliases"):
        loader.get_single_data()
