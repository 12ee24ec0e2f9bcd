from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set-language"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/new/", views.create_organisation, name="create-organisation"),
    path("organisations/join/", views.join_organisation, name="join-organisation"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/invite/", views.invite, name="invite"),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.revoke_invitation,
        name="revoke-invitation",
    ),
    path("organisations/<int:pk>/members/<int:membership_pk>/remove/", views.remove_member, name="remove-member"),
    path(
        "organisations/<int:pk>/members/<int:membership_pk>/owner/",
        views.hand_over_ownership,
        name="hand-over-ownership",
    ),
    path("organisations/<int:pk>/leave/", views.leave_organisation, name="leave-organisation"),
]
