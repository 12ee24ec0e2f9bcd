"""Each question type's check: what is wrong with an answer as typed, in the applicant's words."""

from decimal import Decimal

import pytest

from grants.answers import decimal_of, problem, progress_of, word_count
from grants.selectors import form_of
from tests.factories import QuestionFactory

from .applying import T, call_with_form, published_call

pytestmark = pytest.mark.django_db


def question(**fields):
    return QuestionFactory(section__rfp=published_call(), **fields)


@pytest.mark.parametrize(
    ("kind", "fields", "value", "expected"),
    [
        (T.SHORT_TEXT, {}, "Safe houses", None),
        (T.SHORT_TEXT, {}, "x" * 501, "At most 500 characters (this has 501)."),
        (T.LONG_TEXT, {"word_limit": 3}, "one two  three", None),
        (T.LONG_TEXT, {"word_limit": 3}, "one two\nthree four", "At most 3 words (this has 4)."),
        (T.NUMBER, {}, "12 500,5", None),
        (T.NUMBER, {}, "twelve", "Enter a number, such as 1200 or 1200.50."),
        (T.NUMBER, {"min_value": Decimal(1), "max_value": Decimal(9)}, "10", "Enter an amount between 1 and 9."),
        (T.NUMBER, {"min_value": Decimal(2)}, "1", "Enter at least 2."),
        (T.NUMBER, {"max_value": Decimal(2)}, "3", "Enter at most 2."),
        (T.AMOUNT, {}, "5000", None),
        (T.AMOUNT, {}, "999", "Enter an amount between 1,000 USD and 10,000 USD."),
        (T.AMOUNT, {}, "10000.001", "Enter an amount between 1,000 USD and 10,000 USD."),
        (T.AMOUNT, {}, "5000.0001", "Enter the amount with at most three decimals."),
        (T.AMOUNT, {"max_value": Decimal(2000)}, "2500", "Enter an amount between 1,000 USD and 2,000 USD."),
        (T.DATE, {}, "2027-03-31", None),
        (T.DATE, {}, "31/03/2027", "Enter a date as year-month-day, such as 2027-03-31."),
        (T.SINGLE_CHOICE, {"choices": ["c1", "c2"], "retired_choices": ["c0"]}, "c2", None),
        (
            T.SINGLE_CHOICE,
            {"choices": ["c1", "c2"], "retired_choices": ["c0"]},
            "c0",
            "This choice is no longer offered: choose another.",
        ),
        (T.SINGLE_CHOICE, {"choices": ["c1", "c2"]}, "c9", "Choose one of the options."),
        (T.MULTIPLE_CHOICE, {"choices": ["c1", "c2"]}, ["c1", "c2"], None),
        (T.MULTIPLE_CHOICE, {"choices": ["c1", "c2"]}, ["c1", "c3"], "Choose among the options."),
        (
            T.MULTIPLE_CHOICE,
            {"choices": ["c1"], "retired_choices": ["c0"]},
            ["c0"],
            "A choice you made is no longer offered: untick it and choose again.",
        ),
        (T.YES_NO, {}, "yes", None),
        (T.YES_NO, {}, "maybe", "Choose yes or no."),
        (T.COUNTRY, {}, "KE", None),
        (T.COUNTRY, {}, "XX", "Choose a country from the list."),
    ],
)
def test_each_type_says_what_is_wrong_with_an_answer(kind, fields, value, expected):
    asked = question(type=kind, **fields)
    assert problem(asked, value, asked.rfp) == expected


def test_a_missing_required_answer_is_a_problem_only_when_the_application_must_be_complete():
    asked = question(type=T.SHORT_TEXT, required=True)
    assert problem(asked, "  ", asked.rfp) is None
    assert problem(asked, "  ", asked.rfp, complete=True) == "This answer is required."


def test_a_required_file_question_needs_an_attachment_at_submission():
    asked = question(type=T.FILE, required=True)
    assert problem(asked, None, asked.rfp, complete=True) == "Attach a file."
    assert problem(asked, None, asked.rfp, attachments=1, complete=True) is None


def test_words_are_counted_between_spaces_and_numbers_read_as_typed():
    assert word_count("  جمعية   حقوق\tالإنسان\n") == 3  # noqa: RUF001
    assert decimal_of("1 234,50") == Decimal("1234.50")
    assert decimal_of("1,234.50") is None  # two kinds of separator: ambiguous, so refused


def test_progress_counts_required_answers_given_validly_per_section():
    rfp, first, second = call_with_form()
    answers = {"title": "Safe houses", "amount": "12", "team": "c1"}
    progress = progress_of(form_of(rfp), answers, rfp, {})
    by_section = {item.section.pk: item for item in progress.sections}
    assert (progress.answered, progress.required) == (1, 3)
    assert by_section[first.pk].missing == ("amount",)  # given, but out of the call's range
    assert by_section[first.pk].invalid == ("amount",)
    assert by_section[second.pk].missing == ("budget_file",)
    assert not progress.complete
    done = progress_of(form_of(rfp), {**answers, "amount": "5000"}, rfp, {"budget_file": 1})
    assert (done.answered, done.required, done.complete) == (3, 3, True)
