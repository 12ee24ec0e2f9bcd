"""Photos and pictures decoded and encoded again, so that only their pixels are stored: turned
upright as the camera meant, without EXIF (place, time, camera, owner), XMP, comments or text
chunks, and without whatever was appended after the picture. HEIC photos become JPEG, which every
reviewer's computer opens."""

import io
import struct

import pillow_heif
from django.utils.translation import gettext
from PIL import Image, ImageCms, ImageOps

from core.errors import Refused

from .kinds import unreadable
from .limits import MAX_PIXELS

pillow_heif.register_heif_opener()

PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "heic": "HEIF"}
# How Pillow says it could not decode a file, broken or hostile.
DECODING_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error)
SRGB = ImageCms.createProfile("sRGB")
WHITE = (255, 255, 255)


def rewrite_image(data: bytes, kind: str) -> tuple[bytes, str]:
    """The picture re-encoded, and its stored kind: "jpeg" or "png"."""
    stored = "png" if kind == "png" else "jpeg"
    image = _open(data, kind)
    try:
        image = _pixels_only(image, stored)
        buffer = io.BytesIO()
        if stored == "png":
            image.save(buffer, "PNG", optimize=True)
        else:
            image.save(buffer, "JPEG", quality=90)
    except DECODING_ERRORS:
        raise unreadable(kind) from None
    return buffer.getvalue(), stored


def _open(data: bytes, kind: str) -> Image.Image:
    try:
        # Only the reader libmagic chose: a file that is also something else is read as that.
        image = Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]])
    # Pillow refuses pictures of over twice its own bound, and warns over it (an error where
    # warnings are errors); under it, MAX_PIXELS refuses them.
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels() from None
    except DECODING_ERRORS:
        raise unreadable(kind) from None
    if image.width * image.height > MAX_PIXELS:
        raise too_many_pixels()
    return image


def _pixels_only(image: Image.Image, stored: str) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    image = _in_srgb(image)
    if stored == "jpeg" and image.mode not in ("RGB", "L"):
        image = _on_white(image)
    elif "transparency" in image.info:
        image = image.convert("RGBA")  # the transparent colour is kept in `info`, about to go
    image.info.clear()
    return image


def _in_srgb(image: Image.Image) -> Image.Image:
    """Colours as the profile meant them, since the profile is not kept (phones shoot in Display P3)."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        return ImageCms.profileToProfile(image, io.BytesIO(profile), SRGB, outputMode=image.mode)
    except ImageCms.PyCMSError:
        return image  # a profile lcms cannot read: the colours are shown as if in sRGB


def _on_white(image: Image.Image) -> Image.Image:
    """JPEG holds no transparency: transparent parts become the white of a page."""
    rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, WHITE)
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


def too_many_pixels() -> Refused:
    return Refused(
        gettext("This picture is too large (over %(megapixels)s million pixels). Save a smaller copy and attach it.")
        % {"megapixels": MAX_PIXELS // 1_000_000}
    )


def picture_kind(data: bytes) -> str | None:
    """The kind of a picture inside a document, "jpeg" or "png", by its first bytes."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def rewrite_picture_in(document_kind: str, data: bytes) -> bytes:
    """A picture inside an office document, rewritten like an attached one."""
    kind = picture_kind(data)
    if kind is None:
        raise Refused(
            gettext(
                "This document holds a picture or other media in a format that cannot be checked. "
                "Use JPEG or PNG pictures, or save it as PDF, and attach it again."
            )
        )
    try:
        return rewrite_image(data, kind)[0]
    except Refused:
        raise unreadable(document_kind) from None
