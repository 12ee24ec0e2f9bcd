"""PDFs: one naming its author in each place a PDF can, polyglots, and broken ones."""

import io

import pikepdf

from . import AUTHOR, HTML
from .pictures import scanned_jpeg, xmp_packet


def handmade_pdf(*objects: bytes, before: bytes = b"", after: bytes = b"") -> bytes:
    """Objects numbered from 1 (the catalog first), with a correct cross-reference table, and
    whatever else `before` and `after` put around them."""
    out = bytearray(b"%PDF-1.4\n" + before)
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out + after)


def pdf_html_polyglot() -> bytes:
    """A PDF to a PDF reader, a web page to a browser sniffing past its first line."""
    return handmade_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        before=b"%" + HTML + b"\n",
        after=HTML,
    )


PDF_PLACES = (
    "info", "xmp", "page xmp", "application data", "annotation", "photo", "attachment", "file annotation",
    "javascript", "link script", "form",
)  # fmt: skip


def pdf_naming_author(place: str = "info", pages: int = 3) -> bytes:
    """A PDF with the author's name in one `place` of PDF_PLACES, uncompressed so it can be seen."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    if place == "info":
        pdf.docinfo.update({"/Author": AUTHOR, "/Creator": AUTHOR, "/Producer": AUTHOR})
    elif place == "xmp":
        pdf.Root.Metadata = pdf.make_stream(xmp_packet(), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    elif place == "page xmp":
        page.obj.Metadata = pdf.make_stream(xmp_packet(), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    elif place == "application data":
        private = pikepdf.Dictionary(Private=pdf.make_stream(AUTHOR.encode()), LastModified="D:20250301")
        page.obj.PieceInfo = pikepdf.Dictionary(Illustrator=private)
    elif place == "annotation":
        note = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[50, 700, 70, 720])
        note.T, note.Contents = AUTHOR, "Check the figures"
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(note)]))
    elif place == "photo":
        photo = pdf.make_stream(scanned_jpeg(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image)
        photo.update({"/Width": 60, "/Height": 40, "/ColorSpace": pikepdf.Name.DeviceRGB, "/BitsPerComponent": 8})
        photo.Filter = pikepdf.Name.DCTDecode
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=photo))
        page.obj.Contents = pdf.make_stream(b"q 300 0 0 200 100 500 cm /Im0 Do Q")
    elif place == "attachment":
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, AUTHOR.encode(), description="notes")
        pdf.Root.Collection = pikepdf.Dictionary(View=pikepdf.Name.D)  # shown as a portfolio of files
    elif place == "file annotation":
        spec = pikepdf.AttachedFileSpec(pdf, AUTHOR.encode(), filename="notes.txt").obj
        pin = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment, Rect=[50, 700, 70, 720])
        pin.FS = spec
        page.obj.Annots = pikepdf.Array([pdf.make_indirect(pin)])
    elif place == "javascript":
        script = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=f"app.alert('{AUTHOR}')"))
        pdf.Root.OpenAction = script
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=["init", script]))
        page.obj.AA = pikepdf.Dictionary(O=script)
    elif place == "link script":
        script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=f"app.alert('{AUTHOR}')")
        links = [pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[50, 700, 200, 720])]
        links.append(pikepdf.Dictionary(links[0]))
        links[0].A = script
        links[1].A = pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://example.org/", Next=script)
        page.obj.Annots = pikepdf.Array([pdf.make_indirect(link) for link in links])
    elif place == "form":
        xfa = pdf.make_stream(b"<xdp:xdp><author>" + AUTHOR.encode() + b"</author></xdp:xdp>")
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=xfa)
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=False)
    return buffer.getvalue()


def restricted_pdf() -> bytes:
    """A PDF that opens without a password, its owner's password forbidding only changes."""
    buffer = io.BytesIO()
    pikepdf.open(io.BytesIO(pdf_naming_author())).save(buffer, encryption=pikepdf.Encryption(user="", owner="secret"))
    return buffer.getvalue()


def pdf_with_broken_photo(photo: bytes) -> bytes:
    """A page showing `photo` as a JPEG."""
    return handmade_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> >>",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8"
        b" /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream" % (len(photo), photo),
    )


def pdf_drawn_in_hex() -> bytes:
    """A page drawn by a stream in ASCII hex, an encoding qpdf would unpack to compress it anew."""
    drawing = b"0 0 m 100 100 l S".hex().encode() + b">"
    return handmade_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /ASCIIHexDecode >>\nstream\n%s\nendstream" % (len(drawing), drawing),
    )


def pdf_without_pages() -> bytes:
    return handmade_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>")


def encrypted_pdf() -> bytes:
    buffer = io.BytesIO()
    pikepdf.open(io.BytesIO(pdf_naming_author())).save(
        buffer, encryption=pikepdf.Encryption(user="secret", owner="secret")
    )
    return buffer.getvalue()


def truncated_pdf() -> bytes:
    """A PDF cut short, as by a failed download: its pages and their table are gone."""
    data = pdf_naming_author("info", pages=1)
    return data[: data.index(b"4 0 obj")]


def expanded_pdf(data: bytes) -> bytes:
    """Every stream of a PDF uncompressed, so that a name inside one can be seen."""
    buffer = io.BytesIO()
    pikepdf.open(io.BytesIO(data)).save(
        buffer,
        compress_streams=False,
        stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
    )
    return buffer.getvalue()
