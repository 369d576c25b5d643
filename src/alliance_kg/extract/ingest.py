"""Turn a document file (plain text, Markdown, HTML, PDF) into the plain text that is annotated.

`read_document` decides the kind by the file's extension, checks that the content agrees, and
refuses with a `DocumentError` (naming the file and what was expected) anything it cannot read
safely: a missing, empty, oversized, binary or non-UTF-8 file, an encrypted or image-only PDF,
HTML without text. It never fetches anything: HTML is read from the file's bytes, never a URL.
The text is normalised (``\\r\\n`` → ``\\n``, control characters and terminal escape sequences
removed, Unicode NFC) and every change is said in `Ingested.notes`. `save_text` writes the text
beside a draft, because a draft's evidence offsets refer to exactly that text.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import DocumentError
from ..files import atomic_write

Kind = Literal["text", "markdown", "html", "pdf"]

#: file extension → kind of document
KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}

#: above this share of control bytes (other than tab, newlines, form feed and ESC) a text file
#: is taken for binary
BINARY_CONTROL_SHARE = 0.10

_UTF8_BOM = b"\xef\xbb\xbf"
# magic numbers of formats that are sometimes given a text extension by mistake
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"PK\x03\x04", "a ZIP archive (a .docx, .odt or .epub?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE file (an old .doc or .xls?)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
]
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b") + b"\x7f"
# terminal escape sequences: 7-bit CSI; OSC/DCS/SOS/PM/APC up to their terminator (or the end
# of the line); any other ESC sequence; a lone ESC; 8-bit CSI
_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]"
    r"|\x1b"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
# C0 controls but tab and newline (vertical tab and form feed are handled apart), DEL, C1
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"[\x0b\x0c]")
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(rb"\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
# patterns that cannot backtrack over a large input: titles are short and near the top
_TITLE_CHARS = 500
_TITLE = re.compile(r"<title[^<>]{0,200}>([^<]{0,2000})</title\s*>", re.IGNORECASE)
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Ingested:
    """A document's plain text, its kind, title if it has one, and what reading it changed."""

    text: str
    kind: Kind
    title: str | None = None
    notes: list[str] = field(default_factory=list)
    source: Path | None = None


def read_document(path: Path, *, max_bytes: int | None = None) -> Ingested:
    """Read a .txt, .md, .html or .pdf file as normalised plain text; `DocumentError` if unfit.

    A file over `max_bytes` (default: the ``max_document_bytes`` limit) is refused unread.
    """
    from ..limits import active

    path = Path(path)
    max_bytes = active().max_document_bytes if max_bytes is None else max_bytes
    size = _check_file(path, max_bytes)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(
            path,
            f"unsupported file type {path.suffix or '(no extension)'!r}; "
            f"expected one of {', '.join(KINDS)}",
        )
    if size == 0:
        raise DocumentError(path, "is empty (0 bytes); expected a document with text")
    data = _read_bytes(path, max_bytes)
    if not data.strip():
        raise DocumentError(path, "has only whitespace; expected a document with text")
    _check_signature(path, data, kind)
    notes: list[str] = []
    if kind == "pdf":
        text, title = _pdf_text(path, data, notes)
        text = normalise(text, notes)
    else:
        _check_not_binary(path, data)
        if kind == "html":
            text, title = _html_text(path, data, notes)
        else:
            text = normalise(_decode_utf8(path, data, notes), notes)
            title = _markdown_title(text) if kind == "markdown" else None
            if _HTML_START.match(data.removeprefix(_UTF8_BOM)):
                notes.append("the file looks like HTML; name it .html to read only its main text")
    if not text.strip():
        raise DocumentError(path, "has only whitespace (after removing control characters)")
    return Ingested(text=text, kind=kind, title=title or None, notes=notes, source=path)


def save_text(ingested: Ingested, draft_path: Path) -> Path:
    """Write the text beside the draft (draft.yaml → draft.txt), atomically: offsets refer to it."""
    draft_path = Path(draft_path)
    target = draft_path.with_suffix(".txt")
    if target == draft_path:
        raise DocumentError(
            draft_path, "a draft named .txt would be overwritten by its text; name the draft .yaml"
        )
    data = ingested.text.encode("utf-8")
    source = ingested.source
    if source is not None and target.exists() and source.exists() and target.samefile(source):
        if target.read_bytes() == data:
            return target  # the source document is already exactly the text
        raise DocumentError(
            target,
            "is the source document, and its normalised text differs from it; choose another "
            f"draft name than {draft_path.name} (e.g. {draft_path.stem}.draft.yaml)",
        )
    with atomic_write(target) as fh:
        fh.write(data)
    return target


