"""Two awards in two currencies, from the decision to closed, in the browser; the grantees
without JavaScript. Staff of both calls award each application from its decide page (an amount
other than the one asked, two tranches, the second waiting on the one report), the password
asked again; the letter is drawn in-process; staff draw a new version of one letter; each grantee
accepts the latest version by typing their full name; they write their report, staff send it back
with a message, the grantee changes it and submits it again, staff accept it; staff pay the
tranches (the one waiting on the report only once it is accepted) and close both awards. The
portfolio then shows the totals per currency, computed by hand below, and the 360Giving file
holds both grants and nothing of the grantees. Every page passes axe-core and the Nu checker."""

import json
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Award, Letter, Report
from grants.models import RFP
from tests.awards.factories import staff_of
from tests.factories import PASSWORD, OrganisationFactory, RFPFactory, UserFactory
from tests.reviews.factories import SubmittedApplicationFactory

from .applying import picked
from .sessions import sign_in

# Put in the grantees' names, organisations and applications: none may reach the open data.
CANARY = "Zephyrine"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@dataclass
class Terms:
    """What the application asks (and how the decide page prefills it), then what staff type
    there: the amount, and two tranches summing to it, the second paid once the one report is
    accepted."""

    currency: str
    asked: Decimal
    asked_as_shown: str
    amount: str
    first_tranche: str
    second_tranche: str


USD = Terms("USD", Decimal(5000), "5000.00", "4500.50", "3000", "1500.50")
KWD = Terms("KWD", Decimal(8000), "8000.000", "3750.125", "2500", "1250.125")


def a_submitted_application(terms: Terms, staff, number: int):
    rfp = RFPFactory(
        currency=terms.currency,
        status=RFP.Status.PUBLISHED,
        published_at=timezone.now(),
        min_amount=Decimal(1000),
        max_amount=Decimal(10000),
        staff=[staff],
    )
    grantee = UserFactory(name=f"Nadia {CANARY} {number}")
    organisation = OrganisationFactory(owner=grantee, name=f"{CANARY} Defenders {number}")
    return SubmittedApplicationFactory(
        rfp=rfp,
        applicant=grantee,
        organisation=organisation,
        title=f"Safe houses of the {CANARY} network",
        requested_amount=terms.asked,
        currency=terms.currency,
    )


def answer_the_password_prompt(page) -> bool:
    """Money and decisions ask for the password again, unless it was given a few minutes ago:
    answered here when asked; the page then goes on to what was asked for."""
    if urlsplit(page.url).path != reverse("account_reauthenticate"):
        return False
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    return True


def award_it(staff_tab, live_server, check_page, application, terms: Terms) -> Award:
    page = staff_tab.page
    decide = live_server.url + reverse("awards:decide", args=[application.public_id])
    page.goto(decide)
    answer_the_password_prompt(page)
    assert page.url == decide
    check_page(staff_tab)
    form = page.get_by_role("region", name="Award", exact=True)
    currency = terms.currency
    expect(form.get_by_label(f"Amount awarded ({currency})")).to_have_value(terms.asked_as_shown)
    form.get_by_label(f"Amount awarded ({currency})").fill(terms.amount)
    report = form.get_by_role("group", name="Report 1", exact=True)
    report.get_by_label("Title").fill("Final report")
    first = form.get_by_role("group", name="Tranche 1", exact=True)
    first.get_by_label("Amount").fill(terms.first_tranche)
    second = form.get_by_role("group", name="Tranche 2", exact=True)
    second.get_by_label("Amount").fill(terms.second_tranche)
    second.get_by_label("Scheduled").fill((timezone.localdate() + timedelta(days=180)).isoformat())
    second.get_by_label("Paid once this report is accepted").select_option(label="Report 1")
    form.get_by_role("button", name="Award", exact=True).click()
    answer_the_password_prompt(page)
    expect(page.get_by_text("The application is awarded; the applicant is told.")).to_be_visible()
    award = Award.objects.get(application=application)
    assert page.url == live_server.url + reverse("awards:staff-award", args=[award.public_id])
    assert award.amount == Decimal(terms.amount) and award.currency == currency
    assert sorted(award.tranches.values_list("amount", flat=True)) == sorted(
        [Decimal(terms.first_tranche), Decimal(terms.second_tranche)]
    )
    # No broker here: the first letter was drawn while the decision was made.
    letters = page.get_by_role("region", name="Letters")
    expect(letters.locator("tbody tr")).to_have_count(1)
    expect(letters.get_by_role("row", name="1 Ready")).to_be_visible()
    expect(letters.get_by_role("link", name="Download version 1")).to_be_visible()
    check_page(staff_tab)
    return award


