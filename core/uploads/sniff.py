"""libmagic's first look at the bytes, to choose which reader may try the file. Only a gate: it
calls a PNG followed by a web page a PNG, and a zip holding one `mimetype` entry an ODT. The
reader chosen decides, by opening and rewriting the file; the name and the browser's content type
are never asked."""

import magic

from .kinds import not_attachable

HEAD = 64 * 1024

CANDIDATES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/heic": "heic",
    "image/heif": "heic",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    # An Office file whose first part is not the one libmagic looks for; its parts tell.
    "application/zip": "zip",
    "text/plain": "txt",
    "text/csv": "txt",  # a budget exported as CSV is plain text to everyone else
}


def candidate_kind(data: bytes) -> str:
    """One of "pdf", "jpeg", "png", "heic", "docx", "xlsx", "odt", "ods", "zip", "txt"; refuses the rest."""
    mime = magic.from_buffer(data[:HEAD], mime=True)
    if mime not in CANDIDATES:
        raise not_attachable()
    return CANDIDATES[mime]
