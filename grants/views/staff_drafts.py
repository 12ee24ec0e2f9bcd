"""The drafts of a call, for the staff who run it: who holds each, their organisation, its
country, when it was last saved and its effective deadline (never an answer, never a link to
one): what staff need to decide on an extension. The applicants' requests for more time come
first; the list can be narrowed to one country (?country=SN)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django_countries import countries

from ..deadlines import call_deadline, effective_deadline
from ..models import RFP, Application
from ..presentation import instant
from ..selectors import draft_countries_of, draft_holders_of, pending_requests_of
from ._builder import rfp_for

PAGE_SIZE = 50


@login_required
def staff_drafts(request, pk: int):
    rfp = rfp_for(request, pk)
    counts = draft_countries_of(rfp)
    country = request.GET.get("country", "")
    if country not in dict(counts):
        country = ""
    drafts = Paginator(draft_holders_of(rfp, country), PAGE_SIZE).get_page(request.GET.get("page"))
    requests = [
        {
            **holder_of(rfp, row, prefix="application__"),
            "until": instant(row["requested_until"]),
            "reason": row["reason"],
            "asked": instant(row["created_at"]),
        }
        for row in pending_requests_of(rfp)
    ]
    context = {
        "rfp": rfp,
        "title": rfp.text(rfp.default_language).get("title", ""),
        "page_obj": drafts,
        "holders": [holder_of(rfp, row) for row in drafts],
        "requests": requests,
        "countries": [(code, countries.name(code), count) for code, count in counts],
        "country": country,
        "may_extend": call_deadline(rfp) is not None,
        "page_query": urlencode({"country": country}) + "&" if country else "",
    }
    return render(request, "grants/staff/drafts.html", context)


def holder_of(rfp: RFP, row: dict, prefix: str = "") -> dict:
    """Who holds a draft: their name, their organisation and its country (else the country the
    draft gives), when it was last saved and its effective deadline."""
    code = row[f"{prefix}organisation__country"] or row[f"{prefix}country"]
    deadline = effective_deadline(Application(rfp=rfp, extended_until=row[f"{prefix}extended_until"]))
    return {
        "public_id": row[f"{prefix}public_id"],
        "name": row[f"{prefix}applicant__name"],
        "organisation": row[f"{prefix}organisation__name"],
        "country": countries.name(code) if code else "",
        "updated_at": row[f"{prefix}updated_at"],
        "deadline": instant(deadline) if deadline else None,
        "extended": row[f"{prefix}extended_until"] is not None and deadline == row[f"{prefix}extended_until"],
        "requested": row[f"{prefix}extension_requested_at"] is not None,
    }
