"""The home page: the portal's neutral name, and a way in for visitors only. (That everyone may
see it is in the access matrix; the open calls it lists, in tests/grants/test_public_calls.py.)"""

import re

from django.test import override_settings
from django.urls import reverse


def links_of(response) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', response.content.decode()))


@override_settings(PORTAL_PUBLIC_NAME="Community fund")
def test_the_home_page_names_the_portal_by_its_public_name_only(client, db):
    content = client.get(reverse("portal:home")).content.decode()
    assert re.search(r"<title>\s*Home · Community fund\s*</title>", content)
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", content) == ["Community fund"]
    assert "ACCELERATE" not in content


def test_a_visitor_is_offered_to_create_an_account_or_sign_in(client, db):
    links = links_of(client.get(reverse("portal:home")))
    assert {reverse("account_signup"), reverse("account_login")} <= links


def test_a_signed_in_user_is_not_offered_to_sign_up_or_in_again(client, applicant):
    client.force_login(applicant)
    links = links_of(client.get(reverse("portal:home")))
    assert reverse("account_signup") not in links
    assert reverse("account_login") not in links
