"""Program staff's pages: the RFP builder (grants/staff_views.py)."""

from django.urls import path

app_name = "grants"

urlpatterns: list = []
