"""Office and OpenDocument files as Word, Excel and LibreOffice save them, and zips posing as them."""

import io
import warnings
import zipfile

import docx as python_docx
import openpyxl
from odf import dc, meta, office, table
from odf import text as odf_text
from odf.namespaces import XMLNS
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from openpyxl.comments import Comment

from . import AUTHOR, PARAGRAPH, entries_of, zipped
from .pictures import jpeg, png


def edited(data: bytes, changes: dict) -> bytes:
    """The zip `data` with some entries replaced or added, given as `{name: bytes}` or as
    `{name: (old, new)}` for a replacement inside an entry."""
    entries = entries_of(data)
    for name, change in changes.items():
        entries[name] = entries[name].replace(*change) if isinstance(change, tuple) else change
        assert entries[name] != entries_of(data).get(name), f"{name} unchanged"
    return zipped(entries)


TEMPLATE_PATH = f"file:///C:/Users/{AUTHOR}/AppData/Roaming/Microsoft/Templates/Grant.dotx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx() -> bytes:
    """A Word document by Amina Canary: her name in its properties, a comment, a tracked insertion,
    the path of the template it was made from and the EXIF of a photo in it."""
    document = python_docx.Document()
    paragraph = document.add_paragraph(PARAGRAPH)
    document.add_picture(io.BytesIO(jpeg()))
    document.add_comment(paragraph.runs, text="Check the figures", author=AUTHOR, initials="AC")
    document.core_properties.author = AUTHOR
    document.core_properties.last_modified_by = AUTHOR
    buffer = io.BytesIO()
    document.save(buffer)
    insertion = (
        f'<w:ins w:id="90" w:author="{AUTHOR}" w:date="2025-03-01T10:00:00Z"><w:r><w:t>, 2025</w:t></w:r></w:ins>'
    )
    template_rel = (
        '<Relationship Id="rIdTemplate" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/attachedTemplate" Target="{TEMPLATE_PATH}" TargetMode="External"/></Relationships>'
    )
    return edited(
        buffer.getvalue(),
        {
            "word/document.xml": (b"</w:p>", insertion.encode() + b"</w:p>"),
            "word/settings.xml": (b"<w:defaultTabStop", b'<w:attachedTemplate r:id="rIdTemplate"/><w:defaultTabStop'),
            "word/_rels/settings.xml.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
                f'"http://schemas.openxmlformats.org/package/2006/relationships">{template_rel}'
            ).encode(),
        },
    )


def docx_with(name: str, data: bytes) -> bytes:
    return edited(docx(), {name: data})


def docx_linking() -> bytes:
    """A Word document whose picture is not in it but in a file it points to."""
    link = (
        '<Relationship Id="rIdLinked" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'image" Target="file:///C:/Users/Public/photo.jpg" TargetMode="External"/></Relationships>'
    )
    return edited(docx(), {"word/_rels/document.xml.rels": (b"</Relationships>", link.encode())})


def docx_declaring_entities() -> bytes:
    """Entities that expand a billionfold, the "billion laughs"."""
    laughs = b'<!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    return edited(docx(), {"word/document.xml": (b"<w:document ", laughs + b"<w:document ")})


