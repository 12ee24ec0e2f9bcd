"""A PDF the portal writes embeds no server file, fetches nothing from any network, attaches
nothing and carries no metadata; it uses the portal's own stylesheet and data: images."""

import base64
import io
import logging
import subprocess
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from django.contrib.staticfiles import finders
from PIL import Image

from core.pdf import _without_metadata, render_pdf

from .pdf_probes import every_byte, font_names, local_web_server, machine, streams, text

SECRET = "Safe-house-on-Rue-7f3a9c"
SVG_WITH_A_FILE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
    b'<image href="file:///etc/hostname" width="20" height="20"/></svg>'
)

# What each page holds, and exactly the URLs the renderer is asked for and refuses. An attachment
# is never asked for at all. {portal} is PORTAL_URL: the local web server.
HOSTILE = {
    "an image of a server file": ('<img src="file:///etc/hostname">', {"file:///etc/hostname"}),
    "a server file attached by <link>": ('<link rel="attachment" href="file:///etc/hostname">', set()),
    "a server file attached by <a>": ('<a rel="attachment" href="file:///etc/passwd">here</a>', set()),
    "a server file as a CSS background": (
        "<style>p { background: url(file:///etc/hostname) }</style>",
        {"file:///etc/hostname"},
    ),
    "the cloud metadata address": (
        '<img src="http://169.254.169.254/latest/meta-data/">',
        {"http://169.254.169.254/latest/meta-data/"},
    ),
    "the portal's static path on another host": (
        '<link rel="stylesheet" href="http://169.254.169.254/static/css/pdf.css">',
        {"http://169.254.169.254/static/css/pdf.css"},
    ),
    "an @import of a file URL": ("<style>@import url(file:///etc/passwd);</style>", {"file:///etc/passwd"}),
    "an @import of a path": ('<style>@import "/etc/passwd";</style>', {"{portal}/etc/passwd"}),
    "a stylesheet climbing out of static": (
        '<link rel="stylesheet" href="../../../../etc/passwd">',
        {"{portal}/etc/passwd"},
    ),
    "a climb out of static, percent-encoded": (
        '<link rel="stylesheet" href="/static/%2e%2e/%2e%2e/etc/passwd">',
        {"{portal}/static/%2e%2e/%2e%2e/etc/passwd"},
    ),
    "a static file that does not exist": (
        '<link rel="stylesheet" href="/static/css/missing.css">',
        {"{portal}/static/css/missing.css"},
    ),
    "a <base> on the filesystem": ('<base href="file:///etc/"><img src="hostname">', {"file:///etc/hostname"}),
    "a font from a server file": (
        "<style>@font-face { font-family: X; src: url(file:///etc/passwd) } p { font-family: X }</style>",
        {"file:///etc/passwd"},
    ),
    "an image inside an SVG image": (
        f'<img src="data:image/svg+xml;base64,{base64.b64encode(SVG_WITH_A_FILE).decode()}">',
        {"file:///etc/hostname"},
    ),
    "an image inside an inline SVG": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image href="file:///etc/hostname"/></svg>',
        {"file:///etc/hostname"},
    ),
    "a server file as generated content and list marker": (
        "<style>p::after { content: url(file:///etc/hostname) } li { list-style-image: url(file:///etc/passwd) }"
        "</style><ul><li>item</li></ul>",
        {"file:///etc/hostname", "file:///etc/passwd"},
    ),
    "an <embed> of a server file": ('<embed src="file:///etc/passwd">', {"file:///etc/passwd"}),
    "an <object> of a server file": ('<object data="file:///etc/passwd"></object>', {"file:///etc/passwd"}),
    "another server on the portal's host": (
        '<img src="{portal}/logo.png"><link rel="stylesheet" href="{portal}/print.css">',
        {"{portal}/logo.png", "{portal}/print.css"},
    ),
    "a file holding a secret": (
        '<img src="file://{secret}"><link rel="attachment" href="file://{secret}">',
        {"file://{secret}"},
    ),
    "the portal's own stylesheet as an attachment": (
        '<link rel="attachment" href="/static/css/pdf.css"><a rel="attachment" href="css/pdf.css">x</a>',
        set(),
    ),
}


