"""The one way the portal turns HTML into a PDF.

A PDF may be read on a seized laptop or handed to someone who should not see the server, so it
embeds no file of the server, fetches nothing from any network, attaches nothing and carries no
metadata (title, author, producer, dates). A template may use `data:` URIs and the portal's own
static files, read from disk; every other URL is refused and rendered as if it were missing.

WeasyPrint catches whatever a fetch raises, logs it and goes on, and catches even
`FatalURLFetchingError` while it draws an SVG image. A Celery soft time limit, or this module's
own time budget, landing during a fetch would be lost, so the fetcher keeps the exception and it
is raised again after each stage. Give a task's `time_budget` a little less than its soft limit:
the budget is checked between stages and at each fetch, not during layout."""

import io
import logging
import mimetypes
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


class RenderError(Exception):
    """The HTML or the PDF is too large, or the time budget was spent."""


class _PortalFetcher(URLFetcher):
    def __init__(self, static_root: str, spent: Callable[[], None]):
        # Only urllib's data: handler is ever reached; everything else is answered below.
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.static_root = urlsplit(static_root)
        self.spent = spent
        self.failure: BaseException | None = None

    def fetch(self, url, headers=None):
        try:
            self.spent()
            if url.startswith("data:"):
                return super().fetch(url, headers)
            name = self._static_name(url)
            body = _static_file(name) if name else None
            if body is None:
                logger.warning("A PDF asked for %.100s: refused", url)
                raise ValueError(f"Refused: {url:.100}")
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})
        except ValueError:  # refused, or malformed: WeasyPrint leaves the resource out and goes on
            raise
        except Exception as error:  # the budget, a soft time limit, a file that cannot be read
            self.failure = error
            raise FatalURLFetchingError(url) from error

    def _static_name(self, url: str) -> str | None:
        """The name of a file under the static root, or None: no `..`, `.`, `//` or `\\`."""
        parts, root = urlsplit(url), self.static_root
        if (parts.scheme, parts.netloc.lower()) != (root.scheme, root.netloc.lower()):
            return None
        if not parts.path.startswith(root.path):
            return None
        name = unquote(parts.path[len(root.path) :])
        if "\\" in name or "\0" in name or {"", ".", ".."} & set(name.split("/")):
            return None
        return name


def _static_file(name: str) -> bytes | None:
    # The apps' folders (development, tests), then the collected files, whose names carry their
    # hash in production; both on disk, as WhiteNoise serves them.
    for path in (finders.find(name), staticfiles_storage.path(name)):
        if path and Path(path).is_file():
            return Path(path).read_bytes()
    return None


def _without_metadata(pdf: bytes) -> bytes:
    """The same pages with no document information, XMP or attached file: what is not reachable
    from the trailer any more is not written."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        if "/Info" in document.trailer:
            del document.trailer["/Info"]
        root = document.Root
        for key in ("/Metadata", "/AF"):
            if key in root:
                del root[key]
        if "/Names" in root and "/EmbeddedFiles" in root.Names:
            del root.Names["/EmbeddedFiles"]
        for page in document.pages:
            if "/AF" in page.obj:
                del page.obj["/AF"]
            if "/Annots" in page.obj:
                kept = [annot for annot in page.obj.Annots if annot.get("/Subtype") != "/FileAttachment"]
                page.obj.Annots = pikepdf.Array(kept)
        output = io.BytesIO()
        document.save(output, deterministic_id=True)  # an /ID from the content, not the clock
        return output.getvalue()


def _bounded(pdf: bytes, max_pdf_bytes: int) -> bytes:
    if len(pdf) > max_pdf_bytes:
        raise RenderError(f"The PDF is larger than {max_pdf_bytes} bytes.")
    return pdf


def render_pdf(
    html: str,
    *,
    max_html_bytes: int = 2_000_000,
    max_pdf_bytes: int = 20_000_000,
    time_budget: float = 30.0,
    clock: Callable[[], float] = time.monotonic,
) -> bytes:
    """The PDF of `html`. Relative URLs resolve under STATIC_URL. Raises RenderError."""
    # Characters first: a string too long by that count is not worth encoding to count bytes.
    if len(html) > max_html_bytes or len(html.encode()) > max_html_bytes:
        raise RenderError(f"The HTML is larger than {max_html_bytes} bytes.")
    deadline = clock() + time_budget

    def spent() -> None:
        if clock() >= deadline:
            raise RenderError(f"The PDF took more than {time_budget} seconds.")

    static_root = urljoin(settings.PORTAL_URL.rstrip("/") + "/", settings.STATIC_URL)
    fetcher = _PortalFetcher(static_root, spent)

    def stage(step: Callable):
        try:
            result = step()
        except FatalURLFetchingError:
            if fetcher.failure is None:
                raise
        if fetcher.failure is not None:
            raise fetcher.failure
        spent()
        return result

    spent()
    parsed = stage(lambda: HTML(string=html, base_url=static_root, url_fetcher=fetcher))
    document = stage(parsed.render)
    # No <title>, <meta> or <link rel=attachment> reaches the file, nor an <a rel=attachment>.
    document.metadata = DocumentMetadata(lang=document.metadata.lang)
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    pdf = _bounded(stage(lambda: document.write_pdf(attachments=[], custom_metadata=False)), max_pdf_bytes)
    return _bounded(stage(lambda: _without_metadata(pdf)), max_pdf_bytes)