def with_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The zip `data` with the entry `name` declaring `size` bytes, in both its headers."""
    data = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        entry = archive.getinfo(name)
    data[entry.header_offset + 22 : entry.header_offset + 26] = size.to_bytes(4, "little")
    central = data.rindex(name.encode()) - 46  # the central directory comes last, its name after 46 bytes
    assert data[central : central + 4] == b"PK\x01\x02"
    data[central + 24 : central + 28] = size.to_bytes(4, "little")
    return bytes(data)


def docx_template() -> bytes:
    """A Word template (.dotx) renamed .docx: Word would refuse to open it as a document."""
    main = b"wordprocessingml.document.main+xml"
    return edited(docx(), {"[Content_Types].xml": (main, b"wordprocessingml.template.main+xml")})


def docx_declaring_macros() -> bytes:
    main = b"wordprocessingml.document.main+xml"
    return edited(docx(), {"[Content_Types].xml": (main, b"ms-word.document.macroEnabled.main+xml")})


def docx_of_many_parts() -> bytes:
    return zipped(entries_of(docx()) | {f"word/part{number}.xml": b"<a/>" for number in range(2001)})


def xlsx() -> bytes:
    """A spreadsheet by Amina Canary, as Excel saves one: her name as creator, as a comment's
    author, as a person of the threaded comments, in the folder it was saved in and in the
    printer's settings; the comment's drawing in Excel's VML, which is not well-formed XML."""
    workbook = openpyxl.Workbook()
    workbook.properties.creator = workbook.properties.lastModifiedBy = AUTHOR
    sheet = workbook.active
    sheet["A1"], sheet["B1"] = "Safe houses", 12500
    sheet["B1"].comment = Comment("Check the figures", AUTHOR)
    buffer = io.BytesIO()
    workbook.save(buffer)
    folder = (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/'
        f'spreadsheetml/2010/11/ac" url="C:\\Users\\{AUTHOR}\\Documents\\"/></mc:Choice></mc:AlternateContent>'
    )
    persons = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<personList xmlns='
        '"http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName='
        f'"{AUTHOR}" id="{{6A1F8C2E-0000-4000-8000-000000000001}}" userId="amina@example.org" providerId="AD"/>'
        "</personList>"
    )
    persons_rel = (
        '<Relationship Id="rIdPersons" Type="http://schemas.microsoft.com/office/2017/10/relationships/'
        'person" Target="persons/person.xml"/></Relationships>'
    )
    printer_rel = (
        '<Relationship Id="rIdPrinter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'printerSettings" Target="../printerSettings/printerSettings1.bin"/></Relationships>'
    )
    page_setup = (
        b'<pageSetup xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdPrinter"/>'
    )
    bin_type = (
        b'<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        b'printerSettings"/>'
    )
    return edited(
        buffer.getvalue(),
        {
            "xl/workbook.xml": (b"<workbookPr/>", b"<workbookPr/>" + folder.encode()),
            "xl/persons/person.xml": persons.encode(),
            "xl/_rels/workbook.xml.rels": (b"</Relationships>", persons_rel.encode()),
            "xl/printerSettings/printerSettings1.bin": f"{AUTHOR} laser".encode("utf-16-le") + bytes(200),
            "xl/worksheets/_rels/sheet1.xml.rels": (b"</Relationships>", printer_rel.encode()),
            "xl/worksheets/sheet1.xml": (b"<legacyDrawing", page_setup + b"<legacyDrawing"),
            "[Content_Types].xml": (b"<Default Extension", bin_type + b"<Default Extension", 1),
            "xl/drawings/commentsDrawing1.vml": (
                b'<div style="text-align:left"/>',
                b'<div style="text-align:left"><font face="Tahoma">Check<br>the figures</font></div>',
            ),
        },
    )


def _tracked_insertion(paragraph):
    """`, 2025` added to `paragraph` by Amina Canary with changes tracked; returns the changes."""
    changes = odf_text.TrackedChanges()
    region = odf_text.ChangedRegion(qattributes={(XMLNS, "id"): "ct1"}, id="ct1")
    insertion = odf_text.Insertion()
    info = office.ChangeInfo()
    info.addElement(dc.Creator(text=AUTHOR))
    info.addElement(dc.Date(text="2025-03-01T10:00:00"))
    insertion.addElement(info)
    region.addElement(insertion)
    changes.addElement(region)
    paragraph.addElement(odf_text.ChangeStart(changeid="ct1"))
    paragraph.addElement(odf_text.Span(text=", 2025"))
    paragraph.addElement(odf_text.ChangeEnd(changeid="ct1"))
    return changes


