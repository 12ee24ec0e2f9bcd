"""The one place that names every app's URLs."""

from django.contrib import admin
from django.urls import include, path

from accounts import code_views
from accounts import views as account_views

admin.site.site_header = admin.site.site_title = admin.site.index_title = "Administration"
# The admin's login is the portal's login, with the same rate limits (and MFA).
admin.site.login = account_views.admin_login
# ...and its password change is the portal's (rate limited, audited, notified).
admin.site.password_change = admin.site.password_change_done = account_views.admin_password_change

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    # Before allauth's own views of these addresses, which they replace.
    path(
        "accounts/password/reset/confirm/",
        code_views.confirm_reset_code,
        name="account_confirm_password_reset_code",
    ),
    path(
        "accounts/confirm-email/",
        code_views.confirm_verification_code,
        name="account_email_verification_sent",
    ),
    path("accounts/", include("allauth.urls")),
    path("messages/", include("notifications.urls")),
    path("calls/", include("grants.public_urls")),
    path("applications/", include("grants.applying_urls")),
    path("staff/rfps/", include("grants.urls")),
    path("reviews/", include("reviews.urls")),
    path("awards/", include("awards.urls")),
    path("admin/", admin.site.urls),
    path("", include("portal.urls")),
]
