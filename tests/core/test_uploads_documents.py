"""Office and OpenDocument files are stored as a new zip of their own parts, cleaned: the author's
name is in none of them, and the document still opens with its text."""

import io
import zipfile

import docx
import openpyxl
import pytest
from lxml import etree
from odf import teletype, text
from odf.opendocument import load
from PIL import Image

from core.uploads import clean_upload

from . import upload_samples as samples
from .upload_samples import documents

MAX_BYTES = 10 * 1024 * 1024
BUILDERS = {"docx": documents.docx, "xlsx": documents.xlsx, "odt": documents.odt, "ods": documents.ods}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The suite's own clears the cache in the database; these tests use neither."""


def cleaned(kind: str):
    return clean_upload(samples.uploaded(BUILDERS[kind](), f"budget.{kind}"), max_bytes=MAX_BYTES)


@pytest.mark.parametrize("kind", BUILDERS)
def test_the_authors_name_is_in_no_part_of_the_document(kind):
    assert any(samples.AUTHOR.encode() in data for data in samples.entries_of(BUILDERS[kind]()).values())
    entries = samples.entries_of(cleaned(kind).content)
    assert [name for name, data in entries.items() if samples.AUTHOR.encode() in data] == []


@pytest.mark.parametrize("kind", BUILDERS)
def test_the_parts_of_the_new_zip_carry_no_date(kind):
    with zipfile.ZipFile(io.BytesIO(cleaned(kind).content)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_word_document_opens_with_its_text_and_comment_by_no_one_in_particular():
    clean = cleaned("docx")
    assert (clean.kind, clean.extension, clean.pages) == ("docx", ".docx", None)
    assert clean.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = docx.Document(io.BytesIO(clean.content))
    assert [paragraph.text for paragraph in document.paragraphs if paragraph.text] == [samples.PARAGRAPH]
    assert (document.core_properties.author, document.core_properties.last_modified_by) == ("", "")
    assert [(comment.author, comment.initials, comment.text) for comment in document.comments] == [
        ("Author", None, "Check the figures")
    ]
    body = samples.entries_of(clean.content)["word/document.xml"]
    assert b'<w:ins w:id="90" w:author="Author" w:date="2025-03-01T10:00:00Z"><w:r><w:t>, 2025</w:t>' in body


def test_a_word_document_loses_its_thumbnail_custom_xml_template_path_and_editing_sessions():
    entries = samples.entries_of(cleaned("docx").content)
    assert [name for name in entries if name.startswith(("customXml/", "docProps/thumbnail"))] == []
    assert b"customXml" not in entries["[Content_Types].xml"] + entries["word/_rels/document.xml.rels"]
    assert b"thumbnail" not in entries["_rels/.rels"]
    assert b"attachedTemplate" not in entries["word/settings.xml"] + entries["word/_rels/settings.xml.rels"]
    assert [name for name, data in entries.items() if b"w:rsid" in data] == []


def test_the_photo_in_a_word_document_is_rewritten_without_its_exif():
    media = samples.entries_of(cleaned("docx").content)["word/media/image1.jpg"]
    image = Image.open(io.BytesIO(media))
    assert (image.format, len(image.getexif())) == ("JPEG", 0)
    assert b"GPS" not in media


def test_a_spreadsheet_opens_with_its_cells_and_comment():
    clean = cleaned("xlsx")
    assert (clean.kind, clean.extension) == ("xlsx", ".xlsx")
    assert clean.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(clean.content)).active
    assert (sheet["A1"].value, sheet["B1"].value) == ("Safe houses", 12500)
    assert (sheet["B1"].comment.author, sheet["B1"].comment.text) == ("Author", "Check the figures")


def test_a_spreadsheet_loses_its_printer_settings_and_the_reference_to_them():
    entries = samples.entries_of(cleaned("xlsx").content)
    assert [name for name in entries if "printerSettings" in name] == []
    assert b"printerSettings" not in entries["xl/worksheets/_rels/sheet1.xml.rels"]
    assert b"rIdPrinter" not in entries["xl/worksheets/sheet1.xml"]
    assert b"<pageSetup " in entries["xl/worksheets/sheet1.xml"]


def test_excels_drawing_of_a_comment_is_stored_as_well_formed_xml():
    drawing = etree.fromstring(samples.entries_of(cleaned("xlsx").content)["xl/drawings/commentsDrawing1.vml"])
    line_break = drawing.find(".//br")
    assert (line_break.getparent().text, line_break.tail) == ("Check", "the figures")
    assert [element.tag.rpartition("}")[2] for element in drawing[-1]][-2:] == ["textbox", "ClientData"]


def test_a_spreadsheet_loses_its_folder_and_its_peoples_accounts():
    entries = samples.entries_of(cleaned("xlsx").content)
    assert b"absPath" not in entries["xl/workbook.xml"]
    assert b"mc:AlternateContent" not in entries["xl/workbook.xml"]
    person = entries["xl/persons/person.xml"]
    assert b'displayName="Author"' in person
    assert b"amina@example.org" not in person
    assert b"providerId" not in person


@pytest.mark.parametrize(
    ("kind", "mimetype"),
    [("odt", b"application/vnd.oasis.opendocument.text"), ("ods", b"application/vnd.oasis.opendocument.spreadsheet")],
)
def test_an_opendocument_opens_with_its_text_and_its_mimetype_first_and_uncompressed(kind, mimetype):
    clean = cleaned(kind)
    assert (clean.kind, clean.extension, clean.content_type) == (kind, f".{kind}", mimetype.decode())
    with zipfile.ZipFile(io.BytesIO(clean.content)) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type, archive.read(first)) == ("mimetype", zipfile.ZIP_STORED, mimetype)
    paragraphs = [teletype.extractText(p) for p in load(io.BytesIO(clean.content)).getElementsByType(text.P)]
    assert paragraphs[0].startswith(samples.PARAGRAPH)
    assert "Check the figures" in paragraphs


@pytest.mark.parametrize("kind", ["odt", "ods"])
def test_an_opendocument_loses_its_thumbnail_configuration_and_printer(kind):
    entries = samples.entries_of(cleaned(kind).content)
    assert [name for name in entries if name.startswith(("Thumbnails/", "Configurations2/"))] == []
    manifest = entries["META-INF/manifest.xml"]
    assert b"Thumbnails" not in manifest
    assert b"Configurations2" not in manifest
    assert b"PrinterName" not in entries["settings.xml"]
    assert b"PrinterSetup" not in entries["settings.xml"]
    assert b'config:name="EmbedFonts"' in entries["settings.xml"]
    assert b"initial-creator" not in entries["meta.xml"]


@pytest.mark.parametrize("kind", ["odt", "ods"])
def test_the_photo_in_an_opendocument_is_rewritten_without_its_exif(kind):
    media = samples.entries_of(cleaned(kind).content)["Pictures/photo.jpg"]
    image = Image.open(io.BytesIO(media))
    assert (image.format, len(image.getexif())) == ("JPEG", 0)
    assert b"GPS" not in media
