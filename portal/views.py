from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts import selectors as accounts
from accounts.roles import Role
from grants import selectors as grants
from grants.presentation import facts_of
from grants.selectors import rfps_for_dashboard

DASHBOARD_TEMPLATES = {
    Role.APPLICANT: "portal/dashboard_applicant.html",
    Role.REVIEWER: "portal/dashboard_reviewer.html",
    Role.PROGRAM_STAFF: "portal/dashboard_staff.html",
    Role.ADMIN: "portal/dashboard_admin.html",
}


def home(request):
    now = timezone.now()
    calls = [facts_of(rfp, now) for rfp in grants.open_rfps(now)]
    return render(request, "portal/home.html", {"calls": calls})


@login_required
def dashboard(request):
    role = request.user.primary_role
    context = {}
    if role == Role.APPLICANT:
        context["organisations"] = list(accounts.organisations_of(request.user))
    if role in (Role.PROGRAM_STAFF, Role.ADMIN):
        context["rfps"] = rfps_for_dashboard(request.user)
    return render(request, DASHBOARD_TEMPLATES[role], context)


@never_cache
def quick_exit(request):
    """A plain link (works without JavaScript, and no form-action can block it): end the
    session, ask the browser to forget this site's data, and leave for a neutral page."""
    logout(request)
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
