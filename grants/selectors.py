"""Reads of RFPs, already scoped to who asks: staff see the RFPs they run (admins all), and
everyone else only what is published. A wrong id is a 404 in the views."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import RFP, Question, Section


def rfps_run_by(user) -> QuerySet[RFP]:
    """The RFPs a user may build and edit: those they run, or every one for admins."""
    if not user.is_authenticated:
        return RFP.objects.none()
    if user.is_admin:
        return RFP.objects.all()
    if user.is_program_staff:
        return RFP.objects.filter(staff=user)
    return RFP.objects.none()


def rfps_for_dashboard(user, limit: int = 20) -> list[RFP]:
    """The latest RFPs a user runs, each with `title` in its default language: one query."""
    rfps = list(rfps_run_by(user).order_by("-created_at", "-pk")[:limit])
    for rfp in rfps:
        rfp.title = rfp.text(rfp.default_language).get("title", "")
    return rfps


def open_rfps(now=None) -> QuerySet[RFP]:
    """What visitors and applicants see listed: published calls that are open now."""
    return RFP.objects.open_at(now or timezone.now()).order_by("deadline", "pk")


def published_rfps() -> QuerySet[RFP]:
    """Any published call, open or closed: its page stays readable after it closes."""
    return RFP.objects.published()


def form_of(rfp: RFP) -> list[Section]:
    """The RFP's sections in order, each with its current (not retired) questions prefetched:
    one query for the sections and one for all their questions."""
    questions = Question.objects.filter(retired_at__isnull=True).order_by("position", "pk")
    sections = rfp.sections.order_by("position", "pk").prefetch_related(Prefetch("questions", queryset=questions))
    sections = list(sections)
    for section in sections:
        section.rfp = rfp  # texts fall back to the RFP's default language without a query
        for question in section.questions.all():
            question.rfp = rfp
    return sections
