"""Small files that cost a reader far more than their size, made on the spot for the tests."""

from __future__ import annotations

import io
import zipfile
import zlib

import docx


def inflating_pdf(inflated_mb: int) -> bytes:
    """A valid one-page PDF whose content stream inflates to ``inflated_mb`` MB of text operators.

    pdfium takes some 15 bytes of memory per inflated byte to lay such a page out: 120 MB
    inflated asks for ~1.8 GB, from a file of about 0.4 MB (400 MB from 1.2 MB).
    """
    compressor = zlib.compressobj(9)
    chunk = b"BT /F1 11 Tf 56 790 Td (Ofsted inspection text) Tj ET\n" * 20000
    parts, total = [], 0
    while total < inflated_mb * 1024 * 1024:
        parts.append(compressor.compress(chunk))
        total += len(chunk)
    stream = b"".join(parts) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def many_paragraphs_docx(paragraphs: int, styled: bool = True) -> bytes:
    """A Word document of ``paragraphs`` short paragraphs (100,000 zip to about 50 KB)."""
    document = docx.Document()
    document.add_heading("Monitoring visit to Manyshire", 1)
    document.add_paragraph("Published: 3 May 2024")
    template = io.BytesIO()
    document.save(template)
    style = '<w:pPr><w:pStyle w:val="ListParagraph"/></w:pPr>' if styled else ""
    body = "".join(
        f"<w:p>{style}<w:r><w:t>Point {n} was checked.</w:t></w:r></w:p>" for n in range(paragraphs)
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", body.encode() + b"<w:sectPr", 1)
            target.writestr(info.filename, data)
    return out.getvalue()
