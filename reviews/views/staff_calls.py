"""The staff's way into reviewing: the calls whose reviews they manage, and one call's hub of
review pages. Program staff reach the calls they run, admins all; anyone else gets a 404."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from core.permissions import requires
from grants.models import RFP

from .. import rules
from ..permissions import can_manage_reviews, can_manage_some_reviews
from ..selectors import calls_managed_by, has_submitted_review, rubric_summary_of

PAGE_SIZE = 50


def managed_call(request, pk: int) -> RFP:
    """A call whose reviews the user manages, with its title in its default language; any other
    id is a 404."""
    rfp = get_object_or_404(calls_managed_by(request.user), pk=pk)
    can_manage_reviews(request.user, rfp).or_404()
    rfp.title = rfp.text(rfp.default_language).get("title", "")
    return rfp


@login_required
@requires(can_manage_some_reviews)
def call_list(request):
    page = Paginator(calls_managed_by(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for rfp in page:
        rfp.title = rfp.text(rfp.default_language).get("title", "")
    return render(request, "reviews/staff/calls.html", {"page_obj": page})


@login_required
def call_hub(request, pk: int):
    rfp = managed_call(request, pk)
    submitted = has_submitted_review(rfp)
    context = {
        "rfp": rfp,
        "rubric": rubric_summary_of(rfp),
        "frozen_reason": next(iter(rules.frozen_criterion_fields(submitted).values()), ""),
    }
    return render(request, "reviews/staff/call.html", context)
