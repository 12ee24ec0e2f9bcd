"""Plain text, stored as UTF-8: any other encoding would show as the wrong letters to a reviewer
whose computer guesses differently."""

from django.utils.translation import gettext

from core.errors import Refused


def rewrite_text(data: bytes) -> bytes:
    # NUL is valid UTF-8, but no text holds it; UTF-16, which libmagic also calls text, is full of it.
    if b"\0" in data:
        raise not_utf8()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise not_utf8() from None
    return text.encode("utf-8")


def not_utf8() -> Refused:
    return Refused(gettext("This text file is not in UTF-8. Save it as UTF-8 and attach it again."))