def normalise(text: str, notes: list[str]) -> str:
    """Newlines as ``\\n``, no control characters or escapes, NFC; `notes` say what changed."""
    crlf = text.count("\r\n")
    text = text.replace("\r\n", "\n")
    cr = text.count("\r")
    text = text.replace("\r", "\n")
    if crlf:
        notes.append(f"converted {crlf} CRLF line ending(s) to \\n")
    if cr:
        notes.append(f"converted {cr} lone CR line ending(s) to \\n")
    text, escapes = _ESCAPE.subn("", text)
    if escapes:
        notes.append(f"removed {escapes} terminal escape sequence(s)")
    text, breaks = _BREAKS.subn("\n", text)
    if breaks:
        notes.append(f"replaced {breaks} form feed / vertical tab character(s) with \\n")
    text, controls = _CONTROL.subn("", text)
    if controls:
        notes.append(f"removed {controls} control character(s)")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        notes.append("normalised the text to Unicode NFC")
    return text


def _check_file(path: Path, max_bytes: int) -> int:
    """The file's size, refusing a missing, special or oversized file before it is opened."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DocumentError(path, "no such file; expected a document") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise DocumentError(path, "is a directory; expected a document file")
    if not path.is_file():
        raise DocumentError(path, "is not a regular file (a pipe or device?); expected a document")
    if st.st_size > max_bytes:
        raise DocumentError(path, _too_large(st.st_size, max_bytes))
    return st.st_size


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, never more than `max_bytes` (the file may have grown since `stat`)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise DocumentError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew since stat
        raise DocumentError(path, _too_large(len(data), max_bytes, more=True))
    return data


def _too_large(size: int, limit: int, more: bool = False) -> str:
    """What to say about a file over the size limit."""
    return (
        f"is too large ({'more than ' if more else ''}{_mb(size)}); the limit is {_mb(limit)} "
        "(read_document's max_bytes)"
    )


def _mb(size: int) -> str:
    """A byte count for people: MB above 100 kB, else bytes."""
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size} bytes"


def _check_signature(path: Path, data: bytes, kind: Kind) -> None:
    """Refuse content that does not agree with the extension (a .txt that is a PDF, a ZIP…)."""
    is_pdf = b"%PDF-" in data[:1024]
    if kind == "pdf":
        if not is_pdf:
            found = next((what for magic, what in _SIGNATURES if data.startswith(magic)), None)
            raise DocumentError(
                path, f"is not a PDF ({found or 'no %PDF- header'}); expected a PDF file"
            )
        return
    if is_pdf:
        raise DocumentError(path, f"is a PDF, not {kind}; name it .pdf to read its text")
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise DocumentError(path, f"is {what}, not {kind}; expected a text file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(path, "is UTF-16 encoded; expected UTF-8 (save it as UTF-8)")


def _check_not_binary(path: Path, data: bytes) -> None:
    """Refuse NUL bytes or a high share of control bytes: binary, not text."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DocumentError(
            path, f"contains NUL bytes (the first at offset {nul}): binary, not a text file"
        )
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > BINARY_CONTROL_SHARE * len(data):
        raise DocumentError(
            path,
            f"is {100 * controls / len(data):.0f}% control bytes: binary, not a text file",
        )


def _decode_utf8(path: Path, data: bytes, notes: list[str]) -> str:
    """UTF-8 text without its byte-order mark; a non-UTF-8 byte is an error naming its offset."""
    bom = data.startswith(_UTF8_BOM)
    if bom:
        data = data[len(_UTF8_BOM) :]
        notes.append("removed the UTF-8 byte-order mark")
    return _decode(path, data, "utf-8", skipped=len(_UTF8_BOM) if bom else 0)