def page(body: str) -> str:
    return f"<!DOCTYPE html><html lang=en><head></head><body><p>Copy of an application</p>{body}</body></html>"


@pytest.fixture
def portal(settings):
    """PORTAL_URL on a local web server: a request to the portal's own host would reach it."""
    with local_web_server() as server:
        settings.PORTAL_URL = server.url
        yield server


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def refused(caplog) -> set[str]:
    return {record.args[0] for record in caplog.records if record.name == "core.pdf"}


def attached_files(pdf: bytes) -> list[str]:
    """Where the file could carry another file: embedded files, associated files, attachment notes."""
    found = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        if "/Names" in root and "/EmbeddedFiles" in root.Names:
            found.append("/EmbeddedFiles")
        found += ["/AF"] if "/AF" in root else []
        for leaf in document.pages:
            found += ["page /AF"] if "/AF" in leaf.obj else []
            found += [str(note.Subtype) for note in leaf.obj.get("/Annots", []) if note.Subtype == "/FileAttachment"]
    return found


@pytest.mark.parametrize(("body", "asked"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_page_naming_a_file_or_another_server_fetches_and_embeds_nothing(body, asked, portal, secret_file, caplog):
    def fill(template: str) -> str:
        return template.replace("{portal}", portal.url).replace("{secret}", str(secret_file))

    caplog.set_level(logging.WARNING, logger="core.pdf")
    with machine.watching("/etc/hostname", "/etc/passwd", str(secret_file)) as touched:
        pdf = render_pdf(page(fill(body)))

    assert touched == []  # no watched file opened, no address looked up or connected to
    assert portal.requests == []
    assert refused(caplog) == {fill(url) for url in asked}
    assert attached_files(pdf) == []
    everything = every_byte(pdf)
    assert b"root:x:" not in everything
    assert SECRET.encode() not in everything
    # A hostname may be two letters, found anywhere by chance: look for a stream that is the file.
    assert Path("/etc/hostname").read_bytes() not in streams(pdf)
    assert set(text(pdf).replace("•", " ").split()) <= {"Copy", "of", "an", "application", "here", "x", "item"}


def test_the_probes_see_what_weasyprints_own_fetcher_opens_fetches_and_embeds(portal, secret_file):
    body = f'<img src="{portal.url}/logo.png"><link rel="attachment" href="file://{secret_file}">'
    with machine.watching(str(secret_file)) as touched:
        pdf = weasyprint.HTML(string=page(body)).write_pdf()

    assert ("open", str(secret_file)) in touched
    assert any(event == "socket.connect" for event, _ in touched)
    assert portal.requests == ["/logo.png"]
    assert attached_files(pdf) == ["/EmbeddedFiles"]
    assert SECRET.encode() in every_byte(pdf)


@pytest.mark.parametrize("href", ["/static/css/pdf.css", "css/pdf.css", "{portal}/static/css/pdf.css"])
def test_the_portals_stylesheet_is_read_from_disk_and_applied(href, portal, caplog):
    href = href.replace("{portal}", portal.url)
    caplog.set_level(logging.WARNING, logger="core.pdf")
    pdf = render_pdf(f'<html><head><link rel="stylesheet" href="{href}"></head><body><p>Budget</p></body></html>')

    assert font_names(pdf) == {"DejaVu-Sans"}
    assert text(pdf).split() == ["Budget", "1", "/", "1"]  # the page footer of pdf.css
    assert portal.requests == []
    assert refused(caplog) == set()


def test_without_the_stylesheet_a_page_has_neither_its_font_nor_its_footer():
    pdf = render_pdf("<p>Budget</p>")
    assert font_names(pdf) == {"DejaVu-Serif"}
    assert text(pdf).split() == ["Budget"]


def test_a_data_image_is_embedded():
    picture = io.BytesIO()
    Image.new("RGB", (3, 2), "red").save(picture, "PNG")
    source = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()

    pdf = render_pdf(f'<p>Logo</p><img src="{source}">')

    with pikepdf.open(io.BytesIO(pdf)) as document:
        images = document.pages[0].get_images().values()
        assert [(image.Width, image.Height) for image in images] == [(3, 2)]


METADATA = """<!DOCTYPE html><html lang="en"><head>
<title>Amina Canary</title>
<meta name="author" content="Amina Canary">
<meta name="description" content="Amina Canary">
<meta name="keywords" content="Amina Canary">
<meta name="generator" content="Amina Canary">
<meta name="dcterms.created" content="2026-03-17T10:00:00Z">
<meta name="dcterms.modified" content="2026-03-18T10:00:00Z">
<meta name="amina" content="Amina Canary">
</head><body><p>Application</p></body></html>"""


def test_no_title_author_producer_or_date_of_the_html_reaches_the_pdf(tmp_path):
    pdf = render_pdf(METADATA)

    everything = every_byte(pdf)
    for leak in ("Amina Canary", "WeasyPrint", "2026"):
        assert leak.encode() not in everything
        assert leak.encode("utf-16-be") not in everything
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert "/Info" not in document.trailer
        assert "/Metadata" not in document.Root
        assert str(document.Root.Lang) == "en"
    (tmp_path / "copy.pdf").write_bytes(pdf)
    check = subprocess.run(["qpdf", "--check", tmp_path / "copy.pdf"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_weasyprint_alone_writes_the_title_author_producer_and_dates():
    everything = every_byte(weasyprint.HTML(string=METADATA).write_pdf())
    for leak in ("Amina Canary", "WeasyPrint", "2026"):
        assert leak.encode() in everything


def test_the_same_html_gives_the_same_bytes():
    """A letter is accepted by its SHA-256: rendering it again must not change it."""
    assert render_pdf(page("<h1>Award</h1>")) == render_pdf(page("<h1>Award</h1>"))


def test_an_attachment_is_never_fetched_even_of_the_portals_own_files(monkeypatch):
    asked = []
    monkeypatch.setattr(finders, "find", lambda name, *args, **kwargs: asked.append(name))
    render_pdf(page('<link rel="attachment" href="/static/css/pdf.css"><a rel="attachment" href="css/pdf.css">x</a>'))
    assert asked == []


def test_the_metadata_pass_alone_removes_what_weasyprint_writes(secret_file):
    """The second line of defence, on a file WeasyPrint wrote with its own fetcher."""
    body = f'<link rel="attachment" href="file://{secret_file}"><a rel="attachment" href="file://{secret_file}">x</a>'
    written = weasyprint.HTML(string=METADATA.replace("<body>", f"<body>{body}")).write_pdf(
        pdf_variant="pdf/a-3b", attachments=[weasyprint.Attachment(string="Amina Canary", name="a.txt")]
    )
    assert attached_files(written) != []

    pdf = _without_metadata(written)

    assert attached_files(pdf) == []
    everything = every_byte(pdf)
    for leak in (SECRET, "Amina Canary", "WeasyPrint", "2026"):
        assert leak.encode() not in everything
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert "/Info" not in document.trailer
        assert "/Metadata" not in document.Root


def test_a_collected_stylesheet_named_by_its_hash_is_read_from_static_root(settings, tmp_path):
    """In production `{% static %}` names the collected copy, e.g. css/pdf.0a1b2c.css."""
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "pdf.0a1b2c.css").write_bytes(Path(finders.find("css/pdf.css")).read_bytes())

    pdf = render_pdf(
        '<html><head><link rel="stylesheet" href="/static/css/pdf.0a1b2c.css"></head><body>A</body></html>'
    )

    assert font_names(pdf) == {"DejaVu-Sans"}
