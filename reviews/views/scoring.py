"""The reviewer's review of one assignment, in parts saved on their own like an application's
sections: one page per criterion (its guidance, its points, a comment), then the overall part
(comments for staff, feedback for the applicant, the recommendation). A criterion is a part of
its own because it is one judgement, read against its own guidance: a cut connection loses at
most that one, and the page stays short on a phone. The review's page lists the parts, what is
still missing before submitting (each linked), and the submit button; once submitted, it shows
the review read-only.

Every save keeps what was sent, valid or not, with its problems beside the fields. With
JavaScript, static/js/autosave.js posts the same form in the background (`Accept:
application/json`) and gets {version, saved_at, message, problems}, or a 400 with the reason
nothing was saved. A review has one author, so its version never changes (always 0).

Only the reviewer's own live assignment, before their access ends, once they confirmed having
no conflict of interest, is reachable: anything else is a 404."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import Refused
from grants.presentation import time_of_day

from ..forms.scoring import CriterionForm, OverallForm
from ..models import Assignment, Criterion
from ..permissions import can_read_application, can_see_other_reviews
from ..selectors import assignment_of, criteria_of, other_submitted_reviews, review_of, scores_of
from ..services import reviewing
from ._reading import criterion_rows, recommendation_label, text_of

VERSION, GO = "_version", "_go"
OVERALL = None  # the overall part's key among the parts (a criterion's is its key)


def reviewable(request, public_id) -> Assignment:
    """The reviewer's own live assignment, once they said they have no conflict with it.
    Before that the review is a 404 too: the assignment's own page asks the question."""
    assignment = assignment_of(request.user, public_id)
    if assignment is None:
        raise Http404
    can_read_application(request.user, assignment).or_404()
    return assignment


def _language() -> str:
    return translation.get_language()


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@dataclass(frozen=True)
class Parts:
    """The review's parts in order: the criteria, then the overall part."""

    assignment: Assignment
    criteria: list[Criterion]

    def __contains__(self, key) -> bool:
        return key in self.keys()

    def keys(self) -> list[str | None]:
        return [criterion.key for criterion in self.criteria] + [OVERALL]

    def url(self, key: str | None) -> str:
        public_id = self.assignment.public_id
        if key is OVERALL:
            return reverse("reviews:score-overall", args=[public_id])
        return reverse("reviews:score-criterion", args=[public_id, key])

    def after(self, key: str | None) -> str | None:
        keys = self.keys()
        index = keys.index(key)
        return self.url(keys[index + 1]) if index + 1 < len(keys) else None

    def before(self, key: str | None) -> str | None:
        keys = self.keys()
        index = keys.index(key)
        return self.url(keys[index - 1]) if index > 0 else None


def _context(assignment: Assignment) -> dict:
    rfp = assignment.rfp
    return {
        "assignment": assignment,
        "reference": assignment.application.reference,
        "call_title": rfp.text(_language()).get("title", ""),
        "overview_url": reverse("reviews:score", args=[assignment.public_id]),
    }


@login_required
def score(request, public_id):
    assignment = reviewable(request, public_id)
    return _overview(request, assignment)


def _overview(request, assignment: Assignment, refusal: Refused | None = None, status: int = 200):
    rfp = assignment.rfp
    criteria = list(criteria_of(rfp))
    review = review_of(assignment)
    scores = scores_of(review)
    parts = Parts(assignment, criteria)
    language = _language()
    missing = (
        []
        if review and review.is_submitted
        else reviewing.what_is_missing(criteria, review, scores, language, rfp.default_language)
    )
    context = {
        **_context(assignment),
        "review": review,
        "rows": criterion_rows(criteria, scores, rfp, language, parts.url),
        "overall_url": parts.url(OVERALL),
        "recommendation": recommendation_label(review),
        "missing": [{"message": item.message, "url": f"{parts.url(item.part)}#id_{item.field}"} for item in missing],
        "refusal": refusal,
        "others_allowed": bool(can_see_other_reviews(request.user, assignment, review)),
    }
    return render(request, "reviews/scoring/review.html", context, status=status)


def _part_of(request, public_id, key: str | None):
    assignment = reviewable(request, public_id)
    criteria = list(criteria_of(assignment.rfp))
    parts = Parts(assignment, criteria)
    if key is not OVERALL and key not in parts:
        raise Http404
    review = review_of(assignment)
    if review is not None and review.is_submitted:
        message = _("This review has been submitted: it can no longer be changed.")
        if _wants_json(request):
            return None, JsonResponse({"error": message}, status=400)
        messages.info(request, message)
        return None, redirect("reviews:score", public_id=public_id)
    return (assignment, parts, review), None


