"""The reviewer's queue of their own live assignments, and, for the staff who run a
rapid-response call, the applications still waiting for a first review."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from core.permissions import requires
from grants.presentation import instant

from ..permissions import can_have_queue, can_manage_reviews
from ..queue import queue_for
from ..selectors import rapid_call_run_by, waiting_for_review

WAITING_PAGE_SIZE = 50


@login_required
@requires(can_have_queue)
def queue(request):
    return render(request, "reviews/queue.html", {"queue": queue_for(request.user)})


@login_required
def rapid_queue(request, pk: int):
    """Oldest submission first: a rapid-response call decides applications one by one, and
    the one that has waited longest should be read first."""
    rfp = rapid_call_run_by(request.user, pk)
    if rfp is None:
        raise Http404
    can_manage_reviews(request.user, rfp).or_404()
    now = timezone.now()
    page = Paginator(waiting_for_review(rfp), WAITING_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{**row, "submitted": instant(row["submitted_at"])} for row in page]
    context = {
        "rfp": rfp,
        "title": rfp.text(rfp.default_language).get("title", ""),
        "page_obj": page,
        "rows": rows,
        "now": now,
    }
    return render(request, "reviews/staff/rapid_queue.html", context)
