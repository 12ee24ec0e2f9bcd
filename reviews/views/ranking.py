"""The ranking of a call for its staff: filtered and sorted from the URL (bookmarkable, no
JavaScript needed), paginated for the screen, printable whole, exported as CSV after the
password is asked again; and one application's reviews side by side, where the panel's
recommendation is recorded."""

from decimal import Decimal

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import attempt
from grants.forms.export import ExportForm
from grants.models import RFP
from grants.presentation import format_amount

from ..compare import comparison_of, panel_recommendation_of, ranked_application
from ..exports import columns_of
from ..forms.panel import PanelRecommendationForm
from ..forms.ranking import SORT_LABELS, RankingFilterForm
from ..ranking import DEFAULT_SORT, Ranking, ranking_of
from ..ranking_html import COLUMNS, ranking_body
from ..rules import can_record_panel_recommendation
from ..services.panel import record_panel_recommendation
from ..services.ranking_export import export_ranking
from ._staff import call_for

PAGE_SIZE = 50
FILE_NAME = "ranking.csv"


def query_without(request, *names: str) -> str:
    kept = request.GET.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


def sort_links(request, current: str) -> dict[str, dict]:
    """Each sortable column's header link: descending first, the other way once sorted so."""
    base = query_without(request, "sort", "page")
    links = {}
    for key, label in SORT_LABELS.items():
        direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
        wanted = key if current == f"-{key}" else f"-{key}"
        url = "?" + "&".join(filter(None, [base, f"sort={wanted}"]))
        links[key] = {"label": label, "direction": direction, "url": url}
    return links


def filtered_ranking(request, rfp: RFP) -> tuple[RankingFilterForm, Ranking]:
    form = RankingFilterForm(request.GET)
    return form, ranking_of(rfp, form.filters())


def budget_summary(ranking: Ranking) -> str:
    """Where the budget runs out, in words, for the rows as filtered and sorted."""
    rfp, rows = ranking.rfp, ranking.rows
    budget = format_amount(ranking.budget, rfp.currency)
    asked = format_amount(rows.running_total_at(-1) if rows else Decimal(0), rfp.currency)
    if ranking.budget_line is None:
        return _("The budget of %(budget)s covers every application listed: together they ask %(asked)s.") % {
            "budget": budget,
            "asked": asked,
        }
    line = ranking.budget_line
    return _(
        "The budget of %(budget)s covers the first %(count)s applications listed; it runs out at "
        "number %(position)s (%(reference)s, page %(page)s). Together they ask %(asked)s."
    ) % {
        "budget": budget,
        "count": line,
        "position": line + 1,
        "reference": rows.reference_at(line),
        "page": line // PAGE_SIZE + 1,
        "asked": asked,
    }


def _ranking_context(request, rfp: RFP, form, ranking: Ranking, rows) -> dict:
    line = ranking.budget_line + 1 if ranking.budget_line is not None else None  # its position
    return {
        "rfp": rfp,
        "title": rfp.text(rfp.default_language).get("title", ""),
        "form": form,
        "count": len(ranking.rows),
        "columns": sort_links(request, form.cleaned_data.get("sort") or DEFAULT_SORT),
        "column_count": COLUMNS,
        "filtered": any(value for name, value in form.cleaned_data.items() if name != "sort"),
        "query": query_without(request, "page"),
        "budget_summary": budget_summary(ranking),
        "ranking_body": ranking_body(rows, rfp, line_before=line, budget=ranking.budget),
        "threshold": rfp.spread_threshold,
    }


@login_required
def ranking(request, pk: int):
    rfp = call_for(request, pk)
    form, ranked = filtered_ranking(request, rfp)
    page = Paginator(ranked.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = _ranking_context(request, rfp, form, ranked, page.object_list)
    context["page_obj"] = page
    return render(request, "reviews/staff/ranking.html", context)


@login_required
def ranking_print(request, pk: int):
    """Every row of the ranking as filtered, on one page, for a panel meeting offline."""
    rfp = call_for(request, pk)
    form, ranked = filtered_ranking(request, rfp)
    return render(
        request, "reviews/staff/ranking_print.html", _ranking_context(request, rfp, form, ranked, ranked.rows)
    )


@login_required
@reauthentication_required
def ranking_export(request, pk: int):
    rfp = call_for(request, pk)
    filters, ranked = filtered_ranking(request, rfp)
    form = ExportForm(request.POST if request.method == "POST" else None, columns=columns_of(rfp))
    if request.method == "POST" and form.is_valid():
        lines = export_ranking(rfp, ranked, form.chosen(), by=request.user)
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}"'
        response["Cache-Control"] = "no-store"
        return response
    context = {
        "rfp": rfp,
        "form": form,
        "filters": filters,
        "count": len(ranked.rows),
        "query": query_without(request, "page"),
    }
    return render(request, "reviews/staff/ranking_export.html", context)


@login_required
def compare(request, pk: int, public_id):
    rfp = call_for(request, pk)
    application = ranked_application(rfp, public_id)
    if application is None:
        raise Http404
    form = PanelRecommendationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form, record_panel_recommendation, application, data["recommendation"], data["note"], by=request.user
        ):
            messages.success(request, _("The panel's recommendation is recorded."))
            return redirect("reviews:compare", rfp.pk, application.public_id)
    recorded = panel_recommendation_of(application)
    if request.method != "POST" and recorded is not None:
        form = PanelRecommendationForm(initial={"recommendation": recorded.recommendation, "note": recorded.note})
    comparison = comparison_of(application)
    context = {
        "rfp": rfp,
        "application": application,
        "comparison": comparison,
        "spread_flagged": comparison.standing.spread_flagged(rfp.spread_threshold),
        "recorded": recorded,
        "form": form,
        "can_recommend": can_record_panel_recommendation(application.status, len(comparison.reviews)),
        "language": rfp.default_language,
    }
    return render(request, "reviews/staff/compare.html", context)
