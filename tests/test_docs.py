"""The docs a newcomer reads are true of the code: README.md and docs/*.md, checked.

What is checked, and why:

* the README documents every command and opens with the two commands (the first two tests);
* every fenced block is closed: an unclosed fence turns the rest of a page into code;
* every link stays inside the repository a user clones. A relative link must name a file of the
  repository that exists and is not git-ignored (and its ``#anchor`` a heading of that page); an
  absolute link must be http(s) to a public host. Nothing outside the clone (``../shared``,
  ``/work/…``, ``file:``) is linked, nor named as a path;
* every file path a page names in backticks under a folder of the repository (``tests/…``,
  ``src/alliance_kg/…``, ``reason/rules.py``) exists, and every dotted ``alliance_kg.…`` name
  imports: a renamed module or function fails here, not in a reader's hands;
* every ``$ alliance-kg …`` line of a fenced block runs in-process (the real entry point, no
  subprocess) on the example built once per session, from a fresh temporary folder (so that
  ``viz -o build/x.html`` or ``export out.ttl`` write there), with ``--project <example>`` added.
  It must exit 0, or with the status a following ``$ echo $?`` line shows (an error example);
* the output is compared with what the page shows, whitespace normalised, for blocks marked
  ``<!-- checked -->`` on the line before the fence (an HTML comment: invisible once rendered).
  Blocks left unmarked are only run: their output holds timings or absolute paths (``build``,
  ``check``) or is shortened with "…". Rich wraps table cells to the terminal, so commands run
  100 columns wide (COLUMNS=100), the width the transcripts were made at;
* ``ALLIANCE_KG_UPDATE_DOCS=1 pytest tests/test_docs.py -k transcript`` rewrites the output of
  each checked command that differs with what the command printed (after a change of output that
  is meant: review the diff of the pages before committing it);
* every ``python`` block runs, from the example project's folder (``Project.find()`` finds it),
  and every ``sparql`` block marked ``<!-- checked -->`` runs over the committed export
  ``graph/alliance.ttl`` (plain rdflib, as any tool would) and returns at least one row.
"""

from __future__ import annotations

import fnmatch
import importlib
import ipaddress
import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import typer

from alliance_kg.cli import app
from alliance_kg.project import Project

from .conftest import ROOT

README = (ROOT / "README.md").read_text()
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


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


# --------------------------------------------------------------------------- reading Markdown

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
CHECKED = "<!-- checked -->"


@dataclass
class Block:
    """A fenced code block: where it starts, its info string, its lines, whether it is checked."""

    page: Path
    line: int  # 1-based line of the opening fence
    info: str
    lines: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Page:
    """A Markdown page: its fenced blocks, the rest (prose), and any fence that cannot be right."""

    path: Path
    blocks: list[Block]
    prose: list[tuple[int, str]]  # (line number, text) of every line outside a fenced block
    problems: list[str]


def read_page(path: Path) -> Page:
    """Split a page into fenced blocks and prose, following CommonMark's fence rules."""
    blocks: list[Block] = []
    prose: list[tuple[int, str]] = []
    problems: list[str] = []
    current: Block | None = None
    opener = ""
    previous = ""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        fence = FENCE.match(line)
        if current is None:
            if fence:
                opener = fence.group(1)
                current = Block(path, number, fence.group(2).strip(), checked=previous == CHECKED)
            else:
                prose.append((number, line))
                if line.strip():
                    previous = line.strip()
            continue
        closes = fence and fence.group(1)[0] == opener[0] and len(fence.group(1)) >= len(opener)
        if closes and not fence.group(2).strip():
            blocks.append(current)
            current, previous = None, ""
        else:
            if closes:  # "```bash" inside a block: the block before was never closed
                problems.append(
                    f"{rel(path)}:{number}: a fence with an info string inside the block opened "
                    f"at line {current.line}: that block is not closed"
                )
            current.lines.append(line)
    if current is not None:
        blocks.append(current)
        problems.append(f"{rel(path)}:{current.line}: this fenced block is never closed")
    return Page(path, blocks, prose, problems)


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


PARSED = {path: read_page(path) for path in PAGES}


def test_every_fenced_block_is_closed():
    problems = [p for page in PARSED.values() for p in page.problems]
    assert problems == []


# --------------------------------------------------------------------------- links and paths

INLINE_CODE = re.compile(r"(`+)(.+?)\1")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
AUTOLINK = re.compile(r"<((?:https?|file|ftp)://[^>\s]+)>")
HTML_LINK = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)


def links(page: Page) -> list[tuple[int, str]]:
    """Every link target of the page's prose (inline code spans are not links)."""
    found = []
    for number, line in page.prose:
        text = INLINE_CODE.sub("", line)
        for pattern in (LINK, REFERENCE, AUTOLINK, HTML_LINK):
            found += [(number, m.group(1)) for m in pattern.finditer(text)]
    return found


