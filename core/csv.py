"""CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Arabic as Arabic), and
every cell a spreadsheet would take for a formula made inert. Lines are produced one at a time,
for a streamed response whose memory does not grow with the number of rows."""

import csv
import io
from collections.abc import Iterable, Iterator

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets
# (tab and carriage return because some of them strip those first).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The cell as text, with a leading apostrophe if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The BOM and the header line, then one line per row: each cell made safe and quoted as
    RFC 4180 wants (CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield BOM + line(header)
    for row in rows:
        yield line(row)
