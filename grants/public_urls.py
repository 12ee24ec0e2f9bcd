"""Pages everyone may read: open calls, one call, its printable questions (grants/views/public.py);
and, for applicants, starting an application to a call (grants/views/applying.py)."""

from django.urls import path

from .views import applying
from .views import public as public_views

app_name = "calls"

urlpatterns: list = [
    path("", public_views.open_calls, name="open"),
    path("<int:pk>/", public_views.call, name="call"),
    path("<int:pk>/questions/", public_views.call_questions, name="questions"),
    path("<int:pk>/apply/", applying.start, name="apply"),
]