def draw_a_new_version(staff_tab, check_page, award: Award) -> None:
    page = staff_tab.page
    page.get_by_role("button", name="Draw a new version of the letter").click()
    expect(page.get_by_text("A new version of the letter is being drawn.")).to_be_visible()
    letters = page.get_by_role("region", name="Letters")
    expect(letters.locator("tbody tr")).to_have_count(2)
    expect(letters.get_by_role("link", name="Download version 2")).to_be_visible()
    assert list(award.letters.order_by("version").values_list("version", "status")) == [
        (1, Letter.Status.READY),
        (2, Letter.Status.READY),
    ]
    check_page(staff_tab)


def accept_the_latest_letter(grantee_tab, live_server, check_page, award: Award, version: int) -> None:
    page = grantee_tab.page
    page.goto(live_server.url + reverse("portal:dashboard"))
    page.get_by_role("region", name="Your awards").get_by_role("link", name=award.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Award {award.reference}")
    expect(page.get_by_role("link", name=f"Letter, version {version} (PDF)")).to_be_visible()
    check_page(grantee_tab)
    page.get_by_role("link", name=f"Read and accept the letter (version {version})").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your letter, version {version}")
    check_page(grantee_tab)
    name = award.application.applicant.name
    page.get_by_label("Your full name").fill(name)
    page.get_by_role("button", name="Accept this letter").click()
    expect(page.get_by_text("You accepted the letter. Thank you.")).to_be_visible()
    expect(page.get_by_text(f"Accepted by {name} on")).to_be_visible()
    check_page(grantee_tab)
    award.refresh_from_db()
    assert award.status == Award.Status.ACTIVE
    accepted = award.letters.get(accepted_at__isnull=False)
    assert accepted.version == version and accepted.accepted_sha256 == accepted.sha256


def report_and_get_it_accepted(grantee_tab, staff_tab, live_server, check_page, award: Award) -> None:
    """The grantee writes and submits; staff send it back; the grantee changes it and submits
    again; staff accept it."""
    requirement = award.report_requirements.get()
    currency = award.currency
    mine, page = grantee_tab.page, staff_tab.page
    grantee_hub = live_server.url + reverse("awards:award", args=[award.public_id])
    staff_report = live_server.url + reverse("awards:staff-report", args=[award.public_id, requirement.pk])

    mine.goto(grantee_hub)
    mine.get_by_role("link", name="Narrative and financial report: Final report").click()
    check_page(grantee_tab)
    mine.get_by_label("Narrative").fill("We opened two safe houses.")
    mine.get_by_label("Budget line 1", exact=True).fill("Rent")
    mine.get_by_label(f"Amount spent on line 1 ({currency})").fill("1000")
    mine.get_by_label("Add a file").set_input_files(picked("receipts.txt", b"Rent: 1000", "text/plain"))
    mine.get_by_role("button", name="Save and upload the file").click()
    expect(mine.get_by_text("Your report was saved.")).to_be_visible()
    expect(mine.get_by_role("link", name="receipts.txt")).to_be_visible()
    mine.get_by_role("button", name="Save and submit the report").click()
    expect(mine.get_by_text("Your report was submitted")).to_be_visible()
    check_page(grantee_tab)

    page.goto(staff_report)
    expect(page.get_by_text("We opened two safe houses.")).to_be_visible()
    check_page(staff_tab)
    page.get_by_label("What the grantee should change").fill("Say how many people the houses sheltered.")
    page.get_by_role("button", name="Ask for changes").click()
    expect(page.get_by_text("The report was sent back")).to_be_visible()

    mine.goto(grantee_hub)
    reports = mine.get_by_role("region", name="Reports")
    expect(reports.get_by_text("Say how many people the houses sheltered.")).to_be_visible()
    check_page(grantee_tab)
    reports.get_by_role("link", name="Narrative and financial report: Final report").click()
    expect(mine.get_by_text("Say how many people the houses sheltered.")).to_be_visible()
    mine.get_by_label("Narrative").fill("We opened two safe houses; they sheltered eleven people.")
    mine.get_by_role("button", name="Save and submit the report").click()
    expect(mine.get_by_text("Your report was submitted")).to_be_visible()

    page.goto(staff_report)
    expect(page.get_by_text("they sheltered eleven people")).to_be_visible()
    page.get_by_role("button", name="Accept the report").click()
    expect(page.get_by_text("The report was accepted")).to_be_visible()
    check_page(staff_tab)
    assert Report.objects.get(requirement=requirement).status == Report.Status.ACCEPTED


def tranche_row(page, tranche):
    return page.get_by_role("region", name="Tranches").locator("tr", has=page.locator(f"#tranche-{tranche.pk}"))


def mark_paid(staff_tab, live_server, award: Award, tranche) -> None:
    page = staff_tab.page
    page.goto(live_server.url + reverse("awards:staff-award", args=[award.public_id]))
    tranche_row(page, tranche).get_by_role("button", name="Mark paid").click()
    answer_the_password_prompt(page)
    expect(page.get_by_text("The tranche is marked paid; the grantee is told.")).to_be_visible()
    tranche.refresh_from_db()
    assert tranche.paid_on == timezone.localdate()


def assert_waits_on_the_report(staff_tab, live_server, check_page, award: Award, tranche) -> None:
    """Neither the award's page nor the tranche's own offers to pay it before the report is accepted."""
    page = staff_tab.page
    page.goto(live_server.url + reverse("awards:staff-award", args=[award.public_id]))
    row = tranche_row(page, tranche)
    expect(row.get_by_role("button", name="Mark paid")).to_have_count(0)
    waits = "This tranche waits on a report: it can be paid once that report is accepted."
    expect(row.get_by_text(waits)).to_be_visible()
    expect(page.get_by_role("button", name="Close the award")).to_have_count(0)
    page.goto(live_server.url + reverse("awards:tranche-paid", args=[award.public_id, tranche.pk]))
    expect(page.locator(".alert-warning")).to_have_text(waits)
    expect(page.get_by_role("button", name="Mark paid")).to_have_count(0)
    check_page(staff_tab)
    tranche.refresh_from_db()
    assert tranche.paid_on is None


def close_it(staff_tab, live_server, check_page, award: Award) -> None:
    page = staff_tab.page
    page.goto(live_server.url + reverse("awards:staff-award", args=[award.public_id]))
    page.get_by_role("button", name="Close the award").click()
    answer_the_password_prompt(page)
    expect(page.get_by_text("The award is closed; the grantee is told.")).to_be_visible()
    check_page(staff_tab)
    award.refresh_from_db()
    assert award.status == Award.Status.CLOSED


def totals_on_the_portfolio(staff_tab, live_server, check_page) -> list[list[str]]:
    page = staff_tab.page
    page.goto(live_server.url + reverse("awards:portfolio"))
    check_page(staff_tab)
    rows = page.get_by_role("region", name="Totals per currency").locator("tbody tr")
    return [row.locator("th, td").all_inner_texts() for row in rows.all()]


def test_two_awards_in_two_currencies_go_from_the_decision_to_closed(make_page, live_server, check_page):
    staff = staff_of(RFPFactory())
    in_usd = a_submitted_application(USD, staff, 1)
    in_kwd = a_submitted_application(KWD, staff, 2)
    staff_tab = make_page()
    usd_grantee_tab, kwd_grantee_tab = make_page(javascript=False), make_page(javascript=False)
    sign_in(staff_tab, live_server, staff)
    sign_in(usd_grantee_tab, live_server, in_usd.applicant)
    sign_in(kwd_grantee_tab, live_server, in_kwd.applicant)

    # Deciding asks for the password again, here for the first time.
    staff_tab.page.goto(live_server.url + reverse("awards:decide", args=[in_usd.public_id]))
    assert answer_the_password_prompt(staff_tab.page)
    usd = award_it(staff_tab, live_server, check_page, in_usd, USD)
    draw_a_new_version(staff_tab, check_page, usd)
    kwd = award_it(staff_tab, live_server, check_page, in_kwd, KWD)

    # The first version, no longer the one to accept, says so and offers no form.
    first = usd.letters.get(version=1)
    mine = usd_grantee_tab.page
    mine.goto(live_server.url + reverse("awards:letter-accept", args=[first.public_id]))
    expect(mine.get_by_text("A newer version of the letter is the one to accept.")).to_be_visible()
    expect(mine.get_by_role("button", name="Accept this letter")).to_have_count(0)
    check_page(usd_grantee_tab)
    accept_the_latest_letter(usd_grantee_tab, live_server, check_page, usd, version=2)
    accept_the_latest_letter(kwd_grantee_tab, live_server, check_page, kwd, version=1)

    # The first tranche of each is paid at once; the second waits on the report.
    for award in (usd, kwd):
        first_tranche, second_tranche = award.tranches.order_by("position")
        assert second_tranche.requires_report_id == award.report_requirements.get().pk
        mark_paid(staff_tab, live_server, award, first_tranche)
        assert_waits_on_the_report(staff_tab, live_server, check_page, award, second_tranche)
    assert totals_on_the_portfolio(staff_tab, live_server, check_page) == [
        ["KWD", "1", "3,750.125", "2,500", "1,250.125"],
        ["USD", "1", "4,500.50", "3,000", "1,500.50"],
    ]

    report_and_get_it_accepted(usd_grantee_tab, staff_tab, live_server, check_page, usd)
    report_and_get_it_accepted(kwd_grantee_tab, staff_tab, live_server, check_page, kwd)
    for award in (usd, kwd):
        second_tranche = award.tranches.order_by("position").last()
        mark_paid(staff_tab, live_server, award, second_tranche)
        close_it(staff_tab, live_server, check_page, award)

    # The grantees read their closed awards, every tranche paid.
    for tab, award in ((usd_grantee_tab, usd), (kwd_grantee_tab, kwd)):
        tab.page.goto(live_server.url + reverse("awards:award", args=[award.public_id]))
        expect(tab.page.locator(".call-facts dd").first).to_contain_text("Closed")
        expect(tab.page.get_by_role("region", name="Payments").get_by_text("Paid on")).to_have_count(2)
        check_page(tab)

    # Committed, paid and outstanding, per currency, never added together.
    assert totals_on_the_portfolio(staff_tab, live_server, check_page) == [
        ["KWD", "1", "3,750.125", "3,750.125", "0"],
        ["USD", "1", "4,500.50", "4,500.50", "0"],
    ]

    page = staff_tab.page
    page.get_by_role("link", name="Open data (360Giving)").click()
    answer_the_password_prompt(page)
    expect(page.get_by_text("The file will hold 2 grants")).to_be_visible()
    check_page(staff_tab)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the 360Giving file (JSON)").click()
    assert download.value.suggested_filename == "grants.json"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    grants = {grant["id"]: grant for grant in json.loads(text)["grants"]}
    prefix = f"360G-{settings.OPEN_DATA_PREFIX}"
    assert {key: (grant["amountAwarded"], grant["currency"]) for key, grant in grants.items()} == {
        f"{prefix}-{usd.reference}": (4500.5, "USD"),
        f"{prefix}-{kwd.reference}": (3750.125, "KWD"),
    }
    assert all("recipientIndividual" in grant and "recipientOrganization" not in grant for grant in grants.values())
    assert CANARY not in text
    assert in_usd.applicant.name not in text and in_kwd.applicant.name not in text
