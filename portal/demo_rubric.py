"""The demo calls' rubric: three criteria in the call's languages, one with labelled points and
one that asks for a comment, so staff see a rubric to edit and reviewers one to score."""

from decimal import Decimal

from accounts.models import User
from grants.models import RFP
from reviews.selectors import criteria_of
from reviews.services import rubric

CRITERIA = [
    {
        "texts": {
            "en": {
                "name": "Relevance",
                "guidance": "How well the work answers the call's purpose.",
                "labels": {"0": "Not at all", "5": "Fully"},
            },
            "fr": {"name": "Pertinence"},
            "es": {"name": "Pertinencia"},
            "ar": {"name": "الصلة", "labels": {"0": "لا على الإطلاق", "5": "تماما"}},
        },
        "weight": Decimal(2),
        "scale_min": 0,
        "scale_max": 5,
    },
    {
        "texts": {
            "en": {"name": "Feasibility", "guidance": "Can the team do it with this budget and time?"},
            "fr": {"name": "Faisabilité"},
            "es": {"name": "Viabilidad"},
            "ar": {"name": "الجدوى"},
        },
        "weight": Decimal(1),
        "scale_min": 0,
        "scale_max": 5,
    },
    {
        "texts": {
            "en": {"name": "Safety of the people involved"},
            "fr": {"name": "Sécurité des personnes concernées"},
            "es": {"name": "Seguridad de las personas implicadas"},
            "ar": {"name": "سلامة الأشخاص المعنيين"},
        },
        "weight": Decimal("1.5"),
        "scale_min": 1,
        "scale_max": 5,
        "comment_required": True,
    },
]


def seed_rubric(rfp: RFP, *, by: User) -> None:
    """Once: a call that has a rubric already is left as it is."""
    if criteria_of(rfp).exists():
        return
    for criterion in CRITERIA:
        texts = {language: text for language, text in criterion["texts"].items() if language in rfp.languages}
        rubric.add_criterion(rfp, by=by, **{**criterion, "texts": texts})
