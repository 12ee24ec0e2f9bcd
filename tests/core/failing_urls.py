"""The portal's URLs plus one that fails, to see what a server error answers."""

from django.urls import path

from accelerate.urls import urlpatterns as portal_urlpatterns


def fails(request):
    raise RuntimeError("A test-only failure.")


urlpatterns = [path("test-only/fails/", fails), *portal_urlpatterns]
