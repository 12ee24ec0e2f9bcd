"""How an award is published: staff of its call set it (audited, without the texts); anyone
else finds no such page."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import UserFactory

from .factories import AwardFactory, staff_of

pytestmark = pytest.mark.django_db


def test_staff_of_the_call_publish_it_openly_with_their_own_title():
    award = AwardFactory()
    client = Client()
    client.force_login(staff_of(award.rfp))
    url = reverse("awards:publication", args=[award.public_id])
    assert client.get(url).context["form"].initial["publish_anonymously"] is True
    response = client.post(url, {"public_title": " Safety of defenders ", "public_description": "A grant."})
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.publish_anonymously, award.public_title) == (False, "Safety of defenders")
    event = AuditEvent.objects.get(verb="award.publication_set")
    assert event.detail == {"anonymous": False}


def test_the_hub_link_says_how_it_is_published():
    award = AwardFactory()
    html = render_to_string("awards/staff/_link_publication.html", {"award": award})
    assert reverse("awards:publication", args=[award.public_id]) in html and "published anonymously" in html


@pytest.mark.parametrize("role", [Role.PROGRAM_STAFF, Role.APPLICANT, Role.REVIEWER])
def test_anyone_else_finds_no_such_page(role):
    award = AwardFactory()
    client = Client()
    client.force_login(UserFactory(roles=[role]))
    url = reverse("awards:publication", args=[award.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"public_title": "x"}).status_code == 404
