"""What cannot be attached is refused with a sentence the applicant can act on, whatever the file's
name and the browser say it is, and the sentence never repeats the file's name or content."""

import pytest

from core.errors import Refused
from core.uploads import clean_upload

from . import upload_samples as samples
from .upload_samples import documents, pdfs, pictures

MAX_BYTES = 10 * 1024 * 1024
NOT_ATTACHABLE = (
    "This kind of file cannot be attached. "
    "Attach PDF, JPEG, PNG, HEIC (phone photos), DOCX, XLSX, ODT, ODS or plain text."
)
UNREADABLE_DOCX = "This file could not be read as a Word document (DOCX). Save it again and attach the new copy."
TOO_LARGE_UNPACKED = (
    "This document is too large once unpacked (over 100 MB or 2000 parts). "
    "Split it into smaller documents and attach them."
)
MACROS_OOXML = "This document holds macros, so it cannot be attached. Save it without macros (as .docx or .xlsx)."
MACROS_ODF = "This document holds macros, so it cannot be attached. Save it without macros (as .odt or .ods)."
PASSWORD = "This file is protected by a password. Save a copy without the password and attach that."
NOT_UTF8 = "This text file is not in UTF-8. Save it as UTF-8 and attach it again."


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The suite's own clears the cache in the database; these tests use neither."""


def refusal(data: bytes, name: str = "attachment.bin", *, content_type: str = "application/octet-stream", **limits):
    with pytest.raises(Refused) as refused:
        clean_upload(samples.uploaded(data, name, content_type), max_bytes=limits.get("max_bytes", MAX_BYTES))
    return refused.value.message


@pytest.mark.parametrize(
    ("build", "name", "content_type"),
    [
        pytest.param(lambda: samples.HTML_PAGE, "budget.pdf", "application/pdf", id="web page named .pdf"),
        pytest.param(samples.windows_program, "setup.exe", "application/x-msdownload", id="Windows program"),
        pytest.param(samples.windows_program, "photo.jpg", "image/jpeg", id="Windows program named .jpg"),
        pytest.param(samples.random_bytes, "tool.exe", "application/x-msdownload", id="program without header"),
        pytest.param(lambda: samples.SVG, "logo.svg", "image/svg+xml", id="SVG"),
        pytest.param(lambda: samples.SVG, "logo.png", "image/png", id="SVG named .png"),
        pytest.param(lambda: samples.zipped({"notes.txt": b"Safe houses"}), "notes.zip", "application/zip", id="zip"),
    ],
)
def test_a_file_of_a_kind_not_allowed_is_refused_whatever_its_name(build, name, content_type):
    assert refusal(build(), name, content_type=content_type) == NOT_ATTACHABLE


def test_the_refusal_does_not_repeat_the_files_name():
    message = refusal(samples.HTML_PAGE, "Amina Canary - safe houses.pdf")
    assert "Amina" not in message
    assert "html" not in message.lower()


