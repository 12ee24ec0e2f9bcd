"""Pages everyone may read: open calls, one call, its printable questions (grants/public_views.py)."""

from django.urls import path

from . import public_views

app_name = "calls"

urlpatterns: list = [
    path("", public_views.open_calls, name="open"),
    path("<int:pk>/", public_views.call, name="call"),
    path("<int:pk>/questions/", public_views.call_questions, name="questions"),
]
