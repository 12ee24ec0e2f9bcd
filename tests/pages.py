"""What a page says, as a reader of it meets it: each piece of text with the language it is
marked in (the nearest `lang` around it), for tests about the language of pages."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
NOT_READ = {"script", "style", "template"}
# Attributes whose values are read out or shown: names, descriptions, hints, button texts.
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
BUTTON_INPUTS = {"submit", "button", "reset"}


@dataclass(frozen=True)
class Text:
    """A text node, an element's whole text, or a read attribute's value; whitespace collapsed."""

    text: str
    language: str  # the language it is marked in
    where: str  # the element it belongs to, for messages: "button", "a[title]"...


@dataclass
class _Open:
    tag: str
    language: str
    pieces: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page_language = ""
        self.texts: list[Text] = []
        self._open: list[_Open] = []
        self._skipping = 0

    def _language(self) -> str:
        return self._open[-1].language if self._open else self.page_language

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        language = attributes.get("lang") or self._language()
        if tag == "html":
            self.page_language = language
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self._keep(attributes[name], language, f"{tag}[{name}]")
        if tag == "input" and attributes.get("type") in BUTTON_INPUTS and attributes.get("value"):
            self._keep(attributes["value"], language, f"{tag}[value]")
        if tag in VOID_ELEMENTS:
            return
        if tag in NOT_READ:
            self._skipping += 1
        self._open.append(_Open(tag, language))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS or not any(element.tag == tag for element in self._open):
            return
        while self._open:
            element = self._open.pop()
            if element.tag in NOT_READ:
                self._skipping -= 1
            else:
                whole = " ".join(element.pieces)
                self._keep(whole, element.language, element.tag)
                # Text marked in another language is not part of its parent's own words.
                if self._open and self._open[-1].language == element.language:
                    self._open[-1].pieces.append(whole)
            if element.tag == tag:
                return

    def handle_data(self, data):
        if self._skipping or not self._open:
            return
        self._open[-1].pieces.append(data)
        self._keep(data, self._language(), self._open[-1].tag)

    def _keep(self, text: str, language: str, where: str):
        text = " ".join(text.split())
        if text:
            self.texts.append(Text(text, language, where))


def texts_of(html: str) -> tuple[str, list[Text]]:
    """The page's language and everything it says, in document order (an element's whole text
    comes after the text nodes inside it, and leaves out its children marked in another language)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page_language, reader.texts
