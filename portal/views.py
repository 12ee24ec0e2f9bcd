from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from grants import selectors as grants
from grants.presentation import facts_of

from .panels import application_panels, dashboard_panels


def home(request):
    now = timezone.now()
    calls = [facts_of(rfp, now) for rfp in grants.open_rfps(now)]
    return render(request, "portal/home.html", {"calls": calls})


@login_required
def dashboard(request):
    return render(request, "portal/dashboard.html", {"panels": dashboard_panels(request.user)})


@login_required
def staff_application(request, public_id):
    """The staff page of one submitted application: each app's panels about it."""
    application = get_object_or_404(
        grants.submitted_applications_run_by(request.user).select_related("rfp", "applicant", "organisation"),
        public_id=public_id,
    )
    context = {"application": application, "panels": application_panels(application, request.user)}
    return render(request, "portal/staff_application.html", context)


@never_cache
def quick_exit(request):
    """A plain link (works without JavaScript, and no form-action can block it): end the
    session, ask the browser to forget this site's data, and leave for a neutral page."""
    logout(request)
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
