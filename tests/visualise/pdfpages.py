"""PDF pages as PNG images (pypdfium2 renders; a PNG is written with zlib), and how inked they are.

For the print tests of the report: Chromium prints the page to PDF, each PDF page becomes a PNG a
person can look at, and `ink` says how much of a page is not white (0.0: a blank page).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PageImage:
    """One rendered page: the PNG written, its size in pixels and its share of non-white pixels."""

    path: Path
    width: int
    height: int
    ink: float


def _png(rows: list[bytes], width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))  # fmt: skip


def pdf_pages_to_png(pdf: bytes, folder: Path, stem: str, *, scale: float = 1.0) -> list[PageImage]:
    """Render every page of `pdf` to ``folder/stem-N.png`` (72 dpi × `scale`)."""
    import pypdfium2 as pdfium

    out = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(doc)):
            bitmap = doc[i].render(scale=scale, rev_byteorder=True)  # RGB(A) byte order
            data, n = bytes(bitmap.buffer), bitmap.n_channels
            rows, inked = [], 0
            for y in range(bitmap.height):
                line = data[y * bitmap.stride : y * bitmap.stride + bitmap.width * n]
                rgb = line if n == 3 else b"".join(line[x : x + 3] for x in range(0, len(line), n))
                rows.append(rgb)
                inked += sum(1 for x in range(0, len(rgb), 3) if min(rgb[x : x + 3]) < 200)
            path = folder / f"{stem}-{i + 1}.png"
            path.write_bytes(_png(rows, bitmap.width, bitmap.height))
            out.append(PageImage(path, bitmap.width, bitmap.height,
                                 inked / (bitmap.width * bitmap.height)))  # fmt: skip
    finally:
        doc.close()
    return out
