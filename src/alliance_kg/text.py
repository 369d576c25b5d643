"""Text spans: find evidence quotes in a document and the sentences around them."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# typographic forms a reviewer may type plainly
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.)+|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Adm|Lt|Col|Sen|Rep|Gov|St|No|vs|etc|Inc|"
    r"Co|Corp|Ltd|Jr|Sr|Gov|Sec|Dept|Fig)\.)$"
)
_END = re.compile(r"[.!?][\"'’”)\]]*(?=\s+[\"'‘“(\[]?[A-Z0-9])|\n\s*\n|\n")


@dataclass(frozen=True)
class Span:
    """A character span of a document: ``text[start:end]``."""

    start: int
    end: int


class DocumentText:
    """A document's text with a loosely matching quote finder and a sentence splitter."""

    def __init__(self, text: str) -> None:
        self.text = text
        folded, index = [], []
        prev_space = False
        for i, ch in enumerate(text.translate(_FOLD)):
            space = ch.isspace()
            if space and prev_space:
                continue
            folded.append(" " if space else ch)
            index.append(i)
            prev_space = space
        self._folded = "".join(folded)
        self._index = index
        self._sentences = self._split()

    def find(self, quote: str) -> Span | None:
        """First span whose text equals `quote`, ignoring typographic quotes and spacing."""
        needle = " ".join(quote.translate(_FOLD).split())
        if not needle:
            return None
        pos = self._folded.find(needle)
        if pos < 0:
            return None
        start = self._index[pos]
        end = self._index[pos + len(needle) - 1] + 1
        return Span(start, end)

    def find_word(self, name: str) -> Span | None:
        """First whole-word, case-sensitive occurrence of `name` (for mentions of entities)."""
        if not name:
            m = re.search(r"(?<!\w)(?!\w)", self.text)
            return Span(m.start(), m.end()) if m else None
        # str.find, then the word boundaries by hand: the regex ``(?<!\w)NAME(?!\w)`` scans the
        # text character by character (a quarter of the loader's time at a hundred documents)
        text, start, n = self.text, 0, len(name)
        while (pos := text.find(name, start)) >= 0:
            end = pos + n
            if not (pos and _word(text[pos - 1])) and not (end < len(text) and _word(text[end])):
                return Span(pos, end)
            start = pos + 1
        return None

    def sentence(self, span: Span) -> Span:
        """The sentence(s) covering `span`: from the start of the first to the end of the last."""
        starts = [s.start for s in self._sentences]
        first = max(bisect_right(starts, span.start) - 1, 0)
        last = max(bisect_right(starts, max(span.end - 1, span.start)) - 1, first)
        return Span(self._sentences[first].start, self._sentences[last].end)

    def sentences(self) -> list[Span]:
        """All sentences, in order (headings and list lines count as sentences)."""
        return list(self._sentences)

    def _split(self) -> list[Span]:
        text = self.text
        spans, start = [], 0
        for m in _END.finditer(text):
            if m.group().startswith(".") and _ABBREVIATION.search(text[: m.start() + 1]):
                continue
            end = m.end() if not m.group().isspace() else m.start()
            if text[start:end].strip():
                spans.append(_trim(text, start, end))
            start = m.end()
        if text[start:].strip():
            spans.append(_trim(text, start, len(text)))
        return spans or [Span(0, len(text))]


def _word(ch: str) -> bool:
    r"""Whether `ch` is what the regex ``\w`` matches (a Unicode letter or digit, or ``_``)."""
    return ch.isalnum() or ch == "_"


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
