"""The CSV export of a call's applications as the table is filtered: staff choose the columns on
a page (the password asked again first), and the file is streamed with a neutral name."""

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render

from ..exports import columns_of
from ..forms.export import ExportForm
from ..services.exports import export_applications
from ._builder import rfp_for
from .staff_applications import filtered_rows, query_without

FILE_NAME = "export.csv"


@login_required
@reauthentication_required
def staff_export(request, pk: int):
    rfp = rfp_for(request, pk)
    filters, rows = filtered_rows(request, rfp)
    form = ExportForm(request.POST if request.method == "POST" else None, columns=columns_of(rfp))
    if request.method == "POST" and form.is_valid():
        lines = export_applications(rfp, rows, form.chosen(), by=request.user)
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}"'
        response["Cache-Control"] = "no-store"
        return response
    context = {
        "rfp": rfp,
        "form": form,
        "filters": filters,
        "count": rows.count(),
        "query": query_without(request, "page"),
    }
    return render(request, "grants/staff/export.html", context)
