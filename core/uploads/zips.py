"""Office and OpenDocument files are zips: read here within bounds (a zip declares its own sizes,
and a zip bomb lies about them or unpacks a thousandfold), and written again as a new zip, with
nothing of the old container: no dates in the sender's time zone, comment or extra fields."""

import io
import zipfile
import zlib

from .kinds import not_attachable, unreadable
from .limits import MAX_PARTS, MAX_RATIO, MAX_UNPACKED, RATIO_CHECKED_FROM, too_large_unpacked

CHUNK = 64 * 1024
# What zipfile raises on a damaged, unsupported or encrypted entry.
READING_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError)
WHEN = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say


def read_parts(data: bytes, kind: str) -> dict[str, bytes]:
    """Every entry of the zip, by name, in the zip's order. `kind` is what libmagic took it for."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except READING_ERRORS:
        raise unreadable_as(kind) from None
    with archive:
        entries = archive.infolist()
        _check_declared(entries)
        if len({entry.filename for entry in entries}) < len(entries):
            raise unreadable_as(kind)  # two entries of one name: readers disagree on which counts
        parts, room = {}, MAX_UNPACKED
        for entry in entries:
            try:
                parts[entry.filename] = _read(archive, entry, room)
            except READING_ERRORS:
                raise unreadable_as(kind) from None
            room -= len(parts[entry.filename])
    return parts


def unreadable_as(kind: str):
    return not_attachable() if kind == "zip" else unreadable(kind)


def _check_declared(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_PARTS or sum(entry.file_size for entry in entries) > MAX_UNPACKED:
        raise too_large_unpacked()
    for entry in entries:
        if entry.file_size > RATIO_CHECKED_FROM and entry.file_size > MAX_RATIO * entry.compress_size:
            raise too_large_unpacked()


def _read(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, room: int) -> bytes:
    """The entry, counted as it unpacks: what it holds beyond what it declared is refused. (Python's
    zipfile stops at the declared size itself, then fails the checksum; this does not rely on it.)"""
    data = bytearray()
    with archive.open(entry) as member:
        while chunk := member.read(CHUNK):
            data += chunk
            if len(data) > min(entry.file_size, room):
                raise too_large_unpacked()
    return bytes(data)


def written(parts: dict[str, bytes], *, stored: tuple[str, ...] = ()) -> bytes:
    """A new zip of `parts` in their order, deflated but for the `stored` ones."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            entry = zipfile.ZipInfo(name, WHEN)
            entry.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return buffer.getvalue()
