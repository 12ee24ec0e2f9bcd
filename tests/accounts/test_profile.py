"""A user changes their own name, language and time zone; each change is stored and audited."""

from django.urls import reverse

from accounts.models import User
from accounts.services import update_profile
from audit.models import AuditEvent

PROFILE = reverse("accounts:profile")


def test_a_profile_saved_on_the_page_is_stored(client, applicant):
    client.force_login(applicant)
    values = {"name": "Amina K.", "language": "es", "time_zone": "America/Lima", "notification_choice": "portal_only"}
    response = client.post(PROFILE, values)
    assert response.status_code == 302
    assert User.objects.values(*values).get(pk=applicant.pk) == values


def test_an_unknown_time_zone_is_refused_next_to_the_field_and_nothing_is_stored(client, applicant):
    client.force_login(applicant)
    response = client.post(
        PROFILE,
        {
            "name": "Amina K.",
            "language": "es",
            "time_zone": "Mars/Olympus_Mons",
            "notification_choice": "email_and_portal",
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["time_zone"]
    assert User.objects.values_list("name", "time_zone").get(pk=applicant.pk) == (applicant.name, "UTC")
    assert not AuditEvent.objects.filter(verb="account.profile_updated").exists()


def test_the_service_compares_with_what_is_stored_not_with_the_instance_it_is_given(applicant):
    applicant.name = "Amina K."  # as a bound ModelForm leaves it
    assert update_profile(applicant, by=applicant, name="Amina K.") == ["name"]
    assert User.objects.get(pk=applicant.pk).name == "Amina K."
    assert AuditEvent.objects.get(verb="account.profile_updated").detail == {"fields": ["name"]}


def test_choosing_a_language_with_the_switcher_stores_it_on_the_account(client, applicant):
    client.force_login(applicant)
    client.post(reverse("accounts:set-language"), {"language": "ar", "next": "/"})
    assert User.objects.get(pk=applicant.pk).language == "ar"
    assert client.get(reverse("portal:dashboard")).headers["Content-Language"] == "ar"
