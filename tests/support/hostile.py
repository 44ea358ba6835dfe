"""Hostile and odd CV files, made at test time: each is small on disk and nasty to read."""

from __future__ import annotations

import io
import zipfile
import zlib

from tests.support.render import to_docx, to_pdf

CV_TEXT = "\n".join(
    ["Jane Example", "Audit Senior, ACA qualified", "Experience", "Audit Senior, Example LLP, Leeds, 2020 - Present"]
    + [f"- Delivered statutory audit number {i} under FRS 102 with bank reconciliations" for i in range(12)]
)


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(to_pdf(CV_TEXT))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def broken_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + bytes(range(256)) * 40


def truncated_pdf() -> bytes:
    data = to_pdf(CV_TEXT)
    return data[: len(data) // 3]


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from raw objects, with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def looping_pdf() -> bytes:
    """A page tree whose node lists itself among its kids: a naive walk never ends."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ])  # fmt: skip


def ballooning_pdf(megabytes: int = 900) -> bytes:
    """One page whose content stream inflates from about 1 MB to `megabytes` of text operators."""
    unit = b"BT /F1 12 Tf 72 720 Td (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa) Tj ET\n"
    compressor = zlib.compressobj(9)
    chunks = [compressor.compress(unit * (1024 * 1024 // len(unit))) for _ in range(megabytes)]
    stream = b"".join(chunks) + compressor.flush()
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream",
    ])  # fmt: skip


def image_only_pdf() -> bytes:
    """A scan: one page with a picture and no text."""
    from fpdf import FPDF
    from PIL import Image

    image = Image.new("L", (600, 800), color=255)
    for x in range(50, 550):
        for y in range(100, 110):
            image.putpixel((x, y), 0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=180)
    return bytes(pdf.output())


def docx_zip_bomb(megabytes: int = 300) -> bytes:
    """A DOCX whose document.xml inflates from a few hundred KB to hundreds of MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b" " * (1024 * 1024)
            for _ in range(megabytes):
                member.write(block)
    return out.getvalue()


def docx_entity_bomb() -> bytes:
    """Billion laughs inside word/document.xml."""
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{lol}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def encrypted_docx() -> bytes:
    """What Word writes for a password-protected DOCX: an OLE container holding an EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 2048


def legacy_doc() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096 + "WordDocument".encode("utf-16-le")


def png_photo() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048


def plain_docx() -> bytes:
    return to_docx(CV_TEXT)
