"""The applicant's page of the feedback staff released on their application: the feedback
alone, numbered, never a reviewer's name, score or comment for staff."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import translation

from grants.presentation import instant

from ..selectors import released_feedback_of


@login_required
def feedback(request, public_id):
    application, released = released_feedback_of(request.user, public_id)
    if application is None:
        raise Http404
    context = {
        "application": application,
        "call_title": application.rfp.text(translation.get_language()).get("title", ""),
        "feedback": [
            {"number": number, "text": review.feedback, "released": instant(review.feedback_released_at)}
            for number, review in enumerate(released, start=1)
        ],
    }
    return render(request, "reviews/feedback.html", context)
