"""The CSV writer: what a spreadsheet would run as a formula is made inert, and Excel is told
the file is UTF-8."""

import csv
import io

import pytest

from core.csv import BOM, csv_lines, safe_cell


@pytest.mark.parametrize("cell", ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(cell):
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Safe houses", "a=b", "5000", "", "مدافعون", " =1"])
def test_other_cells_are_kept_as_they_are(cell):
    assert safe_cell(cell) == cell


def test_none_is_an_empty_cell_and_numbers_are_text():
    assert safe_cell(None) == ""
    assert safe_cell(12) == "12"


def test_the_file_starts_with_the_bom_and_reads_back_as_written():
    text = "".join(csv_lines(["Title", "Amount"], [['Refuge, "safe"\nhouse', "=2*3"], ["منحة", None]]))
    assert text.startswith(BOM + "Title,Amount\r\n")
    rows = list(csv.reader(io.StringIO(text[len(BOM) :])))
    assert rows == [["Title", "Amount"], ['Refuge, "safe"\nhouse', "'=2*3"], ["منحة", ""]]


def test_header_cells_are_made_safe_too():
    assert next(csv_lines(["-x"], [])) == BOM + "'-x\r\n"


def test_lines_come_one_at_a_time():
    rows = (["row", str(number)] for number in range(3))
    lines = csv_lines(["a", "b"], rows)
    next(lines)
    assert next(lines) == "row,0\r\n"
