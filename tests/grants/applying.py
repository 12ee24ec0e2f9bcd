"""What the applying tests share: a published call with a form, and drafts to it."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants.models import RFP, Question
from tests.factories import ApplicationFactory, QuestionFactory, RFPFactory, SectionFactory

T = Question.Type


def published_call(**fields) -> RFP:
    now = timezone.now()
    values = {
        "status": RFP.Status.PUBLISHED,
        "published_at": now,
        "opens_at": now - timedelta(days=1),
        "deadline": now + timedelta(days=10),
        **fields,
    }
    return RFPFactory(**values)


def call_with_form(**fields):
    """A published call of two sections: the first asks a title (required), an amount
    (required) and a sensitive story; the second a required file and an optional choice."""
    rfp = published_call(**fields)
    first = SectionFactory(rfp=rfp, position=0, texts={"en": {"title": "The project"}})
    second = SectionFactory(rfp=rfp, position=1, texts={"en": {"title": "Documents"}})
    QuestionFactory(section=first, key="title", type=T.SHORT_TEXT, required=True, position=0)
    QuestionFactory(
        section=first,
        key="amount",
        type=T.AMOUNT,
        required=True,
        position=1,
        texts={"en": {"label": "Amount", "help": ""}},
    )
    QuestionFactory(
        section=first,
        key="story",
        type=T.LONG_TEXT,
        sensitive=True,
        word_limit=5,
        position=2,
        texts={"en": {"label": "What happened", "help": ""}},
    )
    QuestionFactory(section=second, key="budget_file", type=T.FILE, required=True, position=0)
    QuestionFactory(
        section=second,
        key="team",
        type=T.SINGLE_CHOICE,
        choices=["c1", "c2"],
        retired_choices=["c0"],
        position=1,
        texts={"en": {"label": "Team", "help": "", "choices": {"c0": "None", "c1": "Small", "c2": "Large"}}},
    )
    return rfp, first, second


def draft_to(rfp, **fields):
    return ApplicationFactory(rfp=rfp, currency=rfp.currency, language=rfp.default_language, **fields)


AMOUNT_OK = str(Decimal(5000))
