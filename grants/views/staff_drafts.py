"""The drafts of a call, for the staff who run it: who holds each, their organisation, its
country and when it was last saved (never an answer, never a link to one): what staff need to
decide on an extension."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django_countries import countries

from ..selectors import draft_holders_of
from ._builder import rfp_for

PAGE_SIZE = 50


@login_required
def staff_drafts(request, pk: int):
    rfp = rfp_for(request, pk)
    drafts = Paginator(draft_holders_of(rfp), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "rfp": rfp,
        "title": rfp.text(rfp.default_language).get("title", ""),
        "page_obj": drafts,
        "holders": [_holder(row) for row in drafts],
    }
    return render(request, "grants/staff/drafts.html", context)


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
