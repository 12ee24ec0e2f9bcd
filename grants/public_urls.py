"""Pages everyone may read: open calls, one call, its printable questions (grants/public_views.py)."""

from django.urls import path

app_name = "calls"

urlpatterns: list = []
