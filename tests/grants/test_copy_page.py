"""The submitted copy reads the questions as they were submitted, in the reader's language when
the call had it (else its default language), choices by their labels, answers as typed."""

from django.utils.timezone import now

from grants.copies import copy_language, submitted_copy
from grants.models import Application, Attachment

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


def application_with(answers: dict) -> Application:
    return Application(form_snapshot=SNAPSHOT, answers=answers, currency="EUR")


def papers() -> Attachment:
    return Attachment(pk=1, question_key="papers", kind="pdf", size=10, pages=2, name="budget.pdf", uploaded_at=now())


def shown(sections):
    return [(answer.label, answer.text, answer.lines) for answer in sections[0].answers]


def test_the_copy_is_in_the_readers_language_each_missing_text_in_the_default_one():
    application = application_with(ANSWERS)
    assert copy_language(application, "fr") == "fr"
    sections = submitted_copy(application, "fr", [papers()])
    assert sections[0].title == "Le projet"
    assert shown(sections) == [
        ("Title", "Maisons sûres", ()),
        ("Montant", "12 letters!! EUR", ()),
        ("Équipe", "", ("Petite", "Large", "None")),
        ("Country", "Kenya", ()),
        ("Paid?", "Oui", ()),
        ("Papers", "", ()),
        ("Story", "", ()),
    ]
    files = sections[0].answers[5].files
    assert [numbered.attachment.name for numbered in files] == ["budget.pdf"]
    assert str(files[0].description) == "Pièce jointe <bdi>1</bdi> (PDF, <bdi>2</bdi> pages)"
    assert not sections[0].answers[6].answered


def test_a_reader_in_a_language_the_call_lacked_reads_the_default_one():
    application = application_with(ANSWERS)
    assert copy_language(application, "ar") == "en"
    sections = submitted_copy(application, "ar", [])
    assert sections[0].title == "The project"
    assert shown(sections)[2] == ("Team", "", ("Small", "Large", "None"))
