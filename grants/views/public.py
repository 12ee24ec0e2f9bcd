"""Pages everyone may read, signed in or not: the open calls, one published call, and the full
list of its questions to print. Titles and URLs never name a call (ids only): a title in the
browser's history could betray the reader."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .. import selectors
from ..permissions import can_apply
from ..presentation import facts_of, printable_form, reading_language


def open_calls(request):
    now = timezone.now()
    calls = [facts_of(rfp, now) for rfp in selectors.open_rfps(now)]
    return render(request, "grants/public/open_calls.html", {"calls": calls})


def call(request, pk: int):
    rfp = get_object_or_404(selectors.published_rfps(), pk=pk)  # a draft or unpublished call is a 404
    context = {"call": facts_of(rfp), "may_apply": can_apply(request.user)}
    return render(request, "grants/public/call.html", context)


def call_questions(request, pk: int):
    rfp = get_object_or_404(selectors.published_rfps(), pk=pk)
    reading = reading_language(rfp)
    context = {
        "rfp": rfp,
        "reading": reading,
        "text": rfp.text(reading.language),
        "sections": printable_form(rfp, selectors.form_of(rfp), reading.language),
    }
    return render(request, "grants/public/call_questions.html", context)
