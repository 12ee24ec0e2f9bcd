"""The submitted applications to a call, for the staff who run it: a table filtered, searched
and sorted from the URL (bookmarkable, no JavaScript needed), each row opening on its staff
page. The drafts are on their own page (staff_drafts.py); the export in staff_export.py."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ..forms.table import SORT_LABELS, TableFilterForm
from ..models import RFP, Application
from ..table import LISTED_FIELDS, default_sort, table_rows
from ._builder import rfp_for

PAGE_SIZE = 50
PLACEHOLDER = uuid.UUID(int=0)


def filtered_rows(request, rfp: RFP):
    """The filter form bound to the URL, and the rows its valid values select."""
    form = TableFilterForm(request.GET)
    return form, table_rows(rfp, form.filters(), time_zone=request.user.time_zone)


def query_without(request, *names: str) -> str:
    """The URL's query string less `names`, for links that change only those."""
    kept = request.GET.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


def sort_links(request, current: str) -> list[dict]:
    """Each sortable column's header link: ascending first, the other way once it is sorted so."""
    base = query_without(request, "sort", "page")
    links = []
    for key, label in SORT_LABELS.items():
        direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
        wanted = f"-{key}" if current == key else key
        url = "?" + "&".join(filter(None, [base, f"sort={wanted}"]))
        links.append({"key": key, "label": label, "direction": direction, "url": url})
    return links


@login_required
def staff_applications(request, pk: int):
    rfp = rfp_for(request, pk)
    form, rows = filtered_rows(request, rfp)
    page = Paginator(rows.only(*LISTED_FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
    # Per row, get_status_display (which hashes the choices each time) and reverse() were a
    # good part of the page's time: the label is looked up, the link made from one reversed.
    link = reverse("portal:staff-application", args=[PLACEHOLDER])
    for application in page:
        application.status_label = Application.Status(application.status).label
        application.link = link.replace(str(PLACEHOLDER), str(application.public_id))
    current = form.cleaned_data.get("sort") or default_sort(rfp)
    context = {
        "rfp": rfp,
        "title": rfp.text(rfp.default_language).get("title", ""),
        "form": form,
        "page_obj": page,
        "columns": sort_links(request, current),
        "filtered": any(value for name, value in form.cleaned_data.items() if name != "sort"),
        "page_query": query_without(request, "page"),
        "rapid_response": rfp.mechanism == RFP.Mechanism.RAPID_RESPONSE,
        "now": timezone.now(),
    }
    return render(request, "grants/staff/applications.html", context)
