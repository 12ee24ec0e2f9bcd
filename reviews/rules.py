"""What may change in a call's rubric, in which state. Pure functions: the services check them
before any change, and the rubric's forms show what they freeze as read-only, with the reason.

- Until the call's first review is submitted, every criterion may change, be added, reordered
  or removed.
- Once a review is submitted, weights and scales are frozen (a total already stored would no
  longer match the rubric) and no criterion is added or removed; names, guidance, point labels
  and the order may still change.
"""

from django.utils.translation import gettext as _

from core.permissions import ALLOWED, Verdict, refuse


def frozen_criterion_fields(has_submitted_review: bool) -> dict[str, str]:
    if not has_submitted_review:
        return {}
    reason = _("A review of this call has been submitted: its total was computed with this rubric.")
    return dict.fromkeys(("weight", "scale_min", "scale_max"), reason)


def can_change_criteria_set(has_submitted_review: bool) -> Verdict:
    """Adding or removing a criterion."""
    if has_submitted_review:
        return refuse(
            _("A review of this call has been submitted: criteria can be reworded and reordered, not added or removed.")
        )
    return ALLOWED


def can_record_panel_recommendation(status: str, submitted_reviews: int) -> Verdict:
    """The panel recommends from the reviews, until the application is decided."""
    if status not in ("submitted", "in_review"):
        return refuse(_("This application has been decided: its panel recommendation no longer changes."))
    if not submitted_reviews:
        return refuse(_("The panel recommends from the reviews: none has been submitted yet."))
    return ALLOWED
