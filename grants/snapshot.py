"""The form as it was when an application was submitted: every section and question with its
texts in every language, choices included, so a later edit of the call changes no submitted
copy."""

from .models import RFP

QUESTION_FIELDS = ("key", "type", "required", "identifying", "sensitive", "word_limit", "choices", "retired_choices")


def _amount(value):
    return None if value is None else str(value)


def snapshot_of(rfp: RFP, form: list) -> dict:
    """`form`: the call's sections with their live questions prefetched (selectors.form_of)."""
    return {
        "default_language": rfp.default_language,
        "languages": list(rfp.languages),
        "currency": rfp.currency,
        "sections": [
            {
                "pk": section.pk,
                "texts": section.texts,
                "questions": [
                    {
                        **{field: getattr(question, field) for field in QUESTION_FIELDS},
                        "min_value": _amount(question.min_value),
                        "max_value": _amount(question.max_value),
                        "texts": question.texts,
                    }
                    for question in section.questions.all()
                ],
            }
            for section in form
        ],
    }