def _decode(path: Path, data: bytes, encoding: str, skipped: int = 0) -> str:
    """`data` decoded strictly; the error names the byte, its offset in the file and its line."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + skipped
        line = data.count(b"\n", 0, exc.start) + 1
        raise DocumentError(
            path,
            f"is not valid {encoding.upper()}: byte 0x{data[exc.start]:02x} at offset {offset} "
            f"(line {line}) cannot be decoded; expected {encoding.upper()} text "
            "(convert it, e.g. `iconv -f latin1 -t utf-8`)",
        ) from None


def _html_text(path: Path, data: bytes, notes: list[str]) -> tuple[str, str | None]:
    """The main text of an HTML file (trafilatura, from the bytes read) and its title."""
    import trafilatura

    declared = _declared_charset(data)
    if data.startswith(_UTF8_BOM) or declared in (None, "utf-8"):
        html = _decode_utf8(path, data, notes)
    else:
        html = _decode(path, data, declared)
        notes.append(f"decoded as {declared}, the charset the file declares")
    html = normalise(html, notes)
    match = _TITLE.search(html, 0, 200_000)
    title = _clean_title(match.group(1)) if match else None
    try:
        if not title:
            metadata = trafilatura.extract_metadata(html)
            title = _clean_title(metadata.title) if metadata and metadata.title else None
        text = trafilatura.extract(
            html,
            url=None,  # never fetched: the content is the file's
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            with_metadata=False,
        )
        if not text or not text.strip():
            text = trafilatura.html2txt(html)
            if text.strip():
                notes.append("no main article found; kept all visible text of the page")
    except Exception as exc:  # a third-party parser on untrusted input: report, don't crash
        raise DocumentError(path, f"cannot be read as HTML ({type(exc).__name__}: {exc})") from exc
    if not text or not text.strip():
        raise DocumentError(
            path, "has no text outside scripts, styles and markup; expected an HTML page with text"
        )
    extra: list[str] = []
    text = normalise(text, extra)
    notes.extend(note for note in extra if note not in notes)
    return text, title


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML file declares in a <meta> tag, by Python's name, if it is known."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "utf-8" if name in ("utf-8", "utf-8-sig") else name


def _clean_title(title: str) -> str | None:
    """A title on one line, HTML entities resolved, or None if blank."""
    import html

    title = " ".join(html.unescape(title).split())[:_TITLE_CHARS].strip()
    return title or None


def _markdown_title(text: str) -> str | None:
    """The text of the first ATX heading (``# Title``) of a Markdown document."""
    match = _MD_HEADING.search(text)
    if not match:
        return None
    title = match.group(1).strip()
    closed = title.rstrip("#")  # a closing sequence of #s, if a space precedes it
    if closed != title and (not closed or closed[-1] in " \t"):
        title = closed.strip()
    return title[:_TITLE_CHARS].strip() or None


def _pdf_text(path: Path, data: bytes, notes: list[str]) -> tuple[str, str | None]:
    """The PDF's page texts (pypdf), joined with blank lines, and its title from the metadata."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except Exception:  # e.g. AES without `cryptography`, or a broken encryption dictionary
                opened = False
            if not opened:
                raise DocumentError(
                    path,
                    "the PDF is encrypted; decrypt it first (e.g. `qpdf --decrypt "
                    "--password=… in.pdf out.pdf`)",
                )
            notes.append("the PDF is encrypted with an empty user password; read it as such")
        pages: list[str] = []
        blank: list[int] = []
        for number, page in enumerate(reader.pages, start=1):
            page_text = (page.extract_text() or "").strip()
            if page_text:
                pages.append(page_text)
            else:
                blank.append(number)
        title = None
        if reader.metadata is not None and reader.metadata.title:
            title = _clean_title(str(reader.metadata.title))
    except DocumentError:
        raise
    except Exception as exc:  # a third-party parser on untrusted input: report, don't crash
        raise DocumentError(
            path, f"cannot be read as a PDF ({type(exc).__name__}: {exc}); expected a valid PDF"
        ) from exc
    if not pages:
        raise DocumentError(
            path,
            "the PDF has no text layer (scanned?); run OCR first (e.g. `ocrmypdf in.pdf out.pdf`)",
        )
    if blank:
        shown = ", ".join(map(str, blank[:10])) + (", …" if len(blank) > 10 else "")
        notes.append(
            f"{len(blank)} of {len(blank) + len(pages)} page(s) have no text "
            f"(scanned?): page {shown}"
        )
    return "\n\n".join(pages), title
