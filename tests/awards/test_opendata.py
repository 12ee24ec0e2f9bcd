"""The 360Giving export validates offline against the standard's schemas (with its format
checker), writes amounts as JSON numbers, and holds nothing from the application of an award
published anonymously: a canary name, organisation, country, title and answer appear nowhere."""

import copy
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from accounts.roles import Role
from audit.models import AuditEvent
from awards.models import Award
from awards.opendata import package_of
from awards.selectors import publishable_awards
from tests.accounts.flows import sign_in
from tests.factories import OrganisationFactory, RFPFactory, UserFactory

from .factories import AwardFactory, active_award

pytestmark = pytest.mark.django_db

# The standard's schemas, kept beside this test (see their README): nothing is fetched.
SCHEMAS = Path(__file__).parent / "data" / "360giving"
CANARY = "Zyxwvut Canary"


def validator() -> Draft202012Validator:
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    resource = Resource(contents=grant, specification=DRAFT202012)  # it says http://, not https://
    base = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/{}/schema/360-giving-schema.json"
    registry = Registry().with_resources([(base.format("1.4.3"), resource), (base.format("1.4.2"), resource)])
    return Draft202012Validator(package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def canary_award(**fields):
    rfp = RFPFactory(currency="EUR")
    applicant = UserFactory(roles=[Role.APPLICANT], name=f"{CANARY} Person")
    organisation = OrganisationFactory(owner=applicant, name=f"{CANARY} Organisation")
    return active_award(
        decision__amount=Decimal("12345.67"),
        decision__application__rfp=rfp,
        decision__application__currency="EUR",
        decision__application__applicant=applicant,
        decision__application__organisation=organisation,
        decision__application__country="GT",
        decision__application__title=f"{CANARY} Title",
        decision__application__answers={"summary": f"{CANARY} answer"},
        **fields,
    )


def package():
    return package_of(publishable_awards(Award.objects.all()))


def test_the_package_validates_and_amounts_are_json_numbers():
    anonymous = canary_award()
    canary_award(publish_anonymously=False, amount=Decimal("5000"))
    data = json.loads(json.dumps(package()))
    validator().validate(data)
    amounts = sorted(grant["amountAwarded"] for grant in data["grants"])
    assert amounts == [5000, 12345.67] and all(isinstance(a, int | float) for a in amounts)
    grant = next(g for g in data["grants"] if g["id"].endswith(anonymous.reference))
    assert grant["id"] == f"360G-{settings.OPEN_DATA_PREFIX}-{anonymous.reference}"
    assert grant["recipientIndividual"] == {
        "id": f"360G-{settings.OPEN_DATA_PREFIX}-IND-{anonymous.recipient_token}",
        "name": "Individual Recipient",
    }
    assert grant["title"] == anonymous.public_title
    assert grant["currency"] == "EUR"


def test_an_anonymous_award_leaves_nothing_of_its_application_in_the_file():
    award = canary_award()
    text = json.dumps(package(), ensure_ascii=False)
    for leak in (CANARY, "GT", "Guatemala", award.application.reference, str(award.application.public_id)):
        assert leak not in text
    assert "recipientOrganization" not in text


def test_an_award_published_openly_names_its_organisation_only():
    canary_award(publish_anonymously=False)
    [grant] = package()["grants"]
    assert grant["recipientOrganization"][0]["name"] == f"{CANARY} Organisation"
    assert f"{CANARY} Person" not in json.dumps(grant) and "GT" not in json.dumps(grant)


def test_only_active_and_closed_awards_are_published():
    canary_award()
    AwardFactory()  # offered: its letter not accepted yet
    assert len(package()["grants"]) == 1


def test_the_format_checker_rejects_an_impossible_date():
    canary_award()
    data = json.loads(json.dumps(package()))
    validator().validate(data)
    tampered = copy.deepcopy(data)
    tampered["grants"][0]["awardDate"] = "2026-13-45"
    assert list(validator().iter_errors(tampered))
    tampered = copy.deepcopy(data)
    tampered["grants"][0]["amountAwarded"] = "12345.67"
    assert list(validator().iter_errors(tampered))


def test_staff_download_it_after_the_password_audited_with_its_count():
    award = canary_award()
    member = UserFactory(roles=[Role.PROGRAM_STAFF])
    award.rfp.staff.add(member)
    client = Client()
    client.force_login(member)
    response = client.post(reverse("awards:open-data"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    client = Client()
    sign_in(client, member)
    response = client.post(reverse("awards:open-data"))
    assert response.status_code == 200
    validator().validate(json.loads(response.content))
    event = AuditEvent.objects.get(verb="awards.open_data_exported")
    assert event.detail == {"grants": 1, "anonymous": 1}
    other = Client()
    sign_in(other, UserFactory(roles=[Role.PROGRAM_STAFF]))
    assert other.get(reverse("awards:open-data")).context["count"] == 0


def test_the_command_writes_the_package():
    canary_award()
    out = io.StringIO()
    call_command("export_360giving", stdout=out)
    validator().validate(json.loads(out.getvalue()))
