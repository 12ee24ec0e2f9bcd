"""An award's letter: each render a new version, drawn in the letter's language with the grantee,
the amount in figures and in words, the dates, tranches and reports; accepted by its grantee, one
version at a time, by the hash of the bytes they read; an accepted version never altered."""

import hashlib
import io
from datetime import date
from decimal import Decimal

import pikepdf
import pytest
from django.core.files.storage import default_storage

from audit.models import AuditEvent
from awards.models import Award, Letter
from awards.services import letters
from core.errors import Refused
from notifications.models import Message
from tests.core.pdf_probes import every_byte, text
from tests.factories import OrganisationFactory, UserFactory

from .factories import AwardFactory, LetterFactory, ReportRequirementFactory, TrancheFactory, active_award, staff_of

pytestmark = pytest.mark.django_db

S = Letter.Status
# Arabic words without a lam-alef ligature, which text extraction reads back as other characters.
ARABIC_ORGANISATION = "منظمة حقوق"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def award_of(**fields) -> Award:
    fields.setdefault("decision__amount", Decimal("12345.67"))
    fields.setdefault("decision__application__rfp__currency", "USD")
    return AwardFactory(
        starts_on=date(2026, 3, 1),
        ends_on=date(2027, 2, 28),
        **fields,
    )


def rendered(award: Award, *, by=None, capture) -> Letter:
    """A new version asked for and drawn in-process, as without a broker."""
    with capture(execute=True):
        letter = letters.request_letter(award, by=by or staff_of(award.rfp))
    letter.refresh_from_db()
    return letter


def pdf_of(letter: Letter) -> bytes:
    with letter.file.open("rb") as file:
        return file.read()


def grantee_of(award: Award):
    return award.application.applicant


# --- Versions -------------------------------------------------------------------------------


def test_each_request_is_a_new_version_queued_in_the_awards_language(django_capture_on_commit_callbacks):
    award = award_of(language="fr")
    staff = staff_of(award.rfp)

    first = letters.request_letter(award, by=staff)
    second = letters.request_letter(award, by=staff)

    assert [(row.version, row.status, row.language) for row in (first, second)] == [
        (1, S.QUEUED, "fr"),
        (2, S.QUEUED, "fr"),
    ]
    assert AuditEvent.objects.filter(verb="letter.requested").count() == 2


def test_a_version_renders_in_process_without_a_broker_with_its_hash_and_size(django_capture_on_commit_callbacks):
    award = award_of()

    letter = rendered(award, capture=django_capture_on_commit_callbacks)

    pdf = pdf_of(letter)
    assert letter.status == S.READY
    assert letter.sha256 == hashlib.sha256(pdf).hexdigest()
    assert letter.size == len(pdf)
    assert pdf.startswith(b"%PDF")
    assert letter.file.name.startswith("letters/") and award.reference not in letter.file.name


def test_only_the_staff_who_run_the_call_ask_for_a_letter():
    award = award_of()
    with pytest.raises(Refused):
        letters.request_letter(award, by=UserFactory())
    assert not award.letters.exists()


@pytest.mark.parametrize("status", [Award.Status.CLOSED, Award.Status.CANCELLED])
def test_a_closed_or_cancelled_award_gets_no_new_letter(status):
    award = award_of()
    Award.objects.filter(pk=award.pk).update(status=status)
    with pytest.raises(Refused, match="closed or cancelled"):
        letters.request_letter(award, by=staff_of(award.rfp))
    assert not award.letters.exists()


def test_a_render_taken_already_is_left_alone():
    letter = LetterFactory(status=S.RENDERING)
    assert letters.render_letter(letter.pk) is None
    letter.refresh_from_db()
    assert letter.status == S.RENDERING


def test_a_template_that_breaks_ends_as_failed_with_its_reason(settings, django_capture_on_commit_callbacks):
    award = award_of()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}]  # no letter template

    letter = rendered(award, capture=django_capture_on_commit_callbacks)

    assert (letter.status, letter.failure) == (S.FAILED, "The letter could not be drawn: its template failed.")
    assert not letter.file


def test_a_render_over_its_time_budget_ends_as_failed(settings, django_capture_on_commit_callbacks):
    settings.LETTER_SOFT_TIME_LIMIT = 0
    award = award_of()

    letter = rendered(award, capture=django_capture_on_commit_callbacks)

    assert (letter.status, letter.failure) == (S.FAILED, "Rendering took longer than 0 seconds.")


