"""OpenDocument texts (ODT) and spreadsheets (ODS), rewritten as a new zip of the parts the format
names: meta.xml blanked; no thumbnail, toolbar configuration or layout cache; the authors of
comments and tracked changes and the printer in the settings removed; `mimetype` first and
uncompressed, as readers expect. Macros, embedded objects and parts of unknown kind are refused."""

import re

from django.utils.translation import gettext
from lxml import etree

from core.errors import Refused

from .images import rewrite_picture_in
from .kinds import password_protected, unreadable
from .ooxml import unknown_parts
from .xmlparts import parsed, remove, serialized

MIMETYPES = {"application/vnd.oasis.opendocument.text": "odt", "application/vnd.oasis.opendocument.spreadsheet": "ods"}
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    "script": "urn:oasis:names:tc:opendocument:xmlns:script:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
XML_PARTS = ("content.xml", "styles.xml", "settings.xml", "manifest.rdf")
MANIFEST = "META-INF/manifest.xml"
PICTURES = re.compile(r"Pictures/[\w.-]+")
DROPPED = re.compile(r"Thumbnails/.*|Configurations2/.*|layout-cache|META-INF/documentsignatures\.xml")
MACROS = re.compile(r"(?:Basic|Scripts)/.*|META-INF/macrosignatures\.xml")
REMOVED = etree.XPath(
    "//office:annotation/dc:creator | //office:annotation/meta:creator-initials | //office:change-info/dc:creator"
    " | //config:config-item[@config:name = 'PrinterName' or @config:name = 'PrinterSetup']",
    namespaces=NS,
)
EVENT_SCRIPTS = etree.XPath("//script:event-listener", namespaces=NS)
ENCRYPTED = etree.XPath("//manifest:encryption-data", namespaces=NS)
FILE_ENTRIES = etree.XPath("/manifest:manifest/manifest:file-entry", namespaces=NS)
VERSION = f"{{{NS['office']}}}version"


def opendocument_kind(parts: dict[str, bytes]) -> str | None:
    return MIMETYPES.get(parts["mimetype"].decode("ascii", "replace").strip())


def rewrite_opendocument(parts: dict[str, bytes], kind: str) -> dict[str, bytes]:
    if MANIFEST not in parts or "content.xml" not in parts:
        raise unreadable(kind)
    manifest = parsed(parts[MANIFEST], kind)
    if ENCRYPTED(manifest):
        raise password_protected()
    content = parsed(parts["content.xml"], kind)
    kept = {"mimetype": parts["mimetype"].strip()}
    for name, data in parts.items():
        if MACROS.fullmatch(name):
            raise macros()
        if name in kept or name == MANIFEST or name.endswith("/") or DROPPED.fullmatch(name):
            continue
        if name == "meta.xml":
            kept[name] = _blank_meta(content)
        elif PICTURES.fullmatch(name):
            kept[name] = rewrite_picture_in(kind, data)
        elif name in XML_PARTS:
            tree = content if name == "content.xml" else parsed(data, kind)
            if EVENT_SCRIPTS(tree):
                raise macros()
            remove(REMOVED(tree))
            kept[name] = serialized(tree)
        else:
            raise unknown_parts()
    remove(entry for entry in FILE_ENTRIES(manifest) if not _listed(entry, kept))
    kept[MANIFEST] = serialized(manifest)
    return kept


def _listed(entry: etree._Element, kept: dict[str, bytes]) -> bool:
    path = entry.get(f"{{{NS['manifest']}}}full-path")
    return path == "/" or path in kept


def _blank_meta(content: etree._ElementTree) -> bytes:
    """No creator, dates, editing time, generator or statistics: only the version of ODF spoken."""
    office = NS["office"]
    meta = etree.Element(
        f"{{{office}}}document-meta", {VERSION: content.getroot().get(VERSION, "1.2")}, nsmap={"office": office}
    )
    etree.SubElement(meta, f"{{{office}}}meta")
    return serialized(meta.getroottree())


def macros() -> Refused:
    return Refused(
        gettext("This document holds macros, so it cannot be attached. Save it without macros (as .odt or .ods).")
    )