@login_required
def score_criterion(request, public_id, key: str):
    place, answer = _part_of(request, public_id, key)
    if answer is not None:
        return answer
    assignment, parts, review = place
    criterion = next(criterion for criterion in parts.criteria if criterion.key == key)
    text = text_of(criterion, assignment.rfp, _language())[0]
    if request.method == "POST":
        form = CriterionForm(criterion, text, data=request.POST)
        return _save(request, parts, key, form, reviewing.save_criterion, assignment, criterion, **form.typed())
    score = scores_of(review).get(criterion.pk)
    stored = {
        "value": "" if score is None or score.value is None else str(score.value),
        "comment": score.comment if score else "",
    }
    form = CriterionForm(criterion, text, data=stored, problems=_stored_problems(criterion, stored))
    return _render_part(request, parts, key, form, _extra(parts, key))


def _stored_problems(criterion: Criterion, stored: dict) -> dict:
    problems = {}
    if len(stored["comment"]) > reviewing.CRITERION_COMMENT_MAX:
        problems["comment"] = _("At most %(limit)s characters: this has %(count)s.") % {
            "limit": reviewing.CRITERION_COMMENT_MAX,
            "count": len(stored["comment"]),
        }
    return problems


@login_required
def score_overall(request, public_id):
    place, answer = _part_of(request, public_id, OVERALL)
    if answer is not None:
        return answer
    assignment, parts, review = place
    if request.method == "POST":
        form = OverallForm(data=request.POST)
        return _save(request, parts, OVERALL, form, reviewing.save_overall, assignment, **form.typed())
    stored = {
        "recommendation": review.recommendation if review else "",
        "comment": review.comment if review else "",
        "feedback": review.feedback if review else "",
    }
    return _render_part(request, parts, OVERALL, OverallForm(data=stored), {})


def _save(request, parts: Parts, key, form, service, *args, **typed):
    try:
        problems = service(*args, by=request.user, **typed)
    except Refused as refusal:  # access ended, or submitted meanwhile: nothing saved
        if _wants_json(request):
            return JsonResponse({"error": refusal.message}, status=400)
        messages.error(request, refusal.message)
        return _render_part(request, parts, key, form, _extra(parts, key))
    review = review_of(parts.assignment)
    saved_at = time_of_day(review.updated_at)
    if _wants_json(request):
        if problems:
            message = _("Saved at %(time)s; something needs attention: press “Save” to see what to change.")
        else:
            message = _("Saved at %(time)s")
        return JsonResponse(
            {"version": 0, "saved_at": saved_at, "message": message % {"time": saved_at}, "problems": problems}
        )
    if problems:
        messages.warning(request, _("Saved. Something needs attention."))
        form.problems = problems
        form._errors = None
        return _render_part(request, parts, key, form, _extra(parts, key))
    messages.success(request, _("Saved at %(time)s") % {"time": saved_at})
    go = request.POST.get(GO)
    if go == "next":
        return redirect(parts.after(key) or reverse("reviews:score", args=[parts.assignment.public_id]))
    if go == "overview":
        return redirect("reviews:score", public_id=parts.assignment.public_id)
    return redirect(parts.url(key))


def _extra(parts: Parts, key) -> dict:
    if key is OVERALL:
        return {}
    criterion = next(criterion for criterion in parts.criteria if criterion.key == key)
    text, text_language = text_of(criterion, parts.assignment.rfp, _language())
    return {"criterion": criterion, "text": text, "text_language": text_language}


def _render_part(request, parts: Parts, key, form, extra: dict):
    keys = parts.keys()
    context = {
        **_context(parts.assignment),
        **extra,
        "form": form,
        "number": keys.index(key) + 1,
        "count": len(keys),
        "action": parts.url(key),
        "previous_url": parts.before(key),
        "next_url": parts.after(key),
        "controls": {"version": VERSION, "go": GO},
    }
    template = "reviews/scoring/overall.html" if key is OVERALL else "reviews/scoring/criterion.html"
    return render(request, template, context)


@login_required
@require_POST
def submit(request, public_id):
    assignment = reviewable(request, public_id)
    try:
        reviewing.submit_review(assignment, by=request.user, language=_language())
    except reviewing.IncompleteReview as refusal:
        return _overview(request, assignment, refusal, status=400)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your review was submitted. Thank you."))
    return redirect("reviews:score", public_id=assignment.public_id)


@login_required
def others(request, public_id):
    """The other reviewers' submitted reviews, once one's own is submitted, if the call allows:
    their scores, totals and recommendations, numbered, never named. Their comments for staff
    and their feedback stay with staff."""
    assignment = reviewable(request, public_id)
    can_see_other_reviews(request.user, assignment, review_of(assignment)).or_404()
    rfp = assignment.rfp
    criteria = list(criteria_of(rfp))
    lang = _language()
    reviews = [
        {
            "number": number,
            "total": review.total,
            "recommendation": recommendation_label(review),
            "rows": criterion_rows(criteria, {score.criterion_id: score for score in review.scores.all()}, rfp, lang),
        }
        for number, review in enumerate(other_submitted_reviews(assignment), start=1)
    ]
    return render(request, "reviews/scoring/others.html", {**_context(assignment), "reviews": reviews})
