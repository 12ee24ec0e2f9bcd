"""JPEG streams kept as they are inside PDFs (re-encoding would lose quality and colour), their
metadata segments removed: a photo placed in a PDF by a scanner app or a converter keeps its EXIF,
GPS position included, unless it is taken out."""

EOI, SOS, COM = 0xD9, 0xDA, 0xFE
APP0, APP2, APP14, APP15 = 0xE0, 0xE2, 0xEE, 0xEF


def without_metadata(jpeg: bytes) -> bytes:
    """The same picture, segment for segment, without application segments other than JFIF,
    Adobe's (it says how to read the colours) and the colour profile, without comments, and
    without anything after its end. Raises ValueError for what is not a JPEG."""
    if not jpeg.startswith(b"\xff\xd8"):
        raise ValueError("no JPEG start")
    kept = bytearray(jpeg[:2])
    at = 2
    while True:
        if jpeg[at : at + 1] != b"\xff" or at + 2 > len(jpeg):
            raise ValueError("no JPEG marker")
        marker = jpeg[at + 1]
        if marker == 0xFF:  # a fill byte, allowed before any marker
            at += 1
        elif marker == EOI:
            return bytes(kept + jpeg[at : at + 2])
        else:
            end = at + 2 + int.from_bytes(jpeg[at + 2 : at + 4], "big")
            if end > len(jpeg):
                raise ValueError("JPEG segment cut short")
            if _kept(marker, jpeg[at + 4 : end]):
                kept += jpeg[at:end]
            if marker == SOS:
                scanned = _after_scan(jpeg, end)
                kept += jpeg[end:scanned]
                end = scanned
            at = end


def _kept(marker: int, body: bytes) -> bool:
    if marker == COM:
        return False
    if marker == APP2:
        return body.startswith(b"ICC_PROFILE\0")
    if APP0 <= marker <= APP15:
        return marker in (APP0, APP14)
    return True


def _after_scan(jpeg: bytes, at: int) -> int:
    """Where the entropy-coded data that starts at `at` ends: at the first marker that is neither
    a stuffed 0xFF nor a restart marker."""
    while True:
        at = jpeg.find(b"\xff", at)
        if at < 0 or at + 1 >= len(jpeg):
            raise ValueError("JPEG scan without end")
        following = jpeg[at + 1]
        if following != 0 and not 0xD0 <= following <= 0xD7:
            return at
        at += 2
