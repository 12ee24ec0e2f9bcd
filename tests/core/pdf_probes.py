"""What a reader can get out of a PDF, and what a render did to the machine: files opened and
connections made, seen through Python's audit hooks, and requests a local web server received."""

import contextlib
import io
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pikepdf
import pypdf

BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def streams(pdf: bytes) -> list[bytes]:
    """Every stream of the file, decoded as far as pikepdf can (an image's own encoding stays)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        found = []
        for obj in document.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    found.append(obj.read_bytes())
                except pikepdf.PdfError:
                    found.append(obj.read_raw_bytes())
        return found


def every_byte(pdf: bytes) -> bytes:
    """The file as written, each object of it written out whole (an object stream's too), and
    each stream decoded: a string anywhere in the file is in here."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        objects = [obj.unparse(resolved=True) for obj in document.objects]
    return b"\n".join([pdf, *objects, *streams(pdf)])


def text(pdf: bytes) -> str:
    """The text pypdf reads, without the bidi marks it puts around right-to-left runs."""
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return BIDI_MARKS.sub("", "\n".join(page.extract_text() for page in pages))


def font_names(pdf: bytes) -> set[str]:
    """The fonts the pages use, without the subset's prefix: {"DejaVu-Sans", ...}."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {
            str(font.BaseFont).lstrip("/").split("+")[-1]
            for page in document.pages
            for font in page.Resources.get("/Font", {}).values()
        }


class MachineProbe:
    """The watched files opened and the network calls made while it is on, from any thread."""

    EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request")

    def __init__(self):
        self.watched: set[str] = set()
        self.seen: list[tuple] | None = None
        sys.addaudithook(self._hook)  # hooks cannot be removed: one for the whole run

    def _hook(self, event, args):
        if self.seen is None:
            return
        if event == "open" and isinstance(args[0], str | bytes):
            path = os.fsdecode(args[0])
            if os.path.realpath(path) in self.watched:
                self.seen.append(("open", path))
        elif event in self.EVENTS and not str(args[0]).startswith("data:"):
            self.seen.append((event, repr(args)[:200]))

    @contextlib.contextmanager
    def watching(self, *paths: str):
        self.watched = {os.path.realpath(path) for path in paths}
        self.seen = []
        try:
            yield self.seen
        finally:
            self.seen = None


machine = MachineProbe()


class RequestLog(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def local_web_server():
    """A web server on 127.0.0.1 that answers every GET and keeps the paths asked for."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), RequestLog)
    server.requests = []
    server.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
