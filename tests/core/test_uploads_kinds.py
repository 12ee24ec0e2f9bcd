"""The kind of a file comes from its bytes, never from its name or the browser's content type; plain
text is kept exactly, as UTF-8."""

import pytest
from django.utils.functional import Promise

from core.uploads import ALLOWED_DESCRIPTION, clean_upload

from . import upload_samples as samples
from .upload_samples import documents, pdfs, pictures

MAX_BYTES = 10 * 1024 * 1024


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The suite's own clears the cache in the database; these tests use neither."""


@pytest.mark.parametrize(
    ("build", "name", "kind", "extension", "content_type"),
    [
        pytest.param(pictures.png, "report.pdf", "png", ".png", "image/png", id="PNG named .pdf"),
        pytest.param(pictures.heic, "photo.png", "jpeg", ".jpg", "image/jpeg", id="HEIC named .png"),
        pytest.param(
            lambda: pictures.heic().replace(b"ftypheic", b"ftypmif1", 1),
            "photo.heif",
            "jpeg",
            ".jpg",
            "image/jpeg",
            id="HEIF of the mif1 brand",
        ),
        pytest.param(pdfs.pdf_naming_author, "budget.docx", "pdf", ".pdf", "application/pdf", id="PDF as .docx"),
        pytest.param(
            documents.xlsx,
            "budget.docx",
            "xlsx",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            id="XLSX named .docx",
        ),
        pytest.param(
            documents.ods,
            "budget.odt",
            "ods",
            ".ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            id="ODS as .odt",
        ),
        pytest.param(
            lambda: samples.ARABIC.encode(), "notes.exe", "txt", ".txt", "text/plain; charset=utf-8", id="text as .exe"
        ),
        pytest.param(
            lambda: b"line,amount,currency\nSafe houses,12500,EUR\nTransport,800,EUR\n",
            "budget.csv",
            "txt",
            ".txt",
            "text/plain; charset=utf-8",
            id="CSV",
        ),
    ],
)
def test_the_kind_follows_the_bytes_not_the_name(build, name, kind, extension, content_type):
    clean = clean_upload(samples.uploaded(build(), name, "application/x-msdownload"), max_bytes=MAX_BYTES)
    assert (clean.kind, clean.extension, clean.content_type) == (kind, extension, content_type)


def test_a_zip_whose_first_part_is_not_the_usual_one_is_still_known_by_its_parts():
    entries = samples.entries_of(documents.docx())
    reordered = samples.zipped({"word/document.xml": entries.pop("word/document.xml")} | entries)
    clean = clean_upload(samples.uploaded(reordered), max_bytes=MAX_BYTES)
    assert clean.kind == "docx"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(samples.ARABIC.encode(), id="UTF-8"),
        pytest.param(b"\xef\xbb\xbf" + samples.ARABIC.encode(), id="BOM"),
    ],
)
def test_utf8_text_is_kept_exactly_without_a_byte_order_mark(data):
    clean = clean_upload(samples.uploaded(data, "notes.txt", "text/plain"), max_bytes=MAX_BYTES)
    assert (clean.kind, clean.extension, clean.pages) == ("txt", ".txt", None)
    assert clean.content == samples.ARABIC.encode()
    assert clean.content.decode() == samples.ARABIC


def test_the_allowed_kinds_are_described_lazily_so_each_reader_gets_their_language():
    assert isinstance(ALLOWED_DESCRIPTION, Promise)
    assert str(ALLOWED_DESCRIPTION) == "PDF, JPEG, PNG, HEIC (phone photos), DOCX, XLSX, ODT, ODS or plain text"
