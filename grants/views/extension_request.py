"""An applicant asks for more time on their draft, before its deadline, one request at a time;
the draft's overview shows where the request stands (extension_context)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import attempt

from .. import rules, services
from ..deadlines import effective_deadline, is_past
from ..forms.extensions import ExtensionRequestForm
from ..models import Application, ExtensionRequest
from ..presentation import facts_of, instant
from ..selectors import extension_requests_by
from ._applying import overview_url, owned


def extension_context(application: Application, now=None) -> dict:
    """What the overview says of more time: whether it may be asked for, and the latest
    requests with their outcome (a pending one keeps the draft open past the deadline)."""
    now = now or timezone.now()
    requests = [
        {
            "status": request.status,
            "pending": request.status == ExtensionRequest.Status.PENDING,
            "until": instant(request.requested_until),
            "granted_until": instant(request.granted_until) if request.granted_until else None,
            "message": request.message,
        }
        for request in extension_requests_by(application)
    ]
    return {
        "may_request": rules.can_request_extension(application, now),
        "requests": requests,
        "past_deadline": is_past(effective_deadline(application), now),
    }


@login_required
def request_extension(request, public_id):
    application = owned(request, public_id)
    verdict = rules.can_request_extension(application, timezone.now())
    form = ExtensionRequestForm(request.POST or None, zone=request.user.time_zone)
    if verdict and request.method == "POST" and form.is_valid() and form.instant:
        reason = form.cleaned_data["reason"]
        if attempt(form, services.request_extension, application, form.instant, reason, by=request.user):
            messages.success(request, _("Your request was sent to the staff who run the call."))
            return redirect(overview_url(application))
    context = {
        "application": application,
        "call": facts_of(application.rfp),
        "deadline": instant(effective_deadline(application)) if effective_deadline(application) else None,
        "verdict": verdict,
        "form": form,
    }
    return render(request, "grants/applying/request_extension.html", context)
