"""Small valid PDFs written by hand (no reportlab): pages of Helvetica text lines, or none."""

from __future__ import annotations

from collections.abc import Sequence


def _literal(line: str) -> str:
    """A PDF literal string body: backslash and parentheses escaped (Latin-1 text only)."""
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: Sequence[Sequence[str]], title: str | None = None) -> bytes:
    """A PDF with one page per item, each line of it a text line; a page with no lines has no
    text (as a scanned page), so `make_pdf([[]])` is a PDF without a text layer."""
    objects: list[bytes] = []  # object n is objects[n - 1]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # the page tree, filled in once the pages are numbered
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for lines in pages:
        if lines:
            body = "BT /F1 11 Tf 14 TL 72 740 Td\n" + "".join(
                f"({_literal(line)}) Tj T*\n" for line in lines
            )
            body += "ET\n"
        else:  # a grey rectangle where a scan would be: graphics, no text
            body = "0.5 g 72 72 468 648 re f\n"
        stream = body.encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = None
    if title is not None:
        objects.append(b"<< /Title (%s) >>" % _literal(title).encode("latin-1"))
        info = len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    out += b" /Info %d 0 R >>\n" % info if info else b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
