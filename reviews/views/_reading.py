"""What the review pages share: a criterion's texts in the reader's language (else the call's
default) and a review's scores laid out criterion by criterion."""

from ..models import Criterion, Review


def text_of(criterion: Criterion, rfp, language: str) -> tuple[dict, str]:
    """The criterion's texts and the language they are in."""
    shown = language if criterion.texts.get(language) else rfp.default_language
    return criterion.text(language, rfp.default_language), shown


def criterion_rows(criteria: list[Criterion], scores: dict, rfp, language: str, url_of=None) -> list[dict]:
    rows = []
    for criterion in criteria:
        text, text_language = text_of(criterion, rfp, language)
        score = scores.get(criterion.pk)
        value = score.value if score else None
        labels = text.get("labels") or {}
        rows.append(
            {
                "criterion": criterion,
                "name": text.get("name") or criterion.key,
                "guidance": text.get("guidance", ""),
                "language": text_language,
                "value": value,
                "label": labels.get(str(value), "") if value is not None else "",
                "comment": score.comment if score else "",
                "url": url_of(criterion.key) if url_of else None,
            }
        )
    return rows


def recommendation_label(review: Review | None) -> str:
    if review is None or not review.recommendation:
        return ""
    return Review.Recommendation(review.recommendation).label