def _opendocument(document, body) -> bytes:
    """An OpenDocument by Amina Canary, as LibreOffice saves one: her name as creator and on a
    comment, a printer of hers in the settings, a thumbnail; `body` puts the paragraph in place."""
    document.meta.addElement(meta.InitialCreator(text=AUTHOR))
    document.meta.addElement(dc.Creator(text=AUTHOR))
    paragraph = odf_text.P(text=PARAGRAPH)
    note = office.Annotation()
    note.addElement(dc.Creator(text=AUTHOR))
    note.addElement(odf_text.P(text="Check the figures"))
    paragraph.addElement(note)
    body(document, paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    settings = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings xmlns:office="urn:oasis:names:tc:'
        'opendocument:xmlns:office:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
        'office:version="1.3"><office:settings><config:config-item-set config:name="ooo:configuration-settings">'
        f'<config:config-item config:name="PrinterName" config:type="string">{AUTHOR} laser</config:config-item>'
        '<config:config-item config:name="PrinterSetup" config:type="base64Binary">'
        "QW1pbmEgQ2FuYXJ5IGxhc2Vy</config:config-item>"
        '<config:config-item config:name="EmbedFonts" config:type="boolean">false</config:config-item>'
        "</config:config-item-set></office:settings></office:document-settings>"
    )
    manifest_entries = (
        '<manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/>'
        '<manifest:file-entry manifest:full-path="Pictures/photo.jpg" manifest:media-type="image/jpeg"/>'
        '<manifest:file-entry manifest:full-path="Configurations2/" manifest:media-type='
        '"application/vnd.sun.xml.ui.configuration"/></manifest:manifest>'
    )
    return edited(
        buffer.getvalue(),
        {
            "settings.xml": settings.encode(),
            "Thumbnails/thumbnail.png": png(),
            "Pictures/photo.jpg": jpeg(),
            "Configurations2/accelerator/current.xml": b"",
            "META-INF/manifest.xml": (b"</manifest:manifest>", manifest_entries.encode()),
        },
    )


def odt() -> bytes:
    def body(document, paragraph):
        document.text.addElement(_tracked_insertion(paragraph))
        document.text.addElement(paragraph)

    return _opendocument(OpenDocumentText(), body)


def ods() -> bytes:
    def body(document, paragraph):
        sheet = table.Table(name="Budget")
        row = table.TableRow()
        cell = table.TableCell()
        cell.addElement(paragraph)
        row.addElement(cell)
        sheet.addElement(row)
        document.spreadsheet.addElement(sheet)

    return _opendocument(OpenDocumentSpreadsheet(), body)


def odt_with(name: str, data: bytes) -> bytes:
    return edited(odt(), {name: data})


def encrypted_odt() -> bytes:
    """An ODT saved with a password: its manifest says how each part was encrypted."""
    encryption = (
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        b'<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"/>'
        b"</manifest:file-entry></manifest:manifest>"
    )
    return edited(odt(), {"META-INF/manifest.xml": (b"</manifest:manifest>", encryption)})


def odt_running() -> bytes:
    """An ODT that runs a macro when it is opened."""
    listener = (
        '<office:event-listeners xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><script:event-listener script:language="ooo:script" '
        'script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic'
        '&amp;location=document"/></office:event-listeners>'
    )
    return edited(
        odt(),
        {"content.xml": (b"<office:body>", f"<office:scripts>{listener}</office:scripts>".encode() + b"<office:body>")},
    )


def zip_of_twins() -> bytes:
    """A Word document with two parts of one name: readers disagree on which one counts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns of the duplicate it is told to write
        for name, data in entries_of(docx()).items():
            archive.writestr(name, data)
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body/></w:document>')
    return buffer.getvalue()


def zip_of_many_zeros(parts: int, megabytes: int) -> bytes:
    """A Word document with `parts` more parts of `megabytes` of zeros each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in entries_of(docx()).items():
            archive.writestr(name, data)
        for part in range(parts):
            with archive.open(f"word/filler{part}.xml", "w") as filler:
                for _ in range(megabytes):
                    filler.write(bytes(1 << 20))
    return buffer.getvalue()


def mimetype_only_zip() -> bytes:
    """Nothing but the first entry of an OpenDocument text: a zip that only looks like one."""
    return zipped({"mimetype": b"application/vnd.oasis.opendocument.text"})
