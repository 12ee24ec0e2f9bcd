"""The quick exit: one plain link that signs out, asks the browser to forget the site, and
leaves for a neutral page."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEvent

QUICK_EXIT = reverse("portal:quick-exit")
NEUTRAL_PAGE = "https://weather.example.com/"


@override_settings(QUICK_EXIT_URL=NEUTRAL_PAGE)
@pytest.mark.parametrize("role_name", ["applicant", "reviewer", "program_staff", "admin"])
def test_quick_exit_signs_out_clears_the_site_data_and_leaves(role_name, user_in_role, client):
    user = user_in_role(role_name)
    client.force_login(user)
    response = client.get(QUICK_EXIT)
    assert response.status_code == 302
    assert response.headers["Location"] == NEUTRAL_PAGE
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "no-store" in response.headers["Cache-Control"]
    assert SESSION_KEY not in client.session
    assert client.get(reverse("portal:dashboard")).status_code == 302
    assert AuditEvent.objects.filter(verb="account.logout", actor=user).count() == 1


@override_settings(QUICK_EXIT_URL=NEUTRAL_PAGE)
def test_quick_exit_works_for_a_visitor_who_is_not_signed_in(client, db):
    response = client.get(QUICK_EXIT)
    assert response.status_code == 302
    assert response.headers["Location"] == NEUTRAL_PAGE
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'


@override_settings(QUICK_EXIT_URL=NEUTRAL_PAGE)
def test_every_page_links_to_the_quick_exit(client, applicant):
    client.force_login(applicant)
    for page in (reverse("portal:home"), reverse("portal:dashboard"), reverse("accounts:profile")):
        assert f'href="{QUICK_EXIT}"' in client.get(page).content.decode(), page


def test_the_quick_exit_is_a_link_not_a_form_so_it_needs_no_javascript_or_csrf_token(client, applicant):
    client.force_login(applicant)
    html = client.get(reverse("portal:home")).content.decode()
    assert re.search(rf'<a [^>]*href="{QUICK_EXIT}"', html)
    assert f'action="{QUICK_EXIT}"' not in html
