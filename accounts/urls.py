from django.urls import path

from . import people_views, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set-language"),
    path("people/", people_views.people, name="people"),
    path("people/<int:pk>/", people_views.person, name="person"),
    path("people/<int:pk>/reset-mfa/", people_views.reset_mfa, name="reset-mfa"),
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
