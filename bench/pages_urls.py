"""The portal's URLs and a bare view behind the same middleware: the baseline of bench/pages.py."""

from django.http import HttpResponse
from django.urls import path

from accelerate.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse("bare")


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
