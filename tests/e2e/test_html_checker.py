"""The Nu HTML checker that `check_page` runs really reports the errors it exists to find."""

INVALID = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sessions</title></head>
<body><main><h1>Sessions</h1>
<p><time datetime="2026-12-31T16:00:00.123456+00:00">31 December 2026</time></p>
<input type="file" name="report" aria-label="Report" disabled disabled>
<p><time datetime="2026-12-31T16:00:00Z">31 December 2026</time></p>
</main></body></html>"""


def test_the_checker_reports_microseconds_in_a_time_and_a_duplicated_attribute_and_nothing_else(nu_checker):
    errors = nu_checker.errors(INVALID)
    assert len(errors) == 2, errors
    assert errors[0].startswith("line 4: Bad value “2026-12-31T16:00:00.123456+00:00” for attribute “datetime”")
    assert errors[1].startswith("line 5: Duplicate attribute “disabled”.")


def test_a_valid_document_has_no_error(nu_checker):
    assert nu_checker.errors(INVALID.replace(b".123456+00:00", b"Z").replace(b" disabled>", b">")) == []
