"""Awards' pages: staff's (decisions, an award's letters, tranches, reports, support, the
portfolio and open data) and the grantee's, addressed by an award's public id."""

from django.urls import path  # noqa: F401

app_name = "awards"

urlpatterns: list = []
