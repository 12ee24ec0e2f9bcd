from allauth.usersessions.models import UserSession
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts.templatetags.devices import device
from tests.factories import PASSWORD

from .flows import LOGIN

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
SESSIONS = reverse("usersessions_list")


def signed_in(user, address="203.0.113.77", agent=FIREFOX_LINUX) -> Client:
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert client.session[SESSION_KEY] == str(user.pk)
    return client


def test_a_session_keeps_only_the_network_of_an_ipv4_address(applicant):
    signed_in(applicant, address="203.0.113.77")
    assert list(UserSession.objects.values_list("ip", flat=True)) == ["203.0.113.0"]


def test_a_session_keeps_only_the_network_of_an_ipv6_address(applicant):
    signed_in(applicant, address="2001:db8:85a3:8d3:1319:8a2e:370:7348")
    assert list(UserSession.objects.values_list("ip", flat=True)) == ["2001:db8:85a3::"]


def test_the_sessions_page_shows_devices_but_no_address(applicant):
    phone = signed_in(applicant, address="198.51.100.9", agent=CHROME_ANDROID)
    laptop = signed_in(applicant)

    page = laptop.get(SESSIONS).content.decode()

    assert "Firefox on Linux" in page
    assert "Chrome on Android" in page
    assert "203.0.113" not in page and "198.51.100" not in page
    assert phone.get(reverse("portal:dashboard")).status_code == 200


def test_signing_out_the_other_sessions_ends_them_and_keeps_this_one(applicant):
    phone = signed_in(applicant, agent=CHROME_ANDROID)
    laptop = signed_in(applicant)

    laptop.post(SESSIONS)

    assert phone.get(reverse("portal:dashboard")).status_code == 302
    assert laptop.get(reverse("portal:dashboard")).status_code == 200
    assert UserSession.objects.filter(user=applicant).count() == 1


def test_changing_the_password_signs_out_the_other_sessions(applicant):
    phone = signed_in(applicant, agent=CHROME_ANDROID)
    laptop = signed_in(applicant)

    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a-brand-new-passphrase-9", "password2": "a-brand-new-passphrase-9"},
    )

    assert response.status_code == 302
    assert phone.get(reverse("portal:dashboard")).status_code == 302
    assert laptop.get(reverse("portal:dashboard")).status_code == 200


def test_devices_are_named_by_browser_and_system():
    assert device(FIREFOX_LINUX) == "Firefox on Linux"
    assert device(CHROME_ANDROID) == "Chrome on Android"
    assert device("curl/8.0") == "Unknown browser"
