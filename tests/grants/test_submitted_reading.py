"""The submitted copy reads the questions as they were submitted, in the reader's language when
the call had it (else its default language), choices by their labels, answers as typed."""

from django.utils import translation

from grants.submitted import submitted_copy

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
        self.question_key, self.name = key, name


def shown(copy):
    return [(answer.label, answer.lines) for answer in copy.sections[0].answers]


def test_the_copy_is_in_the_readers_language_each_missing_text_in_the_default_one():
    with translation.override("fr"):
        copy = submitted_copy(SNAPSHOT, ANSWERS, [File("papers", "budget.pdf")], "fr")
    assert copy.language == "fr"
    assert copy.sections[0].title == "Le projet"
    assert shown(copy) == [
        ("Title", ["Maisons sûres"]),
        ("Montant (EUR)", ["12 letters!!"]),
        ("Équipe", ["Petite", "Large", "None"]),
        ("Country", ["Kenya"]),
        ("Paid?", ["Oui"]),
        ("Papers", []),
        ("Story", []),
    ]
    papers = copy.sections[0].answers[5]
    assert [file.name for file in papers.files] == ["budget.pdf"] and papers.answered
    assert not copy.sections[0].answers[6].answered


def test_a_reader_in_a_language_the_call_lacked_reads_the_default_one():
    copy = submitted_copy(SNAPSHOT, ANSWERS, [], "ar")
    assert copy.language == "en"
    assert copy.sections[0].title == "The project"
    assert shown(copy)[2] == ("Team", ["Small", "Large", "None"])
