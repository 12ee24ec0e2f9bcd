"""The XML parts of office files: parsed without entities, DTDs or the network, cleaned by XPath
rules, and written back from the parsed tree, so that what is stored is what was checked."""

from lxml import etree

from .kinds import unreadable

# What an author's name becomes: the word Word itself puts when it removes personal information.
NEUTRAL_NAME = "Author"


def parsed(data: bytes, kind: str) -> etree._ElementTree:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise unreadable(kind) from None
    tree = root.getroottree()
    if tree.docinfo.doctype:  # office formats declare none; one here is there to define entities
        raise unreadable(kind)
    return tree


def serialized(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=tree.docinfo.standalone)


def remove(nodes) -> None:
    """Take out the elements and attributes an XPath found (all in element-only content, where
    the whitespace that follows an element goes with it)."""
    for node in nodes:
        if isinstance(node, str):
            node.getparent().attrib.pop(node.attrname, None)
        else:
            node.getparent().remove(node)


def anonymise(nodes) -> None:
    """Put NEUTRAL_NAME in the attributes, or as the text of the elements, an XPath found."""
    for node in nodes:
        if isinstance(node, str):
            node.getparent().set(node.attrname, NEUTRAL_NAME)
        else:
            node.text = NEUTRAL_NAME
