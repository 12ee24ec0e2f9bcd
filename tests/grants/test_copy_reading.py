"""The copy reads the questions as they were submitted, in the reader's language when the call
had it (else its default language, text by text), choices by their labels (a retired one too),
answers as typed. The applicant's overview, the PDF and the staff page all read it so."""

from datetime import UTC, datetime

from grants.copies import submitted_copy
from grants.models import Application

SNAPSHOT = {
    "default_language": "en",
    "languages": ["en", "fr"],
    "currency": "EUR",
    "sections": [
        {
            "pk": 1,
            "texts": {"en": {"title": "The project"}, "fr": {"title": "Le projet"}},
            "questions": [
                {"key": "title", "type": "short_text", "texts": {"en": {"label": "Title"}, "fr": {"label": ""}}},
                {"key": "amount", "type": "amount", "texts": {"en": {"label": "Amount"}, "fr": {"label": "Montant"}}},
                {
                    "key": "team",
                    "type": "multiple_choice",
                    "choices": ["c1", "c2"],
                    "retired_choices": ["c0"],
                    "texts": {
                        "en": {"label": "Team", "choices": {"c0": "None", "c1": "Small", "c2": "Large"}},
                        "fr": {"label": "Équipe", "choices": {"c1": "Petite"}},
                    },
                },
                {"key": "where", "type": "country", "texts": {"en": {"label": "Country"}}},
                {"key": "paid", "type": "yes_no", "texts": {"en": {"label": "Paid?"}}},
                {"key": "papers", "type": "file", "texts": {"en": {"label": "Papers"}}},
                {"key": "story", "type": "long_text", "texts": {"en": {"label": "Story"}}},
            ],
        }
    ],
}
ANSWERS = {"title": "Maisons sûres", "amount": "12 letters!!", "team": ["c1", "c2", "c0"], "where": "KE", "paid": "yes"}


class File:
    def __init__(self, key, name):
        self.question_key, self.name, self.kind, self.pages, self.size = key, name, "pdf", 2, 2048
        self.uploaded_at, self.pk = datetime(2026, 3, 1, tzinfo=UTC), 1


def application() -> Application:
    """Unsaved: the copy reads only the row's answers and snapshot, and the files it is given."""
    return Application(answers=ANSWERS, form_snapshot=SNAPSHOT, currency="EUR")


def shown(sections):
    return [(answer.label, answer.text or list(answer.lines)) for answer in sections[0].answers]


def test_the_copy_is_in_the_readers_language_each_missing_text_in_the_default_one():
    sections = submitted_copy(application(), "fr", [File("papers", "budget.pdf")])
    assert sections[0].title == "Le projet"
    assert shown(sections) == [
        ("Title", "Maisons sûres"),
        ("Montant", "12 letters!! EUR"),
        ("Équipe", ["Petite", "Large", "None"]),
        ("Country", "Kenya"),
        ("Paid?", "Oui"),
        ("Papers", []),
        ("Story", []),
    ]
    papers = sections[0].answers[5]
    assert [numbered.attachment.name for numbered in papers.files] == ["budget.pdf"] and papers.answered
    assert not sections[0].answers[6].answered


def test_a_reader_in_a_language_the_call_lacked_reads_the_default_one():
    sections = submitted_copy(application(), "ar", [])
    assert sections[0].title == "The project"
    assert shown(sections)[2] == ("Team", ["Small", "Large", "None"])
