"""The applications to a call, for the staff who run it: how many drafts there are and who holds
each (never an answer, never a link to one), and the submitted applications, each opening on its
staff page. A simple list until the full table comes."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django_countries import countries

from ..selectors import draft_holders_of, submitted_to
from ._builder import rfp_for

PAGE_SIZE = 50
LISTED_FIELDS = ("public_id", "rfp_id", "reference", "title", "status", "submitted_at")


@login_required
def staff_applications(request, pk: int):
    rfp = rfp_for(request, pk)
    submitted = Paginator(submitted_to(rfp).only(*LISTED_FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
    drafts = Paginator(draft_holders_of(rfp), PAGE_SIZE).get_page(request.GET.get("drafts"))
    context = {
        "rfp": rfp,
        "title": rfp.text(rfp.default_language).get("title", ""),
        "page_obj": submitted,
        "drafts": drafts,
        "holders": [_holder(row) for row in drafts],
    }
    return render(request, "grants/staff/applications.html", context)


def _holder(row: dict) -> dict:
    """Who holds a draft: their name, their organisation and its country (else the country the
    draft gives), and when it was last saved."""
    code = row["organisation__country"] or row["country"]
    return {
        "name": row["applicant__name"],
        "organisation": row["organisation__name"],
        "country": countries.name(code) if code else "",
        "updated_at": row["updated_at"],
    }
