"""Bounds on the work one file may cost, whatever it says about itself."""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext

from core.errors import Refused

MEGABYTE = 1024 * 1024
# A phone's largest photos: 48 MP (iPhone "HEIF Max", 8064 x 6048) or 50 MP (8160 x 6120); 200 MP
# sensors save 12 MP unless told otherwise. Decoded, that is 150 MB of RGB per upload.
MAX_PIXELS = 50_000_000
# Office files unpack to a few times their size: XML deflates 5 to 20 times. Zeros deflate a
# thousand times, which is what a zip bomb is made of.
MAX_UNPACKED = 100 * MEGABYTE
MAX_PARTS = 2000
MAX_RATIO = 100
RATIO_CHECKED_FROM = 10 * MEGABYTE  # a part of repeated markup can honestly deflate past 100 times


def read_within(uploaded, max_bytes: int) -> bytes:
    """All of `uploaded`, refused once it proves larger than `max_bytes`: by the size it declares,
    then by counting what is read, since a stream may hold more than it declares."""
    if uploaded.size is not None and uploaded.size > max_bytes:
        raise too_large(max_bytes)
    data = bytearray()
    for chunk in uploaded.chunks():
        data += chunk
        if len(data) > max_bytes:
            raise too_large(max_bytes)
    if not data:
        raise Refused(gettext("This file is empty."))
    return bytes(data)


def too_large(max_bytes: int) -> Refused:
    size = Decimal(max_bytes) / MEGABYTE
    places = 0 if size == size.to_integral_value() else 1
    return Refused(gettext("This file is larger than %(size)s MB.") % {"size": formats.number_format(size, places)})


def too_large_unpacked() -> Refused:
    return Refused(
        gettext(
            "This document is too large once unpacked (over %(size)s MB or %(parts)s parts). "
            "Split it into smaller documents and attach them."
        )
        % {"size": formats.number_format(MAX_UNPACKED // MEGABYTE), "parts": formats.number_format(MAX_PARTS)}
    )
