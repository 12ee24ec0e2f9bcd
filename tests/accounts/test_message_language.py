"""A message is read on the next page, in the language that page is in."""

from django.test import Client
from django.urls import reverse

from tests.accounts.flows import sign_in
from tests.factories import UserFactory


def test_the_sign_in_message_is_in_the_accounts_language_not_the_browsers(db):
    user = UserFactory(language="ar")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user)
    response = client.get(reverse("portal:dashboard"))
    assert response.content.decode().count('<html lang="ar"') == 1
    assert "سجّلتم الدخول." in response.content.decode()
