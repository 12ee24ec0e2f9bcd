"""The portfolio for staff (their calls; admins every one): filtered from the URL, paginated,
with totals per currency; exported as CSV or as 360Giving open data after the password is asked
again; and how one award is published."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import attempt
from grants.forms.export import ExportForm
from grants.selectors import rfps_run_by

from ..exports import columns
from ..forms.portfolio import PortfolioFilterForm, PublicationForm
from ..models import SupportCommitment
from ..permissions import can_manage_awards, can_see_portfolio
from ..selectors import (
    award_run_by,
    portfolio_of,
    portfolio_totals,
    publishable_awards,
    support_counts,
    support_counts_by_kind,
)
from ..services.portfolio import export_open_data, export_portfolio
from ..services.publication import set_publication

PAGE_SIZE = 50
FILE_NAME = "awards.csv"
OPEN_DATA_FILE_NAME = "grants.json"


def query_without(request, *names: str) -> str:
    kept = request.GET.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


def _filtered(request):
    if not can_see_portfolio(request.user):
        raise Http404
    calls = [(rfp.pk, rfp.text(rfp.default_language).get("title") or f"#{rfp.pk}") for rfp in rfps_run_by(request.user)]
    form = PortfolioFilterForm(request.GET, calls=calls)
    return form, portfolio_of(request.user, form.filters())


@login_required
def portfolio(request):
    form, awards = _filtered(request)
    page = Paginator(awards, PAGE_SIZE).get_page(request.GET.get("page"))
    support = support_counts(awards)
    kinds = support_counts_by_kind(awards)
    context = {
        "form": form,
        "page_obj": page,
        "awards": page.object_list,
        "count": page.paginator.count,
        "totals": portfolio_totals(awards),
        "support": [(label, support.get(value, 0)) for value, label in SupportCommitment.Status.choices],
        "support_kinds": [(label, kinds.get(value, 0)) for value, label in SupportCommitment.Kind.choices],
        "filtered": bool(form.filters()),
        "query": query_without(request, "page"),
    }
    return render(request, "awards/staff/portfolio.html", context)


@login_required
@reauthentication_required
def portfolio_export(request):
    filters, awards = _filtered(request)
    form = ExportForm(request.POST if request.method == "POST" else None, columns=columns())
    if request.method == "POST" and form.is_valid():
        lines = export_portfolio(awards, form.chosen(), by=request.user)
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}"'
        response["Cache-Control"] = "no-store"
        return response
    context = {"form": form, "filters": filters, "count": awards.count(), "query": query_without(request, "page")}
    return render(request, "awards/staff/portfolio_export.html", context)


@login_required
@reauthentication_required
def open_data(request):
    _form, awards = _filtered(request)
    published = publishable_awards(awards)
    if request.method == "POST":
        response = HttpResponse(export_open_data(published, by=request.user), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{OPEN_DATA_FILE_NAME}"'
        response["Cache-Control"] = "no-store"
        return response
    context = {
        "count": published.count(),
        "anonymous": published.filter(publish_anonymously=True).count(),
        "query": query_without(request, "page"),
    }
    return render(request, "awards/staff/open_data.html", context)


@login_required
def publication(request, public_id):
    award = award_run_by(request.user, public_id)
    if award is None or not can_manage_awards(request.user, award.rfp):
        raise Http404
    form = PublicationForm(request.POST if request.method == "POST" else None, instance=award)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(form, set_publication, award, **data, by=request.user):
            messages.success(request, _("How the award is published is saved."))
            return redirect("awards:publication", award.public_id)
    return render(request, "awards/staff/publication.html", {"award": award, "form": form})
