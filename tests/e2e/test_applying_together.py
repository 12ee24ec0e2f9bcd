"""Two members of one organisation on one draft, each in their own browser: one starts it for the
organisation, the other finds it on their dashboard and fills another section; when both change
the same section, the later save shows the colleague's version beside its own, and nothing
either typed is lost."""

from playwright.sync_api import expect

from grants.models import Application
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .applying import SAVED, call_to_apply_to
from .sessions import sign_in


def test_two_members_fill_one_draft_and_a_conflicting_save_shows_the_colleagues_answer_beside_ones_own(
    make_page, live_server, check_page
):
    amina = UserFactory(name="Amina Diallo")
    bilal = UserFactory(name="Bilal Haddad")
    organisation = OrganisationFactory(name="Defenders Collective", owner=amina)
    MembershipFactory(user=bilal, organisation=organisation)
    rfp = call_to_apply_to()
    project, documents = rfp.sections.order_by("position")

    # Amina starts it for the organisation and saves the first section.
    mine = make_page()
    sign_in(mine, live_server, amina)
    page = mine.page
    page.goto(f"{live_server.url}/calls/{rfp.pk}/apply/")
    page.get_by_label("For Defenders Collective").check()
    page.get_by_role("button", name="Start the application").click()
    application = Application.objects.get(rfp=rfp, organisation=organisation)
    page.get_by_role("main").get_by_role("link", name="The project").click()
    page.get_by_label("Title of the project").fill("Safe houses")
    page.get_by_label("Amount requested").fill("5000")
    page.get_by_role("button", name="Save", exact=True).click()
    assert SAVED.match(page.locator(".alert-success").inner_text())

    # Bilal finds it on his dashboard and fills the second section.
    theirs = make_page()
    sign_in(theirs, live_server, bilal)
    other = theirs.page
    other.goto(live_server.url + "/dashboard/")
    draft = other.get_by_role("main").get_by_role("listitem").filter(has_text="Safety grants")
    expect(draft.get_by_text("For Defenders Collective")).to_be_visible()
    expect(draft.get_by_text("2 of 3 required answers")).to_be_visible()
    check_page(theirs)
    draft.get_by_role("link", name="Safety grants").click()
    assert other.url == f"{live_server.url}/applications/{application.public_id}/"
    expect(other.get_by_role("main").get_by_text("For Defenders Collective")).to_be_visible()
    expect(other.get_by_role("main").get_by_text("by Amina Diallo")).to_be_visible()
    check_page(theirs)
    other.get_by_role("main").get_by_role("link", name="Documents").click()
    other.get_by_label("Notes on the budget").fill("Quotes from two suppliers.")
    other.get_by_role("button", name="Save", exact=True).click()
    assert SAVED.match(other.locator(".alert-success").inner_text())

    # Both open the first section; Bilal saves a new title, then Amina types another.
    section_url = f"{live_server.url}/applications/{application.public_id}/sections/{project.pk}/"
    page.goto(section_url)
    other.goto(section_url)
    assert page.get_by_label("Title of the project").input_value() == "Safe houses"
    other.get_by_label("Title of the project").fill("Safe houses in three cities")
    other.get_by_role("button", name="Save", exact=True).click()
    assert SAVED.match(other.locator(".alert-success").inner_text())

    # Her page saves itself in the background, meets Bilal's save and waits for her.
    page.get_by_label("Title of the project").fill("Safe houses and legal aid")
    expect(page.get_by_role("status")).to_have_text(
        "Not saved: a colleague saved this section after you opened it. Press “Save” to see their answers "
        "beside yours.",
        timeout=15_000,
    )
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.locator(".alert-danger").inner_text() == (
        "Someone else saved this section after you opened it. Their answers are shown beside yours: choose "
        "what to keep and save again."
    )
    title = page.locator("#question-title")
    assert page.get_by_label("Title of the project").input_value() == "Safe houses and legal aid"
    assert title.locator(".theirs").inner_text() == "Saved by Bilal Haddad: Safe houses in three cities"
    assert page.locator("#question-amount .theirs").count() == 0  # the same in both: nothing to choose
    check_page(mine)

    # Saving again keeps hers; his second section is as he left it.
    page.get_by_role("button", name="Save", exact=True).click()
    assert SAVED.match(page.locator(".alert-success").inner_text())
    assert page.get_by_label("Title of the project").input_value() == "Safe houses and legal aid"
    other.goto(f"{live_server.url}/applications/{application.public_id}/sections/{documents.pk}/")
    assert other.get_by_label("Notes on the budget").input_value() == "Quotes from two suppliers."
    other.goto(section_url)
    assert other.get_by_label("Title of the project").input_value() == "Safe houses and legal aid"
    assert other.get_by_label("Amount requested").input_value() == "5000"
    check_page(theirs)
    assert mine.foreign_requests == [] and theirs.foreign_requests == []
