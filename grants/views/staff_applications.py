"""The submitted applications to a call, for the staff who run it: a table filtered, searched
and sorted from the URL (bookmarkable, no JavaScript needed), each row opening on its staff
page. The drafts are on their own page (staff_drafts.py); the export in staff_export.py."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from ..forms.table import SORT_LABELS, TableFilterForm
from ..models import RFP
from ..table import default_sort, table_rows
from ..table_html import ROW_FIELDS, table_body
from ..widgets import filter_field
from ._builder import rfp_for

PAGE_SIZE = 50


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
    page = Paginator(rows.values_list(*ROW_FIELDS, named=True), PAGE_SIZE).get_page(request.GET.get("page"))
    # Read once into a list: iterating the page itself goes through its __getitem__ row by row.
    page.object_list = list(page.object_list)
    rapid_response = rfp.mechanism == RFP.Mechanism.RAPID_RESPONSE
    current = form.cleaned_data.get("sort") or default_sort(rfp)
    context = {
        "rfp": rfp,
        "title": rfp.text(rfp.default_language).get("title", ""),
        "form": form,
        "filter_fields": {field.name: filter_field(field) for field in form},
        "page_obj": page,
        "columns": sort_links(request, current),
        "filtered": any(value for name, value in form.cleaned_data.items() if name != "sort"),
        "page_query": query_without(request, "page"),
        "rapid_response": rapid_response,
        "table_body": table_body(page.object_list, waiting_since=timezone.now() if rapid_response else None),
    }
    return render(request, "grants/staff/applications.html", context)
