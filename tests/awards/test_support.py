"""Technical support beside the money: staff of the call add and change an award's commitments,
its grantee asks for one (it waits as requested until staff plan or decline it); the other side
is told discreetly, every change audited, nobody else reaches the pages, and a closed or
cancelled award takes no more."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from awards.models import Award, SupportCommitment
from awards.selectors import award_run_by_in_full, support_counts_by_kind
from awards.services.support import add_support, ask_for_support, change_support
from core.errors import Refused
from notifications.models import Message
from tests.factories import UserFactory

from .factories import AwardFactory, SupportCommitmentFactory, active_award, staff_of

pytestmark = pytest.mark.django_db

Status, Kind = SupportCommitment.Status, SupportCommitment.Kind
START = date(2026, 4, 1)


@pytest.fixture
def award():
    return active_award()


@pytest.fixture
def staff(award):
    return staff_of(award.rfp)


def planned(award, staff, **fields):
    values = {
        "kind": Kind.LEGAL,
        "description": "Accompaniment at the hearing.",
        "provider": "A lawyers' network",
        "status": Status.PLANNED,
        "starts_on": START,
        "ends_on": START + timedelta(days=60),
        **fields,
    }
    return add_support(award, **values, by=staff)


def test_staff_add_support_audited_and_the_grantee_told_without_what_it_is(award, staff):
    commitment = planned(award, staff)
    assert (commitment.status, commitment.provider, commitment.requested_by_grantee) == (
        Status.PLANNED,
        "A lawyers' network",
        False,
    )
    event = AuditEvent.objects.get(verb="award.support_added")
    assert event.detail == {"support": commitment.pk, "kind": "legal", "status": "planned"}
    message = Message.objects.get(template="awards/support_added")
    assert message.recipient == award.application.applicant
    for secret in ("lawyers", "hearing", award.reference, "Legal"):
        assert secret not in message.body and secret not in message.subject


def test_support_cannot_end_before_it_starts(award, staff):
    with pytest.raises(Refused) as refused:
        planned(award, staff, ends_on=START - timedelta(days=1))
    assert refused.value.field == "ends_on"
    assert not SupportCommitment.objects.exists()


def test_the_grantee_asks_and_staff_of_the_call_are_told(award, staff):
    grantee = award.application.applicant
    commitment = ask_for_support(award, kind=Kind.DIGITAL_SECURITY, description=" Our phones were seized. ", by=grantee)
    assert (commitment.status, commitment.requested_by_grantee, commitment.description) == (
        Status.REQUESTED,
        True,
        "Our phones were seized.",
    )
    assert AuditEvent.objects.get(verb="award.support_requested").detail == {
        "support": commitment.pk,
        "kind": "digital_security",
    }
    message = Message.objects.get(template="awards/support_requested")
    assert message.recipient == staff
    assert award.reference in message.body and "phones" not in message.body


def test_the_grantee_says_what_they_need(award):
    with pytest.raises(Refused) as refused:
        ask_for_support(award, kind=Kind.LEGAL, description="  ", by=award.application.applicant)
    assert refused.value.field == "description"


def test_only_the_grantee_asks_on_their_award(award):
    with pytest.raises(Refused):
        ask_for_support(award, kind=Kind.LEGAL, description="Help", by=UserFactory())


def test_staff_plan_what_was_asked_and_the_grantee_is_told_only_when_its_status_moves(award, staff):
    asked = ask_for_support(award, kind=Kind.RELOCATION, description="A safe place", by=award.application.applicant)
    fields = {
        "kind": Kind.RELOCATION,
        "description": "A safe place",
        "provider": "",
        "starts_on": None,
        "ends_on": None,
    }
    change_support(asked, **fields, status=Status.PLANNED, by=staff)
    change_support(asked, **{**fields, "provider": "A partner"}, status=Status.PLANNED, by=staff)
    asked.refresh_from_db()
    assert (asked.status, asked.provider, asked.requested_by_grantee) == (Status.PLANNED, "A partner", True)
    assert Message.objects.filter(template="awards/support_changed").count() == 1
    assert [
        event.detail["previous"] for event in AuditEvent.objects.filter(verb="award.support_changed").order_by("pk")
    ] == [
        "requested",
        "planned",
    ]


@pytest.mark.parametrize("status", [Award.Status.CLOSED, Award.Status.CANCELLED])
def test_a_closed_or_cancelled_award_takes_no_more_support(status):
    award = AwardFactory(status=status)
    with pytest.raises(Refused) as refused:
        planned(award, staff_of(award.rfp))
    assert refused.value.message == "This award is closed or cancelled: its support can no longer change."
    with pytest.raises(Refused):
        ask_for_support(award, kind=Kind.LEGAL, description="Help", by=award.application.applicant)


def test_staff_of_another_call_cannot_add_support(award):
    with pytest.raises(Refused):
        planned(award, UserFactory(roles=[Role.PROGRAM_STAFF]))


def test_support_is_counted_by_kind(award):
    SupportCommitmentFactory(award=award, kind=Kind.LEGAL)
    SupportCommitmentFactory(award=award, kind=Kind.LEGAL)
    SupportCommitmentFactory(award=AwardFactory(), kind=Kind.RELOCATION)
    assert support_counts_by_kind(Award.objects.filter(pk=award.pk)) == {"legal": 2}


# --- Staff's pages and section ----------------------------------------------------------------


def test_staff_add_support_on_its_page_and_a_bad_date_keeps_what_was_typed(award, staff):
    client = Client()
    client.force_login(staff)
    url = reverse("awards:staff-support", args=[award.public_id])
    data = {
        "kind": "legal",
        "description": "Accompaniment at the hearing",
        "provider": "A network",
        "status": "under_way",
        "starts_on": "2026-05-10",
        "ends_on": "2026-05-01",
    }
    response = client.post(url, data)
    assert response.context["form"].errors == {"ends_on": ["The support cannot end before it starts."]}
    assert "Accompaniment at the hearing" in response.content.decode()
    response = client.post(url, {**data, "ends_on": "2026-06-01"})
    assert response.status_code == 302
    assert award.support.get().status == Status.UNDER_WAY


def test_staff_plan_or_decline_what_the_grantee_asked_for(award, staff):
    asked = ask_for_support(award, kind=Kind.PSYCHOSOCIAL, description="Counselling", by=award.application.applicant)
    client = Client()
    client.force_login(staff)
    url = reverse("awards:staff-support-edit", args=[award.public_id, asked.public_id])
    form = client.get(url).context["form"]
    assert form.initial["status"] == "planned"
    assert "requested" not in dict(form.fields["status"].choices)
    data = {"kind": "psychosocial", "description": "Counselling", "provider": "", "status": "declined"}
    assert client.post(url, data).status_code == 302
    asked.refresh_from_db()
    assert asked.status == Status.DECLINED


def test_the_staff_section_lists_support_with_links_to_change_it_for_those_who_manage(award, staff):
    commitment = SupportCommitmentFactory(award=award, provider="A trusted partner")
    hub = award_run_by_in_full(staff, award.public_id)
    html = render_to_string("awards/staff/_section_support.html", {"award": hub, "can_manage": True})
    assert "A trusted partner" in html and "Planned" in html
    assert reverse("awards:staff-support-edit", args=[award.public_id, commitment.public_id]) in html
    assert reverse("awards:staff-support", args=[award.public_id]) in html
    read_only = render_to_string("awards/staff/_section_support.html", {"award": hub, "can_manage": False})
    assert "A trusted partner" in read_only and reverse("awards:staff-support", args=[award.public_id]) not in read_only


@pytest.mark.parametrize("role", [Role.PROGRAM_STAFF, Role.APPLICANT, Role.REVIEWER])
def test_anyone_but_the_calls_staff_finds_no_staff_support_pages(award, role):
    commitment = SupportCommitmentFactory(award=award)
    client = Client()
    client.force_login(UserFactory(roles=[role]))
    for url in (
        reverse("awards:staff-support", args=[award.public_id]),
        reverse("awards:staff-support-edit", args=[award.public_id, commitment.public_id]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "legal", "status": "done"}).status_code == 404
    assert award.support.count() == 1


def test_the_portfolio_counts_support_by_kind_too(award, staff):
    SupportCommitmentFactory(award=award, kind=Kind.LEGAL)
    SupportCommitmentFactory(award=award, kind=Kind.RELOCATION, status=Status.DONE)
    client = Client()
    client.force_login(staff)
    context = client.get(reverse("awards:portfolio")).context
    assert ("Legal accompaniment", 1) in context["support_kinds"] and ("Relocation", 1) in context["support_kinds"]
    assert ("Digital security", 0) in context["support_kinds"]