def ignored(target: Path) -> bool:
    """Whether a path of the repository is git-ignored (the patterns of .gitignore, roughly)."""
    parts = target.relative_to(ROOT).parts
    candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    for raw in (ROOT / ".gitignore").read_text().splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
        pattern = pattern.strip("/")
        for candidate in candidates:
            name = candidate if anchored else candidate.rsplit("/", 1)[-1]
            if fnmatch.fnmatch(name, pattern):
                return True
    return False


def anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown page."""
    seen: dict[str, int] = {}
    out = set()
    for _number, line in PARSED[path].prose if path in PARSED else read_page(path).prose:
        heading = re.match(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading.group(1).lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def link_problem(page: Path, target: str) -> str | None:
    """Why a link target is not allowed, or None if it is fine."""
    url = urlparse(target)
    if url.scheme in ("http", "https"):
        host = url.hostname or ""
        try:
            public = ipaddress.ip_address(host).is_global
        except ValueError:
            public = "." in host and not host.endswith((".local", ".internal", ".localhost"))
        return None if public else "not a public site"
    if url.scheme == "mailto":
        return None
    if url.scheme or url.netloc:
        return f"a {url.scheme or 'network'} link, not a page of the repository or a public site"
    if url.path.startswith("/"):
        return "an absolute path: it does not exist in someone else's clone"
    resolved = (page.parent / unquote(url.path)).resolve() if url.path else page
    if not resolved.is_relative_to(ROOT):
        return "outside the repository"
    if not resolved.exists():
        return "no such file in the repository"
    if ignored(resolved):
        return "a git-ignored file: not in a fresh clone"
    if url.fragment and resolved.suffix == ".md" and url.fragment not in anchors(resolved):
        return f"no heading #{url.fragment} in {rel(resolved)}"
    return None


def test_every_link_stays_in_the_repository_and_resolves():
    bad = [
        f"{rel(page.path)}:{number}: {target}: {problem}"
        for page in PARSED.values()
        for number, target in links(page)
        if (problem := link_problem(page.path, target))
    ]
    assert bad == []


def test_links_are_found():
    """The checker sees the README's links (a broken pattern would make the test above vacuous)."""
    targets = {t for _n, t in links(PARSED[ROOT / "README.md"])}
    assert "docs/alliance.png" in targets
    assert any(t.startswith("docs/design.md") for t in targets)


#: top-level folders of the repository, and the package's own, whose paths a page may name
REPO_FOLDERS = ("src/", "tests/", "docs/", "scripts/", "benchmarks/", "ontology/", "queries/",
                "notebooks/", "graph/sources/", ".ci/")  # fmt: skip
PACKAGE = ROOT / "src" / "alliance_kg"
#: paths that lead out of a clone (relative links are checked one by one above; `../` from docs/
#: into the repository is fine)
OUTSIDE = re.compile(r"(^|[\s`(])(\.\./\.\./|(\.\./)?shared/|/work/|/home/|/tmp/)")


def code_spans(page: Page) -> list[tuple[int, str]]:
    """The inline code spans of the prose, with their line numbers."""
    return [(n, m.group(2).strip()) for n, line in page.prose for m in INLINE_CODE.finditer(line)]


def path_problem(token: str) -> str | None:
    """Why a file path named in backticks does not name a file of the repository, or None."""
    token = token.split("#")[0].split("::")[0].rstrip(":,.")
    if " " in token or "/" not in token or "://" in token or "<" in token or "…" in token:
        return None
    if token.startswith(REPO_FOLDERS):
        matches = list(ROOT.glob(token.rstrip("/"))) if not token.startswith("/") else []
        return None if matches else "not in the repository"
    first = token.split("/")[0]
    if (PACKAGE / first).is_dir() and not (PACKAGE / first / token.split("/", 1)[1]).exists():
        return "not in src/alliance_kg"
    return None


DOTTED = re.compile(r"\balliance_kg(?:\.[A-Za-z_]\w*)+")


