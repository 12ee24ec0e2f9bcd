"""One review in full, for the staff who run its call, with what they may do with it: reopen it
(the reviewer may change it and submit again) and release its feedback to the applicant. Each
asks first on a page of its own; the button and the POST answer to the same permission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import attempt

from ..models import Review
from ..permissions import can_release_feedback, can_reopen_review
from ..selectors import criteria_of, review_for_staff
from ..services import staff_actions
from ._reading import criterion_rows, recommendation_label


def _review(request, pk: int, review_pk: int) -> Review:
    review = review_for_staff(request.user, pk, review_pk)
    if review is None:
        raise Http404
    return review


def _context(review: Review) -> dict:
    rfp = review.rfp
    return {
        "review": review,
        "rfp": rfp,
        "call_title": rfp.text(translation.get_language()).get("title", ""),
        "back": reverse("reviews:staff-review", args=[rfp.pk, review.pk]),
    }


@login_required
def staff_review(request, pk: int, review_pk: int):
    review = _review(request, pk, review_pk)
    scores = {score.criterion_id: score for score in review.scores.all()}
    context = {
        **_context(review),
        "rows": criterion_rows(list(criteria_of(review.rfp)), scores, review.rfp, translation.get_language()),
        "recommendation": recommendation_label(review),
        "may_reopen": can_reopen_review(request.user, review),
        "may_release": can_release_feedback(request.user, review),
    }
    return render(request, "reviews/staff/review.html", context)


@login_required
def reopen_review(request, pk: int, review_pk: int):
    review = _review(request, pk, review_pk)
    verdict = can_reopen_review(request.user, review)
    if request.method == "POST" and attempt(request, staff_actions.reopen_review, review, by=request.user):
        messages.success(request, _("The review is a draft again; its reviewer has been told."))
        return redirect("reviews:staff-review", pk=pk, review_pk=review_pk)
    return render(request, "reviews/staff/reopen.html", {**_context(review), "verdict": verdict})


@login_required
def release_feedback(request, pk: int, review_pk: int):
    review = _review(request, pk, review_pk)
    verdict = can_release_feedback(request.user, review)
    if request.method == "POST" and attempt(request, staff_actions.release_feedback, review, by=request.user):
        messages.success(request, _("The feedback was released; the applicant has been told."))
        return redirect("reviews:staff-review", pk=pk, review_pk=review_pk)
    return render(request, "reviews/staff/release.html", {**_context(review), "verdict": verdict})