@pytest.mark.parametrize(
    ("max_bytes", "message"),
    [(10 * 1024 * 1024, "This file is larger than 10 MB."), (5 * 1024 * 1024 // 2, "This file is larger than 2.5 MB.")],
)
def test_a_file_over_the_limit_is_refused_with_the_limit_in_mb(max_bytes, message):
    assert refusal(samples.ARABIC.encode() * (max_bytes // 90 + 1), max_bytes=max_bytes) == message


def test_a_file_of_exactly_the_limit_is_accepted():
    data = b"a" * 1024
    assert clean_upload(samples.uploaded(data), max_bytes=1024).content == data


class Endless:
    """A stream that says it holds 10 bytes and never ends."""

    size = 10
    name = "notes.txt"

    def __init__(self):
        self.chunks_read = 0

    def chunks(self):
        while True:
            self.chunks_read += 1
            yield b"a" * 64 * 1024


def test_a_stream_longer_than_it_declared_is_refused_as_soon_as_it_passes_the_limit():
    stream = Endless()
    with pytest.raises(Refused) as refused:
        clean_upload(stream, max_bytes=1024 * 1024)
    assert refused.value.message == "This file is larger than 1 MB."
    assert stream.chunks_read == 17  # 16 chunks make 1 MB


def test_an_empty_file_is_refused():
    assert refusal(b"", "budget.pdf") == "This file is empty."


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(pdfs.encrypted_pdf, PASSWORD, id="PDF with a password"),
        pytest.param(
            pdfs.truncated_pdf,
            "This file could not be read as a PDF. Save it again and attach the new copy.",
            id="PDF cut short",
        ),
        pytest.param(
            pdfs.pdf_without_pages,
            "This file could not be read as a PDF. Save it again and attach the new copy.",
            id="PDF without pages",
        ),
        pytest.param(
            lambda: pictures.jpeg()[:700],
            "This file could not be read as a JPEG picture. Save it again and attach the new copy.",
            id="JPEG cut short",
        ),
        pytest.param(
            documents.mimetype_only_zip,
            "This file could not be read as an OpenDocument text (ODT). Save it again and attach the new copy.",
            id="zip of a mimetype entry only",
        ),
        pytest.param(documents.encrypted_odt, PASSWORD, id="ODT with a password"),
    ],
)
def test_a_file_that_cannot_be_opened_is_refused(build, message):
    assert refusal(build()) == message


@pytest.mark.parametrize(
    "photo",
    [
        pytest.param(b"GIF89a", id="not a JPEG"),
        pytest.param(b"\xff\xd8junk", id="no marker after its start"),
        pytest.param(pictures.jpeg()[:300], id="cut in a segment"),
        pytest.param(pictures.jpeg()[:-100], id="cut in its pixels"),
    ],
)
def test_a_pdf_showing_a_broken_jpeg_is_refused(photo):
    message = "This file could not be read as a PDF. Save it again and attach the new copy."
    assert refusal(pdfs.pdf_with_broken_photo(photo)) == message


@pytest.mark.parametrize(
    ("width", "height"),
    [(7100, 7100), (10000, 10000), (20000, 20000)],
    ids=["50.4 megapixels", "100 megapixels, over Pillow's bound", "400 megapixels, a bomb"],
)
def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(width, height):
    """Its few bytes claim the size in their header; decoding them would fill the memory."""
    message = "This picture is too large (over 50 million pixels). Save a smaller copy and attach it."
    assert refusal(pictures.png_claiming(width, height)) == message


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: documents.zip_of_many_zeros(1, 200), id="200 MB of zeros in 200 KB"),
        pytest.param(lambda: documents.zip_of_many_zeros(1, 30), id="a part unpacking a thousandfold"),
        pytest.param(lambda: documents.zip_of_many_zeros(12, 9), id="12 parts of 9 MB"),
        pytest.param(documents.docx_of_many_parts, id="2,000 parts"),
    ],
)
def test_a_document_that_would_unpack_beyond_bounds_is_refused(build):
    assert refusal(build(), "budget.docx") == TOO_LARGE_UNPACKED


def test_a_part_holding_more_than_it_declares_is_refused():
    assert refusal(documents.with_declared_size(documents.docx(), "word/document.xml", 100)) == UNREADABLE_DOCX


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(documents.docx_declaring_entities, id="entities, a billion laughs"),
        pytest.param(documents.zip_of_twins, id="two parts of one name"),
        pytest.param(documents.docx_template, id="a template"),
    ],
)
def test_a_word_document_that_is_not_quite_one_is_refused(build):
    assert refusal(build()) == UNREADABLE_DOCX


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(lambda: documents.docx_with("word/vbaProject.bin", b"\xd0\xcf\x11\xe0"), MACROS_OOXML, id="VBA"),
        pytest.param(documents.docx_declaring_macros, MACROS_OOXML, id="macro-enabled content type"),
        pytest.param(lambda: documents.odt_with("Basic/Standard/Module1.xml", b"<x/>"), MACROS_ODF, id="ODT Basic"),
        pytest.param(documents.odt_running, MACROS_ODF, id="ODT running a macro on opening"),
    ],
)
def test_a_document_holding_macros_is_refused(build, message):
    assert refusal(build()) == message


@pytest.mark.parametrize("name", ["word/embeddings/tool.exe", "tool.exe", "word/fonts/font1.odttf"])
def test_a_document_holding_a_part_of_unknown_kind_is_refused(name):
    message = (
        "This document holds embedded files or other parts that cannot be checked. "
        "Remove them, or save the document as PDF, and attach it again."
    )
    assert refusal(documents.docx_with(name, samples.windows_program())) == message


def test_a_document_linking_to_a_file_elsewhere_is_refused():
    message = (
        "This document draws on other files, on the computer it was made on or online (linked pictures, "
        "data or objects). Remove those links, or save it as PDF, and attach it again."
    )
    assert refusal(documents.docx_linking()) == message


def test_a_document_holding_a_picture_that_cannot_be_rewritten_is_refused():
    message = (
        "This document holds a picture or other media in a format that cannot be checked. "
        "Use JPEG or PNG pictures, or save it as PDF, and attach it again."
    )
    assert refusal(documents.docx_with("word/media/image9.emf", b"\x01\x00\x00\x00" + bytes(100))) == message


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("Café près de la gare".encode("latin-1"), id="Latin-1"),
        pytest.param(samples.ARABIC.encode("cp1256"), id="Windows Arabic"),
        pytest.param(samples.ARABIC.encode("utf-16"), id="UTF-16"),
    ],
)
def test_a_text_file_not_in_utf8_is_refused(data):
    assert refusal(data, "notes.txt", content_type="text/plain") == NOT_UTF8
