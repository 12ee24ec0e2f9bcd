"""Who may do what with calls: one rule each, with the reason it gives."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from core.errors import Refused
from grants import services
from grants.permissions import can_apply, can_build_calls, can_run_every_call, can_set_staff
from tests.factories import RFPFactory


@pytest.mark.parametrize(
    ("role", "build", "every_call", "set_staff", "apply"),
    [
        ("applicant", False, False, False, True),
        ("reviewer", False, False, False, False),
        ("program_staff", True, False, False, False),
        ("admin", True, True, True, False),
    ],
)
def test_each_role_may_what_its_rules_say(role, build, every_call, set_staff, apply, user_in_role):
    user = user_in_role(role)
    assert [bool(can_build_calls(user)), bool(can_run_every_call(user)), bool(can_set_staff(user))] == [
        build,
        every_call,
        set_staff,
    ]
    assert bool(can_apply(user)) is apply


def test_refusals_carry_their_reason(applicant, program_staff, admin_user):
    assert can_build_calls(applicant).reason == "Only program staff and admins build calls."
    assert can_set_staff(program_staff).reason == "Only admins choose who runs a call."
    assert can_apply(admin_user).reason.startswith("Accounts of reviewers, program staff and admins do not apply")
    assert not can_build_calls(AnonymousUser()) and not can_apply(AnonymousUser())


def test_the_staff_button_is_hidden_by_the_rule_that_refuses_the_page(program_staff, admin_user):
    rfp = RFPFactory(staff=[program_staff])
    staff_url = reverse("grants:rfp-staff", args=[rfp.pk])
    for user, shown in ((program_staff, False), (admin_user, True)):
        client = Client()
        client.force_login(user)
        assert (f'href="{staff_url}"' in client.get(reverse("grants:rfp", args=[rfp.pk])).content.decode()) is shown


def test_a_service_refuses_a_call_its_user_does_not_run(program_staff):
    rfp = RFPFactory()  # run by nobody
    with pytest.raises(Refused, match="You do not run this call"):
        services.update_rfp_texts(rfp, "en", by=program_staff, title="Taken over")
    rfp.refresh_from_db()
    assert rfp.texts["en"]["title"] != "Taken over"


def test_only_builders_create_calls(applicant):
    with pytest.raises(Refused, match="Only program staff and admins build calls"):
        services.create_rfp(by=applicant, texts={"title": "Mine"}, mechanism="rapid_response")
