"""PDFs are stored as qpdf writes them again: without their author's name wherever a PDF keeps it,
without scripts or embedded files, and without the bytes a polyglot hides around its objects."""

import io
import subprocess

import pikepdf
import pypdf
import pytest
from PIL import Image

from core.uploads import clean_upload

from . import upload_samples as samples
from .upload_samples import pdfs, pictures

MAX_BYTES = 10 * 1024 * 1024


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The suite's own clears the cache in the database; these tests use neither."""


def cleaned(data: bytes, name: str = "proposal.pdf"):
    return clean_upload(samples.uploaded(data, name, "application/pdf"), max_bytes=MAX_BYTES)


def qpdf_check(content: bytes, tmp_path) -> subprocess.CompletedProcess:
    path = tmp_path / "clean.pdf"
    path.write_bytes(content)
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("place", pdfs.PDF_PLACES)
def test_the_authors_name_is_gone_from_wherever_the_pdf_kept_it(place, tmp_path):
    original = pdfs.pdf_naming_author(place)
    assert samples.AUTHOR.encode() in original
    clean = cleaned(original)
    assert (clean.kind, clean.extension, clean.content_type, clean.pages) == ("pdf", ".pdf", "application/pdf", 3)
    assert samples.AUTHOR.encode() not in clean.content
    assert samples.AUTHOR.encode() not in pdfs.expanded_pdf(clean.content)
    assert qpdf_check(clean.content, tmp_path).returncode == 0
    assert len(pypdf.PdfReader(io.BytesIO(clean.content)).pages) == 3


def test_no_document_information_or_xmp_is_left():
    with pikepdf.open(io.BytesIO(cleaned(pdfs.pdf_naming_author("info")).content)) as pdf:
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root


def test_scripts_actions_on_opening_and_attachments_are_gone():
    for place in ("javascript", "link script", "attachment", "file annotation"):
        expanded = pdfs.expanded_pdf(cleaned(pdfs.pdf_naming_author(place)).content)
        for trace in (b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"/EmbeddedFile", b"/AF", b"/Collection"):
            assert trace not in expanded


def test_the_photo_in_a_pdf_keeps_its_pixels_and_loses_its_exif():
    clean = cleaned(pdfs.pdf_naming_author("photo"))
    with pikepdf.open(io.BytesIO(clean.content)) as pdf:
        stream = pdf.pages[0].Resources.XObject.Im0
        stored = stream.read_raw_bytes()
        assert stored.count(b"\xff\xda") > 1  # all the scans of a progressive JPEG
        assert b"ICC_PROFILE" in stored  # it says how to read the colours
        pixels = pikepdf.PdfImage(stream).as_pil_image().tobytes()
    assert pixels == Image.open(io.BytesIO(pictures.scanned_jpeg())).tobytes()
    assert b"Exif" not in stored
    assert b"xmpmeta" not in stored


def test_the_copy_does_not_carry_the_originals_identifier():
    original = pdfs.pdf_naming_author("info")
    with pikepdf.open(io.BytesIO(original)) as pdf:
        identifiers = [bytes(half).hex().encode() for half in pdf.trailer.ID]
    content = cleaned(original).content.lower()
    assert all(identifier not in content for identifier in identifiers)


def test_a_pdf_that_is_also_a_web_page_is_stored_as_a_pdf_only(tmp_path):
    clean = cleaned(pdfs.pdf_html_polyglot(), "report.html")
    assert (clean.kind, clean.pages) == ("pdf", 1)
    assert b"<script" not in clean.content
    assert b"<html" not in clean.content
    assert qpdf_check(clean.content, tmp_path).returncode == 0


def test_the_streams_of_a_pdf_are_copied_as_encoded_never_unpacked():
    """The hex stream stands for LZW ones, which qpdf unpacks alike and which can unpack a
    thousandfold."""
    with pikepdf.open(io.BytesIO(cleaned(pdfs.pdf_drawn_in_hex()).content)) as pdf:
        drawing = pdf.pages[0].Contents
        assert drawing.Filter == pikepdf.Name.ASCIIHexDecode
        assert drawing.read_bytes() == b"0 0 m 100 100 l S"


def test_a_pdf_that_opens_without_a_password_is_stored_without_its_restrictions():
    clean = cleaned(pdfs.restricted_pdf())
    assert clean.pages == 3
    with pikepdf.open(io.BytesIO(clean.content)) as pdf:
        assert not pdf.is_encrypted