def test_a_failed_or_ready_version_is_not_failed_again():
    ready = LetterFactory()
    assert letters.letter_failed(ready.pk) is False
    ready.refresh_from_db()
    assert ready.status == S.READY


def test_a_ready_version_tells_the_grantee_discreetly(django_capture_on_commit_callbacks):
    award = award_of()

    rendered(award, capture=django_capture_on_commit_callbacks)

    message = Message.objects.get(recipient=grantee_of(award))
    assert message.template == "awards/letter_ready"
    for said in (message.subject, message.body, message.email_subject, message.email_text):
        assert award.reference not in said
        assert "12,345" not in said


# --- What the letter says ---------------------------------------------------------------------


def test_the_letter_holds_the_grantee_the_amount_in_figures_and_words_and_the_dates(
    django_capture_on_commit_callbacks,
):
    award = award_of(conditions="Keep receipts for five years.")
    TrancheFactory(award=award, amount=Decimal("10000.00"), scheduled_on=date(2026, 3, 15))
    TrancheFactory(award=award, amount=Decimal("2345.67"), scheduled_on=date(2026, 9, 15))
    ReportRequirementFactory(award=award, title="Final report", due_on=date(2027, 3, 31))

    content = " ".join(text(pdf_of(rendered(award, capture=django_capture_on_commit_callbacks))).split())

    assert grantee_of(award).name in content
    for expected in (
        award.reference,
        "12,345.67 USD",
        "twelve thousand, three hundred and forty-five US dollars and 67/100",
        "March 1, 2026",
        "Feb. 28, 2027",
        "10,000.00 USD",
        "2,345.67 USD",
        "Sept. 15, 2026",
        "Final report",
        "March 31, 2027",
        "Keep receipts for five years.",
    ):
        assert expected in content


def test_an_organisations_award_is_addressed_to_the_organisation(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="Defenders Collective")
    award = award_of(decision__application__organisation=organisation)

    content = text(pdf_of(rendered(award, capture=django_capture_on_commit_callbacks)))

    assert "Defenders Collective" in content
    assert grantee_of(award).name not in content


@pytest.mark.parametrize(("neutral", "named"), [(True, False), (False, True)])
def test_the_letterhead_names_the_funder_only_when_the_award_allows_it(
    neutral, named, settings, django_capture_on_commit_callbacks
):
    settings.FUNDER_NAME = "Fund for Brave People"
    award = award_of(neutral_letterhead=neutral)

    content = text(pdf_of(rendered(award, capture=django_capture_on_commit_callbacks)))

    assert ("Fund for Brave People" in content) is named


def test_an_arabic_letter_reads_right_to_left_with_its_reference_in_order(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name=ARABIC_ORGANISATION)
    award = award_of(language="ar", reference="G-2026-017", decision__application__organisation=organisation)

    pdf = pdf_of(rendered(award, capture=django_capture_on_commit_callbacks))
    content = text(pdf)

    assert ARABIC_ORGANISATION in content
    assert "G-2026-017" in content
    assert "017-2026" not in content
    assert "12,345.67 USD" in content
    assert "دولار" in content  # the currency named in Arabic, in words
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.get("/Lang", "")) == "ar"


def test_the_pdf_carries_no_personal_data_in_its_metadata(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="Canary Collective")
    award = award_of(decision__application__organisation=organisation)

    pdf = pdf_of(rendered(award, capture=django_capture_on_commit_callbacks))

    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert "/Info" not in document.trailer
        assert "/Metadata" not in document.Root
    # The text is drawn as glyphs: the name is in no string of the file, only on its page.
    assert "Canary Collective" in text(pdf)
    assert b"Canary" not in every_byte(pdf)
    for person in (grantee_of(award), award.decision.decided_by):
        assert person.email.encode() not in every_byte(pdf)


# --- Acceptance -------------------------------------------------------------------------------


