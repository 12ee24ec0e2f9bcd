"""The pages of deciding: one application's (the password asked again, prefilled from what it
asks and the panel's recommendation, errors beside their fields with everything typed kept),
several at once from the ranking, reversing, the staff hub of one award and the decision panel
of an application's staff page. Staff of other calls find no such page; query counts stay flat."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from awards.models import Award, Decision
from awards.panels import application_panels
from awards.services.decisions import ReportRow, TrancheRow, decide
from grants.models import Application
from reviews.models import PanelRecommendation
from tests.accounts.flows import sign_in
from tests.factories import RFPFactory, UserFactory
from tests.reviews.factories import SubmittedApplicationFactory

from .factories import (
    LetterFactory,
    ReportFactory,
    ReportRequirementFactory,
    SupportCommitmentFactory,
    TrancheFactory,
    staff_of,
)

pytestmark = pytest.mark.django_db
START = date(2026, 4, 1)


@pytest.fixture
def rfp():
    return RFPFactory(currency="EUR", min_amount=Decimal(1000), max_amount=Decimal(10000))


@pytest.fixture
def application(rfp):
    return SubmittedApplicationFactory(rfp=rfp, requested_amount=Decimal(6000), currency="EUR")


@pytest.fixture
def staff(rfp):
    return staff_of(rfp)


@pytest.fixture
def client(staff):
    client = Client()
    landing = sign_in(client, staff)
    client.get(landing["Location"])  # lands, as a person does: the sign-in message is read
    return client


def award_post(**fields) -> dict:
    data = {
        "outcome": "award",
        "award-amount": "6000",
        "award-starts_on": "2026-04-01",
        "award-ends_on": "2027-03-31",
        "award-tranche_1_amount": "4000",
        "award-tranche_1_scheduled_on": "2026-04-01",
        "award-tranche_3_amount": "2000",
        "award-tranche_3_scheduled_on": "2026-10-01",
        "award-tranche_3_requires_report": "2",
        "award-report_1_kind": "both",
        "award-report_2_kind": "financial",
        "award-report_2_title": "Mid-term accounts",
        "award-report_2_due_on": "2026-09-15",
        "award-report_3_kind": "both",
        "award-conditions": "Keep receipts.",
        "award-language": "es",
        "award-neutral_letterhead": "on",
        "award-rationale": "Strong plan.",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def decide_url(application):
    return reverse("awards:decide", args=[application.public_id])


def test_the_page_asks_for_the_password_again(application, staff):
    client = Client()
    client.force_login(staff)
    response = client.get(decide_url(application))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_award_form_starts_from_what_is_asked_and_the_applicants_language(application, client):
    application.applicant.language = "fr"
    application.applicant.save()
    form = client.get(decide_url(application)).context["award_form"]
    today = timezone.localdate()
    assert form["amount"].value() == Decimal(6000)
    assert form["starts_on"].value() == today
    assert form["tranche_1_amount"].value() == Decimal(6000)
    assert form["report_1_due_on"].value() == today + timedelta(days=395)
    assert form["language"].value() == "fr"
    assert form["neutral_letterhead"].value() is True


def test_a_panel_recommending_a_decline_puts_the_decline_first(application, client, staff):
    PanelRecommendation.objects.create(
        application=application, recommendation="decline", note="Out of scope", recorded_by=staff
    )
    response = client.get(decide_url(application))
    assert response.context["decline_first"] is True
    assert "Out of scope" in response.content.decode()


def test_an_award_from_the_page_skips_blank_rows_and_opens_the_awards_hub(application, client):
    response = client.post(decide_url(application), award_post())
    award = Award.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("awards:staff-award", args=[award.public_id])
    assert (award.amount, award.language, award.neutral_letterhead) == (Decimal(6000), "es", True)
    duty = award.report_requirements.get()  # rows 1 and 3 were left blank
    assert (duty.kind, duty.title, duty.due_on) == ("financial", "Mid-term accounts", date(2026, 9, 15))
    tranches = list(award.tranches.order_by("position"))
    assert [(t.amount, t.requires_report_id) for t in tranches] == [(4000, None), (2000, duty.pk)]


def test_an_unticked_letterhead_names_the_funder(application, client):
    client.post(decide_url(application), award_post(**{"award-neutral_letterhead": None}))
    assert Award.objects.get().neutral_letterhead is False


def test_errors_sit_beside_their_fields_and_nothing_typed_is_lost(application, client):
    response = client.post(
        decide_url(application),
        award_post(**{"award-amount": "20000", "award-tranche_3_amount": "1500", "award-report_2_due_on": ""}),
    )
    assert response.status_code == 200
    form = response.context["award_form"]
    assert form.errors["amount"] == ["This call awards from 1,000 EUR to 10,000 EUR."]
    # The service numbered the rows it was given; the page shows them where they were typed.
    assert form.errors["report_2_due_on"] == ["Give the date the report is due."]
    assert form.errors["tranche_1_amount"] == [
        "The tranches add up to 5,500 EUR; they must add up to the amount awarded, 20,000 EUR."
    ]
    html = response.content.decode()
    assert 'value="20000"' in html and "Keep receipts." in html and 'value="Mid-term accounts"' in html
    assert not Decision.objects.exists()


def test_a_tranche_waiting_on_an_empty_report_row_is_told_so(application, client):
    response = client.post(decide_url(application), award_post(**{"award-tranche_3_requires_report": "3"}))
    assert response.context["award_form"].errors["tranche_3_requires_report"] == ["That report row is empty."]


def test_a_decline_from_the_page_shows_the_decision_standing(application, client):
    response = client.post(decide_url(application), {"outcome": "decline", "decline-message": "Not this time."})
    assert response.status_code == 302 and response["Location"] == decide_url(application)
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    page = client.get(decide_url(application))
    assert page.context["standing"].message == "Not this time."
    assert reverse("awards:reverse", args=[application.public_id]) in page.content.decode()


def test_a_decided_application_is_not_decided_again_from_a_stale_page(application, client, staff):
    decide(application, by=staff, outcome="decline")
    client.post(decide_url(application), award_post())
    assert Decision.objects.count() == 1 and not Award.objects.exists()


@pytest.mark.parametrize("role", [Role.PROGRAM_STAFF, Role.REVIEWER, Role.APPLICANT])
def test_anyone_but_the_calls_staff_finds_no_such_page(application, role, staff):
    decision = decide(
        SubmittedApplicationFactory(rfp=application.rfp),
        by=staff,
        outcome="award",
        amount=Decimal(5000),
        starts_on=START,
        ends_on=START + timedelta(days=30),
        tranches=[TrancheRow(Decimal(5000), START)],
    )
    client = Client()
    sign_in(client, UserFactory(roles=[role]))
    urls = [
        decide_url(application),
        reverse("awards:reverse", args=[decision.application.public_id]),
        reverse("awards:decide-many", args=[application.rfp_id]) + f"?applications={application.public_id}",
        reverse("awards:staff-award", args=[decision.award.public_id]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(decide_url(application), award_post()).status_code == 404
    assert client.post(urls[1], {"reason": "x"}).status_code == 404
    assert Decision.objects.count() == 1


def test_admins_decide_on_any_call(application):
    client = Client()
    sign_in(client, UserFactory(roles=[Role.ADMIN]))
    assert client.post(decide_url(application), {"outcome": "decline"}).status_code == 302


def test_a_reversal_from_its_page_needs_a_reason(application, client, staff):
    decide(application, by=staff, outcome="decline")
    url = reverse("awards:reverse", args=[application.public_id])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = client.post(url, {"reason": "Appeal upheld."})
    assert response["Location"] == decide_url(application)
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW


def test_a_decision_whose_letter_was_accepted_offers_no_reversal(application, client, staff):
    decision = decide(
        application,
        by=staff,
        outcome="award",
        amount=Decimal(5000),
        starts_on=START,
        ends_on=START + timedelta(days=30),
        tranches=[TrancheRow(Decimal(5000), START)],
    )
    LetterFactory(award=decision.award, version=2, accepted_at=timezone.now())
    url = reverse("awards:reverse", args=[application.public_id])
    assert client.get(url).context["reversible"] is False
    response = client.post(url, {"reason": "Changed our minds."})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The grantee has accepted the award letter: the decision can no longer be reversed."
    ]
    hub = client.get(reverse("awards:staff-award", args=[decision.award.public_id]))
    assert hub.context["reversible"] is False


def test_the_reversal_page_of_an_undecided_application_is_not_found(application, client):
    assert client.get(reverse("awards:reverse", args=[application.public_id])).status_code == 404


def ranked(rfp, count):
    return SubmittedApplicationFactory.create_batch(count, rfp=rfp, requested_amount=Decimal(2000), currency="EUR")


def test_the_ranking_offers_a_tick_box_for_each_application_awaiting_a_decision(rfp, client, staff):
    waiting, decided = ranked(rfp, 2)
    decide(decided, by=staff, outcome="decline")
    html = client.get(reverse("reviews:ranking", args=[rfp.pk])).content.decode()
    assert reverse("awards:decide-many", args=[rfp.pk]) in html
    assert f'value="{waiting.public_id}"' in html and f'value="{decided.public_id}"' not in html


def test_several_ticked_are_confirmed_on_one_page_then_declined(rfp, client, staff):
    first, second, already = ranked(rfp, 3)
    decide(already, by=staff, outcome="decline")
    url = reverse("awards:decide-many", args=[rfp.pk])
    ticked = [str(first.public_id), str(second.public_id), str(already.public_id), "not-an-id"]
    page = client.get(url, {"applications": ticked})
    assert sorted(page.context["form"].fields["applications"].initial) == sorted(ticked[:2])
    response = client.post(url, {"applications": ticked[:2], "outcome": "decline", "message": "Not now."})
    assert response["Location"] == reverse("reviews:ranking", args=[rfp.pk])
    assert Decision.objects.filter(outcome="decline", message="Not now.").count() == 2


def test_several_are_awarded_what_each_asks(rfp, client):
    applications = ranked(rfp, 2)
    url = reverse("awards:decide-many", args=[rfp.pk])
    ids = [str(application.public_id) for application in applications]
    client.post(url, {"applications": ids, "outcome": "award", "starts_on": "2026-05-01"})
    assert sorted(Award.objects.values_list("amount", "starts_on")) == [(2000, date(2026, 5, 1))] * 2


def test_a_refusal_of_several_keeps_the_page_and_decides_none(rfp, client):
    fine = ranked(rfp, 1)[0]
    greedy = SubmittedApplicationFactory(rfp=rfp, requested_amount=Decimal(50000))
    url = reverse("awards:decide-many", args=[rfp.pk])
    ids = [str(fine.public_id), str(greedy.public_id)]
    response = client.post(url, {"applications": ids, "outcome": "award"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"{greedy.reference}: This call awards from 1,000 EUR to 10,000 EUR."
    ]
    assert not Decision.objects.exists()


def awarded(application, staff, *, items=1):
    decision = decide(
        application,
        by=staff,
        outcome="award",
        amount=Decimal(1000 * items),
        starts_on=START,
        ends_on=START + timedelta(days=365),
        tranches=[TrancheRow(Decimal(1000), START) for _item in range(items)],
        reports=[ReportRow("both", f"Report {n}", START + timedelta(days=30 * n)) for n in range(items)],
        conditions="Keep receipts.",
    )
    return decision.award


@pytest.mark.parametrize("items", [1, 8])
def test_the_awards_hub_costs_the_same_queries_for_1_and_8_of_each(
    items, rfp, client, staff, django_assert_num_queries
):
    rfp.max_amount = Decimal(100000)
    rfp.save()
    award = awarded(SubmittedApplicationFactory(rfp=rfp), staff, items=items)
    for number, duty in enumerate(award.report_requirements.all()):
        ReportFactory(requirement=duty)
        LetterFactory(award=award, version=number + 2)
        SupportCommitmentFactory(award=award)
        TrancheFactory(award=award, requires_report=duty, paid_on=START)
    ReportRequirementFactory(award=award)  # a duty with no report yet
    # Session, user (with roles and second factor) and unread messages; the award; its letters,
    # tranches, the duties they wait on and their reports, duties, their reports and support;
    # who runs its call.
    with django_assert_num_queries(12):
        response = client.get(reverse("awards:staff-award", args=[award.public_id]))
    html = response.content.decode()
    assert award.reference in html and "Keep receipts." in html
    assert html.count("Download version ") == items  # the first version, queued, has none yet
    assert reverse("awards:publication", args=[award.public_id]) in html
    assert response.context["can_manage"]


def test_the_hub_sections_are_included_in_order(application, client, staff):
    award = awarded(application, staff)
    response = client.get(reverse("awards:staff-award", args=[award.public_id]))
    names = [template.name for template in response.templates]
    sections = ["letters", "tranches", "reports", "support", "publication"]
    found = [names.index(f"awards/staff/_section_{name}.html") for name in sections]
    assert found == sorted(found)


def test_the_staff_page_of_an_application_links_to_deciding(application, client):
    html = client.get(reverse("portal:staff-application", args=[application.public_id])).content.decode()
    assert decide_url(application) in html


def test_the_staff_page_of_an_awarded_application_shows_its_award_and_a_reversal_form(application, client, staff):
    award = awarded(application, staff)
    html = client.get(reverse("portal:staff-application", args=[application.public_id])).content.decode()
    assert reverse("awards:staff-award", args=[award.public_id]) in html
    assert f'action="{reverse("awards:reverse", args=[application.public_id])}"' in html
    LetterFactory(award=award, version=2, accepted_at=timezone.now())
    html = client.get(reverse("portal:staff-application", args=[application.public_id])).content.decode()
    assert 'name="reason"' not in html and "can no longer be reversed" in html


@pytest.mark.parametrize("count", [1, 20])
def test_confirming_several_costs_the_same_queries_for_1_and_20(count, rfp, client, django_assert_num_queries):
    ids = [str(application.public_id) for application in ranked(rfp, count)]
    url = reverse("awards:decide-many", args=[rfp.pk])
    # Session, user (with roles and second factor) and unread messages; the call; who runs it; the
    # applications ticked.
    with django_assert_num_queries(6):
        response = client.get(url, {"applications": ids})
    assert len(response.context["form"].fields["applications"].choices) == count


def test_the_decision_page_costs_a_fixed_number_of_queries(application, client, django_assert_num_queries):
    # Session, user (with roles and second factor) and unread messages; the application; who runs its
    # call; its standing decision; the reviewers' feedback; the panel's recommendation.
    with django_assert_num_queries(8):
        client.get(decide_url(application))


def test_the_decision_panel_takes_two_queries_decided_or_not(rfp, client, staff):
    undecided = SubmittedApplicationFactory(rfp=rfp)
    decided = SubmittedApplicationFactory(rfp=rfp)
    awarded(decided, staff)
    counts = []
    for application in (undecided, decided):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("portal:staff-application", args=[application.public_id]))
        counts.append(len(queries))
    assert counts[0] == counts[1]
    decided = Application.objects.select_related("rfp").get(pk=decided.pk)
    with CaptureQueriesContext(connection) as queries:
        panels = application_panels(decided, staff)
        reference = panels[0].context["award"].reference  # read, as the page does
    assert len(queries) == 2 and reference
