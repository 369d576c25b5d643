"""How long `read_document` takes: a generated 20-page PDF, a 5 MB text file, a 5 MB HTML page.

The PDF is written by hand (tests/pdfs.py, 45 lines of about 90 characters a page, as a dense
treaty page); the text and HTML files repeat a paragraph of alliance prose (numbered in the
HTML). Each is read a few times; the best time is printed.

    .venv/bin/python benchmarks/ingest.py [--pages 20] [--megabytes 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pdfs import make_pdf

from alliance_kg.extract.ingest import read_document

PARAGRAPH = (
    "The Parties agree that an armed attack against one or more of them in Europe or North "
    "America shall be considered an attack against them all, and consequently they agree that, "
    "if such an armed attack occurs, each of them will assist the Party or Parties so attacked."
)


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs of `fn`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Generate the files, time reading each, print size, characters and seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    words = (PARAGRAPH + " ") * 40
    line_length = 90
    lines = [words[i : i + line_length] for i in range(0, 45 * line_length, line_length)]
    size = int(args.megabytes * 1e6)
    text = ((PARAGRAPH + "\n\n") * (size // (len(PARAGRAPH) + 2) + 1))[:size]
    html = "<html><head><title>T</title><script>var x = 1;</script></head><body><nav>Home</nav>"
    # numbered: trafilatura drops a long paragraph that repeats the one before it
    paragraphs = text.split("\n\n")
    html += (
        "<article>" + "".join(f"<p>{i}. {p}</p>" for i, p in enumerate(paragraphs)) + "</article>"
    )
    html += "<footer>Footer</footer></body></html>"
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            f"{args.pages}-page PDF": Path(tmp, "doc.pdf"),
            f"{args.megabytes:g} MB text": Path(tmp, "doc.txt"),
            f"{args.megabytes:g} MB HTML": Path(tmp, "doc.html"),
        }
        pdf_path, txt_path, html_path = files.values()
        pdf_path.write_bytes(make_pdf([lines] * args.pages))
        txt_path.write_text(text, encoding="utf-8")
        html_path.write_text(html, encoding="utf-8")
        for name, path in files.items():
            doc = read_document(path)
            seconds = best(lambda path=path: read_document(path), args.repeat)
            print(
                f"{name:>16}: {path.stat().st_size / 1e6:6.2f} MB on disk, "
                f"{len(doc.text):>9,} characters, {seconds:7.3f} s"
            )


if __name__ == "__main__":
    main()
