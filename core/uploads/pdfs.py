"""PDFs opened by qpdf (through pikepdf) and written again from their objects. qpdf writes only
the objects the document uses, so bytes around them (a web page posing as a comment, an earlier
revision, a payload after the end) are not kept. Before writing, what names the author goes: the
document information, XMP metadata everywhere, the authors of comments and the EXIF of photos;
so does what runs or carries other files: JavaScript, actions on opening, embedded files."""

import io

import pikepdf
from pikepdf import Name

from .jpegs import without_metadata
from .kinds import password_protected, unreadable

# XMP; private data applications leave in a page or a document (Illustrator keeps its whole
# file there); actions on events; associated files (PDF 2.0 attachments).
REMOVED_KEYS = (Name.Metadata, Name.PieceInfo, Name.AA, Name.AF)
SAFE_ACTIONS = (Name.GoTo, Name.URI, Name.Named)
# Annotations that carry a file or play media.
CARRIERS = (Name.FileAttachment, Name.Sound, Name.Movie, Name.Screen, Name.RichMedia, Name("/3D"))
# Annotations whose /T is their author's name (on a form field, /T is the field's name).
MARKUP = (
    Name.Text, Name.FreeText, Name.Line, Name.Square, Name.Circle, Name.Polygon, Name.PolyLine,
    Name.Highlight, Name.Underline, Name.Squiggly, Name.StrikeOut, Name.Stamp, Name.Caret, Name.Ink,
    Name.Redact,
)  # fmt: skip
FAILURES = (pikepdf.PdfError, ValueError, TypeError, KeyError, RuntimeError)


def rewrite_pdf(data: bytes) -> tuple[bytes, int]:
    """The rewritten PDF and its number of pages."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise password_protected() from None
    except FAILURES:
        raise unreadable("pdf") from None
    with pdf:
        try:
            pages = len(pdf.pages)
            _strip(pdf)
            buffer = io.BytesIO()
            pdf.save(
                buffer,
                # A new /ID derived from the content, rather than from the time and the file's name.
                deterministic_id=True,
                fix_metadata_version=False,
                linearize=False,
                # Streams are copied as they are encoded. To compress them, qpdf would unpack the
                # LZW and ASCII ones, and 800 KB of LZW unpack to 1.1 GB (3 s of work).
                compress_streams=False,
            )
        except FAILURES:
            raise unreadable("pdf") from None
    if not pages:
        raise unreadable("pdf")
    return buffer.getvalue(), pages


def _strip(pdf: pikepdf.Pdf) -> None:
    # The /ID goes too: qpdf would keep its first half, which ties the copy to the original.
    _remove(pdf.trailer, Name.Info, Name.ID)
    root = pdf.Root
    _remove(root, Name.OpenAction, Name.Collection, *REMOVED_KEYS)
    if Name.Names in root:
        _remove(root.Names, Name.JavaScript, Name.EmbeddedFiles)
    if Name.AcroForm in root:
        _remove(root.AcroForm, Name.XFA)  # forms in XML, with their scripts
    for page in pdf.pages:
        if Name.Annots in page.obj:
            page.obj.Annots = pikepdf.Array(a for a in page.obj.Annots if a.get(Name.Subtype) not in CARRIERS)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            _clean_object(obj)


def _clean_object(obj: pikepdf.Object) -> None:
    _remove(obj, *REMOVED_KEYS)
    action = obj.get(Name.A)
    if isinstance(action, pikepdf.Dictionary):
        if action.get(Name.S) not in SAFE_ACTIONS:
            del obj.A
        else:
            _remove(action, Name.Next)  # a safe action may lead on to one that is not
    if obj.get(Name.Subtype) in MARKUP:
        _remove(obj, Name.T)
    if isinstance(obj, pikepdf.Stream) and obj.get(Name.Subtype) == Name.Image:
        filters = obj.get(Name.Filter)
        if filters == Name.DCTDecode or filters == pikepdf.Array([Name.DCTDecode]):
            obj.write(without_metadata(obj.read_raw_bytes()), filter=Name.DCTDecode)


def _remove(obj: pikepdf.Object, *keys: Name) -> None:
    for key in keys:
        if key in obj:
            del obj[key]