def test_the_grantee_accepts_the_version_by_its_hash_and_the_award_becomes_active(
    django_capture_on_commit_callbacks,
):
    award = award_of()
    letter = rendered(award, capture=django_capture_on_commit_callbacks)
    grantee = grantee_of(award)

    accepted = letters.accept_letter(letter, by=grantee, full_name="  Amina   Diallo ", sha256=letter.sha256)

    award.refresh_from_db()
    assert (accepted.accepted_by, accepted.accepted_name, accepted.accepted_sha256) == (
        grantee,
        "Amina Diallo",
        letter.sha256,
    )
    assert accepted.accepted_at is not None
    assert (award.status, award.activated_at) == (Award.Status.ACTIVE, accepted.accepted_at)
    assert AuditEvent.objects.filter(verb="letter.accepted", target_id=str(letter.pk)).exists()


def test_the_staff_who_run_the_call_are_told_of_the_acceptance():
    award = award_of()
    staff = staff_of(award.rfp)
    letter = LetterFactory(award=award)

    letters.accept_letter(letter, by=grantee_of(award), full_name="Amina Diallo", sha256=letter.sha256)

    assert Message.objects.filter(recipient=staff, template="awards/letter_accepted").count() == 1


def test_a_wrong_hash_is_refused_and_nothing_is_accepted():
    letter = LetterFactory()
    with pytest.raises(Refused, match="changed after you opened"):
        letters.accept_letter(letter, by=grantee_of(letter.award), full_name="Amina Diallo", sha256="0" * 64)
    letter.refresh_from_db()
    letter.award.refresh_from_db()
    assert letter.accepted_at is None
    assert letter.award.status == Award.Status.OFFERED


def test_a_full_name_is_required_beside_its_field():
    letter = LetterFactory()
    with pytest.raises(Refused) as refusal:
        letters.accept_letter(letter, by=grantee_of(letter.award), full_name="   ", sha256=letter.sha256)
    assert refusal.value.field == "full_name"


def test_an_older_version_is_refused_once_a_newer_one_is_asked_for():
    award = award_of()
    old = LetterFactory(award=award, version=1)
    LetterFactory(award=award, version=2, status=S.QUEUED, file="", sha256="")
    with pytest.raises(Refused, match="not the latest version"):
        letters.accept_letter(old, by=grantee_of(award), full_name="Amina Diallo", sha256=old.sha256)


def test_a_failed_newer_version_leaves_the_older_one_to_accept():
    award = award_of()
    old = LetterFactory(award=award, version=1)
    LetterFactory(award=award, version=2, status=S.FAILED, file="", sha256="", failure="Broken")

    letters.accept_letter(old, by=grantee_of(award), full_name="Amina Diallo", sha256=old.sha256)

    old.refresh_from_db()
    assert old.accepted_at is not None


def test_someone_else_cannot_accept_the_grantees_letter():
    letter = LetterFactory()
    for other in (UserFactory(), staff_of(letter.award.rfp)):
        with pytest.raises(Refused):
            letters.accept_letter(letter, by=other, full_name="Someone", sha256=letter.sha256)
    letter.refresh_from_db()
    assert letter.accepted_at is None


def test_a_version_accepted_already_is_not_accepted_again():
    award = active_award()
    letter = award.letters.get()
    with pytest.raises(Refused, match="already accepted"):
        letters.accept_letter(letter, by=grantee_of(award), full_name="Someone else", sha256=letter.sha256)


def test_a_later_version_needs_its_own_acceptance_and_the_accepted_one_is_never_altered(
    django_capture_on_commit_callbacks,
):
    award = active_award()
    accepted = award.letters.get()
    before = (accepted.file.name, accepted.sha256, accepted.accepted_name, accepted.accepted_at)

    newer = rendered(award, capture=django_capture_on_commit_callbacks)

    accepted.refresh_from_db()
    assert (accepted.file.name, accepted.sha256, accepted.accepted_name, accepted.accepted_at) == before
    assert newer.version == 2 and newer.accepted_at is None
    assert letters.letter_to_accept(award) == newer
    letters.accept_letter(newer, by=grantee_of(award), full_name="Amina Diallo", sha256=newer.sha256)
    newer.refresh_from_db()
    assert newer.accepted_sha256 == newer.sha256
    assert default_storage.exists(accepted.file.name) and default_storage.exists(newer.file.name)


def test_a_closed_award_cannot_be_accepted():
    letter = LetterFactory()
    Award.objects.filter(pk=letter.award_id).update(status=Award.Status.CANCELLED)
    with pytest.raises(Refused, match="closed or cancelled"):
        letters.accept_letter(letter, by=grantee_of(letter.award), full_name="Amina Diallo", sha256=letter.sha256)