def dotted_problem(name: str) -> str | None:
    """Why `alliance_kg.x.y` names nothing, or None: the longest importable module, then getattr."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return f"{'.'.join(parts[:cut])} has no {attr}"
            obj = getattr(obj, attr)
        return None
    return "no such module"


def test_named_files_and_modules_exist():
    bad = []
    for page in PARSED.values():
        for number, line in page.prose:
            if OUTSIDE.search(line):
                bad.append(f"{rel(page.path)}:{number}: names a path outside the repository")
        for number, span in code_spans(page):
            if problem := path_problem(span):
                bad.append(f"{rel(page.path)}:{number}: `{span}`: {problem}")
        for block in page.blocks:
            for offset, line in enumerate(block.lines, 1):
                if OUTSIDE.search(line):
                    bad.append(f"{rel(page.path)}:{block.line + offset}: a path outside the repo")
        text = "\n".join(line for _n, line in page.prose)
        for name in sorted(set(DOTTED.findall(text))):
            if problem := dotted_problem(name):
                bad.append(f"{rel(page.path)}: `{name}`: {problem}")
    assert bad == []


# --------------------------------------------------------------------------- transcripts


@dataclass(frozen=True)
class Transcript:
    """One `$ alliance-kg …` line of a page, what the page shows it print, and its exit status."""

    page: Path
    line: int
    command: str  # as the page writes it, after "$ "
    args: tuple[str, ...]
    shown: str
    status: int
    checked: bool

    @property
    def id(self) -> str:
        return f"{rel(self.page)}:{self.line}"


def transcripts(page: Page) -> list[Transcript]:
    """Split each block into commands (`$ …` lines) and the output under each."""
    found = []
    for block in page.blocks:
        steps: list[tuple[int, str, list[str]]] = []  # (line, command, output lines)
        for offset, line in enumerate(block.lines, 1):
            if line.startswith("$ "):
                steps.append((block.line + offset, line[2:].strip(), []))
            elif steps:
                steps[-1][2].append(line)
        for i, (number, command, output) in enumerate(steps):
            words = shlex.split(command, comments=True)
            if not words or Path(words[0]).name != "alliance-kg":
                continue
            status = 0
            if i + 1 < len(steps) and steps[i + 1][1] == "echo $?":
                status = int(steps[i + 1][2][0])
            text = "\n".join(output)
            args = tuple(words[1:])
            found.append(Transcript(page.path, number, command, args, text, status, block.checked))
    return found


TRANSCRIPTS = [t for page in PARSED.values() for t in transcripts(page)]


def normalise(text: str) -> str:
    return " ".join(text.split())


def test_transcripts_are_found():
    """Every guide shows commands, and some output is compared (not all skipped by accident)."""
    pages = {t.page.name for t in TRANSCRIPTS}
    assert {"README.md", "querying.md", "analyses.md", "visualisation.md", "reasoning.md"} <= pages
    assert sum(t.checked for t in TRANSCRIPTS) >= 10


@pytest.mark.parametrize(
    "transcript",
    [
        # `check` runs HermiT (Java, a few seconds): marked like the other reasoner tests
        pytest.param(t, id=t.id, marks=[pytest.mark.reasoner] if t.args[:1] == ("check",) else [])
        for t in TRANSCRIPTS
    ],
)
def test_transcript(
    transcript: Transcript,
    example: Project,
    cli: Callable,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a fresh folder to write into, in which the repository's inputs are where a reader has them
    for name in ("tests", "queries"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    args = list(transcript.args)
    if not {"--project", "--store", "--version", "--help"} & set(args):
        args += ["--project", str(example.root)]
    result = cli(*args)
    assert result.code == transcript.status, result.out + result.err
    printed = result.out + result.err
    if transcript.checked and normalise(printed) != normalise(transcript.shown) and UPDATE:
        rewrite_output(transcript, printed)
    elif transcript.checked:
        assert normalise(printed) == normalise(transcript.shown)


UPDATE = os.environ.get("ALLIANCE_KG_UPDATE_DOCS") == "1"


def rewrite_output(transcript: Transcript, printed: str) -> None:
    """Put `printed` under the transcript's command in its page, in place of what it showed."""
    text = transcript.page.read_text()
    shown = f"{transcript.shown}\n" if transcript.shown else ""
    old = f"$ {transcript.command}\n{shown}"
    assert text.count(old) == 1, f"{transcript.id}: cannot find the output to update"
    lines = "\n".join(line.rstrip() for line in printed.rstrip("\n").splitlines())
    transcript.page.write_text(text.replace(old, f"$ {transcript.command}\n{lines}\n"))


# --------------------------------------------------------------------------- Python examples

PYTHON = [
    pytest.param(block, id=f"{rel(block.page)}:{block.line}")
    for page in PARSED.values()
    for block in page.blocks
    if block.info.split()[:1] == ["python"]
]


def test_python_blocks_are_found():
    assert any(p.values[0].page.name == "README.md" for p in PYTHON)


@pytest.mark.parametrize("block", PYTHON)
def test_python_block_runs(block: Block, example: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example.root)
    code = compile("\n".join(block.lines), f"{rel(block.page)}:{block.line}", "exec")
    exec(code, {"__name__": "__docs__"})  # the page's own example code, from this repository


SPARQL = [
    pytest.param(block, id=f"{rel(block.page)}:{block.line}")
    for page in PARSED.values()
    for block in page.blocks
    if block.info.split()[:1] == ["sparql"] and block.checked
]


@pytest.mark.parametrize("block", SPARQL)
def test_sparql_block_answers_over_the_export(block: Block) -> None:
    from rdflib import Graph

    export = Graph().parse(ROOT / "graph" / "alliance.ttl")
    assert len(export.query("\n".join(block.lines))) > 0
