"""Word (DOCX) and Excel (XLSX) files, rewritten as a new zip of the parts the format names:
its document properties blanked; no thumbnail, custom properties, custom XML, printer settings,
people list or revision log (with the relationships that led to them); authors of comments and
tracked changes, Word's editing-session ids, Excel's folder path and user names replaced or
removed. Macros, parts of unknown kind (embedded files, programs, fonts) and links to other files
(apart from hyperlinks) are refused."""

import posixpath
import re
from urllib.parse import unquote

from django.utils.translation import gettext
from lxml import etree

from core.errors import Refused

from .images import rewrite_picture_in
from .kinds import unreadable
from .xmlparts import anonymise, parsed, remove, serialized

NS = {
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "x15ac": "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac",
    "xr": "http://schemas.microsoft.com/office/spreadsheetml/2014/revision",
    "tc": "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments",
}
MAIN = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
NAME = r"[\w.-]+"
PARTS = {
    "docx": re.compile(rf"word/(?:{NAME}/)*(?:_rels/)?{NAME}\.(?:xml|rels)"),
    "xlsx": re.compile(rf"xl/(?:{NAME}/)*(?:_rels/)?{NAME}\.(?:xml|rels|vml)"),
}
MEDIA = {"docx": re.compile(rf"word/media/{NAME}"), "xlsx": re.compile(rf"xl/media/{NAME}")}
PACKAGE = ("[Content_Types].xml", "_rels/.rels")
BLANKED = {
    "docProps/core.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp='
    b'"http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>',
    "docProps/app.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
    b'"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>',
}
DROPPED = re.compile(
    r"docProps/custom\.xml|docProps/thumbnail\.\w+|customXml/.*|(?:word|xl)/printerSettings/.*"
    r"|word/people\.xml|xl/revisions/.*"
)
MACROS = re.compile(
    r"(?i)(?:.*/)?(?:vbaProject|vbaProjectSignature)\.bin(?:\.rels)?|(?:.*/)?vbaData\.xml|xl/macrosheets/.*"
)
MACRO_TYPES = re.compile(r"(?i)macroEnabled|vbaProject")
# Word may name an author in any part (comments, changes tracked in headers, styles, numbering)
# and marks each edit with its editing session's id, which ties documents edited together. Excel
# keeps names in a few parts, at known places under their root: worksheets, the large parts, are
# not searched.
REMOVED = {
    "docx": etree.XPath(
        "//w:attachedTemplate | //@w:initials | //w:*[starts-with(local-name(), 'rsid')]"
        " | //@w:*[starts-with(local-name(), 'rsid')]",
        namespaces=NS,
    ),
    "xlsx": etree.XPath(
        "/x:workbook/mc:AlternateContent[mc:Choice/x15ac:absPath] | /x:workbook/xr:revisionPtr"
        " | /x:workbook/x:fileSharing/@userName | /x:pivotCacheDefinition/@refreshedBy"
        " | /tc:personList/tc:person/@userId | /tc:personList/tc:person/@providerId",
        namespaces=NS,
    ),
}
ANONYMISED = {
    "docx": etree.XPath("//@w:author", namespaces=NS),
    "xlsx": etree.XPath("/x:comments/x:authors/x:author | /tc:personList/tc:person/@displayName", namespaces=NS),
}
RELATIONSHIPS = etree.XPath("/rel:Relationships/rel:Relationship", namespaces=NS)
REFERENCES = etree.XPath("//@r:*", namespaces=NS)


def rewrite_ooxml(parts: dict[str, bytes], kind: str) -> bytes:
    if any(MACROS.fullmatch(name) for name in parts):
        raise macros()
    types = parsed(parts["[Content_Types].xml"], kind)
    _check_content_types(types, kind)
    dropped = {name for name in parts if DROPPED.fullmatch(name)}
    trees = {"[Content_Types].xml": types}
    kept = {}  # in the zip's order; the XML parts are written once all are cleaned
    for name, data in parts.items():
        if name.endswith("/") or name in dropped:
            continue
        if name in trees:
            kept[name] = None
        elif name in BLANKED:
            kept[name] = BLANKED[name]
        elif MEDIA[kind].fullmatch(name):
            kept[name] = rewrite_picture_in(kind, data)
        elif name in PACKAGE or PARTS[kind].fullmatch(name):
            if name.endswith(".vml"):
                data = data.replace(b"<br>", b"<br/>")  # Excel's VML breaks lines as HTML does
            trees[name], kept[name] = parsed(data, kind), None
        else:
            raise unknown_parts()
    gone = _unlink(trees, dropped)
    for override in types.getroot().findall("ct:Override", NS):
        if override.get("PartName", "").lstrip("/") in dropped:
            types.getroot().remove(override)
    for name, tree in trees.items():
        remove(REMOVED[kind](tree))
        anonymise(ANONYMISED[kind](tree))
        if gone.get(name):
            remove(reference for reference in REFERENCES(tree) if reference in gone[name])
        kept[name] = serialized(tree)
    return kept


def _check_content_types(types: etree._ElementTree, kind: str) -> None:
    declared = [(element.get("PartName"), element.get("ContentType", "")) for element in types.getroot()]
    if any(MACRO_TYPES.search(content_type) for _, content_type in declared):
        raise macros()
    if (f"/{MAIN[kind][0]}", MAIN[kind][1]) not in declared:
        raise unreadable(kind)


def _unlink(trees: dict[str, etree._ElementTree], dropped: set[str]) -> dict[str, set[str]]:
    """Remove the relationships to dropped parts and to the template a document was made from
    (its path names the author's folders); refuse links to other files. Returns the ids gone, by
    the part that held them."""
    gone = {}
    for name, tree in trees.items():
        if not name.endswith(".rels"):
            continue
        folder, _, rels = name.rpartition("_rels/")
        source = folder + rels.removesuffix(".rels")
        for relationship in RELATIONSHIPS(tree):
            relation = relationship.get("Type", "").rsplit("/", 1)[-1]
            if relationship.get("TargetMode") == "External":
                if relation == "hyperlink":
                    continue
                if relation != "attachedTemplate":
                    raise links_elsewhere()
            elif _target(source, relationship.get("Target", "")) not in dropped:
                continue
            gone.setdefault(source, set()).add(relationship.get("Id"))
            tree.getroot().remove(relationship)
    return gone


def _target(source: str, target: str) -> str:
    target = unquote(target)
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def macros() -> Refused:
    return Refused(
        gettext("This document holds macros, so it cannot be attached. Save it without macros (as .docx or .xlsx).")
    )


def unknown_parts() -> Refused:
    return Refused(
        gettext(
            "This document holds embedded files or other parts that cannot be checked. "
            "Remove them, or save the document as PDF, and attach it again."
        )
    )


def links_elsewhere() -> Refused:
    return Refused(
        gettext(
            "This document draws on other files, on the computer it was made on or online (linked "
            "pictures, data or objects). Remove those links, or save it as PDF, and attach it again."
        )
    )
