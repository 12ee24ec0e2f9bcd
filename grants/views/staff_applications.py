"""The submitted applications to a call, for the staff who run it, each opening on its staff
page (the drafts are on their own page, staff_drafts.py)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from ..selectors import submitted_to
from ._builder import rfp_for

PAGE_SIZE = 50
LISTED_FIELDS = ("public_id", "rfp_id", "reference", "title", "status", "submitted_at")


@login_required
def staff_applications(request, pk: int):
    rfp = rfp_for(request, pk)
    submitted = Paginator(submitted_to(rfp).only(*LISTED_FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "rfp": rfp,
        "title": rfp.text(rfp.default_language).get("title", ""),
        "page_obj": submitted,
    }
    return render(request, "grants/staff/applications.html", context)
