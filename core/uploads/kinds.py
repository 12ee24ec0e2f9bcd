"""The kinds of file an applicant may attach, as they are stored, and the refusals every reader
shares: a kind that is not allowed, a file that is not what it looks like."""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy

from core.errors import Refused

ALLOWED_DESCRIPTION = gettext_lazy("PDF, JPEG, PNG, HEIC (phone photos), DOCX, XLSX, ODT, ODS or plain text")


@dataclass(frozen=True)
class Stored:
    extension: str
    content_type: str


STORED = {
    "pdf": Stored(".pdf", "application/pdf"),
    "jpeg": Stored(".jpg", "image/jpeg"),
    "png": Stored(".png", "image/png"),
    "docx": Stored(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": Stored(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": Stored(".odt", "application/vnd.oasis.opendocument.text"),
    "ods": Stored(".ods", "application/vnd.oasis.opendocument.spreadsheet"),
    "txt": Stored(".txt", "text/plain; charset=utf-8"),
}

# One whole sentence per kind, so that each language can say "as a PDF" its own way.
UNREADABLE = {
    "pdf": gettext_lazy("This file could not be read as a PDF. Save it again and attach the new copy."),
    "jpeg": gettext_lazy("This file could not be read as a JPEG picture. Save it again and attach the new copy."),
    "png": gettext_lazy("This file could not be read as a PNG picture. Save it again and attach the new copy."),
    "heic": gettext_lazy("This file could not be read as a HEIC photo. Save it again and attach the new copy."),
    "docx": gettext_lazy(
        "This file could not be read as a Word document (DOCX). Save it again and attach the new copy."
    ),
    "xlsx": gettext_lazy("This file could not be read as a spreadsheet (XLSX). Save it again and attach the new copy."),
    "odt": gettext_lazy(
        "This file could not be read as an OpenDocument text (ODT). Save it again and attach the new copy."
    ),
    "ods": gettext_lazy(
        "This file could not be read as an OpenDocument spreadsheet (ODS). Save it again and attach the new copy."
    ),
}


def unreadable(kind: str) -> Refused:
    return Refused(str(UNREADABLE[kind]))


def not_attachable() -> Refused:
    return Refused(
        gettext("This kind of file cannot be attached. Attach %(allowed)s.") % {"allowed": ALLOWED_DESCRIPTION}
    )


def password_protected() -> Refused:
    return Refused(gettext("This file is protected by a password. Save a copy without the password and attach that."))
