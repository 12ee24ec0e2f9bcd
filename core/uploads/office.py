"""Office and OpenDocument files: which of the four a zip is, by the parts inside it (libmagic
reads only the first entry's name, so a zip of one `mimetype` entry is an ODT to it), then a new
zip of the parts cleaned by the format's own rules."""

from .kinds import not_attachable
from .ooxml import rewrite_ooxml
from .opendocument import opendocument_kind, rewrite_opendocument
from .zips import read_parts, written


def rewrite_office(data: bytes, candidate: str) -> tuple[bytes, str]:
    """The rewritten file and its kind. `candidate` is what libmagic took it for."""
    parts = read_parts(data, candidate)
    kind = layout_kind(parts)
    if kind in ("odt", "ods"):
        return written(rewrite_opendocument(parts, kind), stored=("mimetype",)), kind
    return written(rewrite_ooxml(parts, kind)), kind


def layout_kind(parts: dict[str, bytes]) -> str:
    if "mimetype" in parts:
        kind = opendocument_kind(parts)
    elif "[Content_Types].xml" in parts:
        word, excel = "word/document.xml" in parts, "xl/workbook.xml" in parts
        kind = "docx" if word and not excel else "xlsx" if excel and not word else None
    else:
        kind = None
    if kind is None:
        raise not_attachable()
    return kind
