"""Attachments checked and rewritten before they are stored: what an applicant uploads is never
kept as sent. Its kind is read from its bytes (never from its name or the browser's word), then
the file is opened by its own library and written again without what could betray its author
(GPS positions, names, software, folders, printers) or harm its reader (scripts, macros,
embedded programs, bytes appended for a browser to find). What cannot be rewritten is refused,
with a sentence for the applicant.

    clean = clean_upload(request.FILES["file"], max_bytes=10 * 1024 * 1024)  # or raises Refused
"""

from dataclasses import dataclass

from .images import rewrite_image
from .kinds import ALLOWED_DESCRIPTION, STORED
from .limits import read_within
from .office import rewrite_office
from .pdfs import rewrite_pdf
from .sniff import candidate_kind
from .text import rewrite_text

__all__ = ["ALLOWED_DESCRIPTION", "CleanFile", "clean_upload"]


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    kind: str  # "pdf", "jpeg", "png", "docx", "xlsx", "odt", "ods" or "txt" (HEIC photos are "jpeg")
    extension: str
    content_type: str
    pages: int | None  # of a PDF


def clean_upload(uploaded, *, max_bytes: int) -> CleanFile:
    """The rewritten file, or `core.errors.Refused`. `uploaded` is a Django `UploadedFile`, or any
    file with `size` and `chunks()`; its name and content type are not read."""
    data = read_within(uploaded, max_bytes)
    kind = candidate_kind(data)
    pages = None
    if kind in ("jpeg", "png", "heic"):
        content, kind = rewrite_image(data, kind)
    elif kind == "pdf":
        content, pages = rewrite_pdf(data)
    elif kind == "txt":
        content = rewrite_text(data)
    else:
        content, kind = rewrite_office(data, kind)
    stored = STORED[kind]
    return CleanFile(content, kind, stored.extension, stored.content_type, pages)
