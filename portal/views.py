from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from grants import selectors as grants
from grants.presentation import facts_of

from .panels import dashboard_panels


def home(request):
    now = timezone.now()
    calls = [facts_of(rfp, now) for rfp in grants.open_rfps(now)]
    return render(request, "portal/home.html", {"calls": calls})


@login_required
def dashboard(request):
    return render(request, "portal/dashboard.html", {"panels": dashboard_panels(request.user)})


@never_cache
def quick_exit(request):
    """A plain link (works without JavaScript, and no form-action can block it): end the
    session, ask the browser to forget this site's data, and leave for a neutral page."""
    logout(request)
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
