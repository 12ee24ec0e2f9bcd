from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("exit/", views.quick_exit, name="quick-exit"),
    path("staff/applications/<uuid:public_id>/", views.staff_application, name="staff-application"),
]
