"""The letters' pages: staff ask for a new version and download any of the calls they run; the
grantee downloads their own and accepts the one to accept by typing their full name (mistakes
shown beside the field, what was typed kept); anyone else finds nothing. And the letters'
sections of the award pages, drawn from the letters fetched with the award."""

import pytest
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from accounts.roles import Role
from awards.models import Award, Letter
from tests.factories import RFPFactory, UserFactory

from .factories import AwardFactory, LetterFactory, active_award, staff_of

pytestmark = pytest.mark.django_db

S = Letter.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def award():
    return AwardFactory()


@pytest.fixture
def grantee(award):
    return award.application.applicant


def accept_url(letter):
    return reverse("awards:letter-accept", args=[letter.public_id])


# --- Staff ------------------------------------------------------------------------------------


def test_staff_draw_a_new_version_and_go_back_to_the_page_they_were_on(
    client, award, django_capture_on_commit_callbacks
):
    client.force_login(staff_of(award.rfp))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:letter-render", args=[award.public_id]), {"next": "/somewhere/"})

    assert response.status_code == 302 and response["Location"] == "/somewhere/"
    letter = award.letters.get()
    assert (letter.version, letter.status) == (1, S.READY)


def test_a_new_version_goes_back_to_the_awards_page_rather_than_to_another_site(client, award):
    client.force_login(staff_of(award.rfp))
    response = client.post(
        reverse("awards:letter-render", args=[award.public_id]), {"next": "https://elsewhere.example/"}
    )
    assert response["Location"] == reverse("awards:staff-award", args=[award.public_id])


def test_a_cancelled_award_gets_no_new_version_and_staff_are_told_why(client, award):
    Award.objects.filter(pk=award.pk).update(status=Award.Status.CANCELLED)
    client.force_login(staff_of(award.rfp))
    response = client.post(reverse("awards:letter-render", args=[award.public_id]), follow=True)
    assert "closed or cancelled" in response.content.decode()
    assert not award.letters.exists()


def test_staff_of_another_call_and_the_grantee_cannot_draw_a_version(client, award, grantee):
    for user in (staff_of(RFPFactory()), grantee):
        client.force_login(user)
        assert client.post(reverse("awards:letter-render", args=[award.public_id])).status_code == 404
    assert not award.letters.exists()


def test_staff_download_a_version_under_a_neutral_name(client, award):
    letter = LetterFactory(award=award, version=2)
    client.force_login(staff_of(award.rfp))

    response = client.get(reverse("awards:staff-letter", args=[letter.public_id]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="letter-v2.pdf"'
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("application/pdf", "nosniff")
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 letter"


def test_a_version_not_drawn_and_another_calls_letter_are_not_found_for_staff(client, award):
    queued = LetterFactory(award=award, status=S.QUEUED, file="", sha256="")
    ready = LetterFactory(award=award)
    client.force_login(staff_of(award.rfp))
    assert client.get(reverse("awards:staff-letter", args=[queued.public_id])).status_code == 404
    client.force_login(staff_of(RFPFactory()))
    assert client.get(reverse("awards:staff-letter", args=[ready.public_id])).status_code == 404


# --- The grantee ------------------------------------------------------------------------------


def test_the_grantee_downloads_their_letter_and_no_one_else_does(client, award, grantee):
    letter = LetterFactory(award=award, version=1)
    url = reverse("awards:letter", args=[letter.public_id])
    client.force_login(grantee)
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="letter-v1.pdf"'
    assert grantee.name not in response["Content-Disposition"]
    for other in (UserFactory(roles=[Role.APPLICANT]), staff_of(award.rfp)):
        client.force_login(other)
        assert client.get(url).status_code == 404


def test_the_accept_page_shows_the_letter_and_a_form_with_the_versions_hash(client, award, grantee):
    letter = LetterFactory(award=award)
    client.force_login(grantee)

    response = client.get(accept_url(letter))

    page = response.content.decode()
    assert response.status_code == 200
    assert award.reference in page
    assert reverse("awards:letter", args=[letter.public_id]) in page
    assert f'name="sha256" value="{letter.sha256}"' in page
    assert 'name="full_name"' in page and 'autocomplete="off"' in page
    assert "no-store" in response["Cache-Control"]


def test_the_grantee_accepts_by_typing_their_full_name_and_the_award_is_active(client, award, grantee):
    letter = LetterFactory(award=award)
    client.force_login(grantee)

    response = client.post(accept_url(letter), {"full_name": "Amina Diallo", "sha256": letter.sha256})

    assert response.status_code == 302 and response["Location"] == accept_url(letter)
    letter.refresh_from_db()
    award.refresh_from_db()
    assert (letter.accepted_name, award.status) == ("Amina Diallo", Award.Status.ACTIVE)
    page = client.get(accept_url(letter)).content.decode()
    assert "Accepted by Amina Diallo" in page
    assert 'name="full_name"' not in page


def test_a_missing_name_is_shown_beside_its_field(client, award, grantee):
    letter = LetterFactory(award=award)
    client.force_login(grantee)

    response = client.post(accept_url(letter), {"full_name": "", "sha256": letter.sha256})

    assert response.status_code == 200
    assert response.context["form"].errors == {"full_name": ["Type your full name to accept the letter."]}
    page = response.content.decode()
    assert 'aria-describedby="id_full_name_helptext id_full_name_error"' in page
    assert '<div id="id_full_name_error" class="invalid-feedback">' in page


def test_a_letter_changed_since_the_page_was_opened_is_refused_and_the_name_is_kept(client, award, grantee):
    letter = LetterFactory(award=award)
    client.force_login(grantee)

    response = client.post(accept_url(letter), {"full_name": "Amina Diallo", "sha256": "f" * 64})

    page = response.content.decode()
    assert response.status_code == 200
    assert "read it again before accepting it" in page
    assert 'value="Amina Diallo"' in page
    assert f'name="sha256" value="{letter.sha256}"' in page
    letter.refresh_from_db()
    assert letter.accepted_at is None


def test_an_older_versions_page_points_to_the_latest_and_refuses_its_acceptance(client, award, grantee):
    old = LetterFactory(award=award, version=1)
    new = LetterFactory(award=award, version=2)
    client.force_login(grantee)

    page = client.get(accept_url(old)).content.decode()
    assert accept_url(new) in page
    assert 'name="full_name"' not in page

    response = client.post(accept_url(old), {"full_name": "Amina Diallo", "sha256": old.sha256}, follow=True)
    assert "not the latest version" in response.content.decode()
    old.refresh_from_db()
    assert old.accepted_at is None


def test_another_applicant_and_staff_find_no_accept_page(client, award):
    letter = LetterFactory(award=award)
    for other in (UserFactory(roles=[Role.APPLICANT]), staff_of(award.rfp)):
        client.force_login(other)
        assert client.get(accept_url(letter)).status_code == 404
        assert client.post(accept_url(letter), {"full_name": "X", "sha256": letter.sha256}).status_code == 404


@pytest.mark.parametrize("versions", [1, 10])
def test_the_accept_page_costs_the_same_queries_for_1_and_10_versions(
    versions, client, award, grantee, django_assert_num_queries
):
    for version in range(1, versions + 1):
        latest = LetterFactory(award=award, version=version)
    client.force_login(grantee)
    client.get(accept_url(latest))  # the session's first request reads more
    with django_assert_num_queries(QUERIES_OF_THE_ACCEPT_PAGE):
        assert client.get(accept_url(latest)).status_code == 200


QUERIES_OF_THE_ACCEPT_PAGE = 5


# --- The sections of the award pages ----------------------------------------------------------


def fetched(award) -> Award:
    return Award.objects.prefetch_related(Prefetch("letters", queryset=Letter.objects.order_by("version"))).get(
        pk=award.pk
    )


def section(name: str, award: Award, **context) -> str:
    request = RequestFactory().get("/awards/somewhere/")
    return render_to_string(f"awards/{name}/_section_letters.html", {"award": award, **context}, request=request)


def test_the_staff_section_shows_every_version_its_state_and_who_accepted_it(award):
    accepted = LetterFactory(award=award, version=1, accepted_name="Amina Diallo")
    Letter.objects.filter(pk=accepted.pk).update(accepted_at=accepted.rendered_at)
    LetterFactory(award=award, version=2, status=S.FAILED, failure="Rendering took longer than 20 seconds.", file="")
    LetterFactory(award=award, version=3, status=S.QUEUED, file="", sha256="")
    LetterFactory(award=award, version=4, status=S.RENDERING, file="", sha256="")

    html = section("staff", fetched(award), can_manage=True)

    assert reverse("awards:staff-letter", args=[accepted.public_id]) in html
    assert "by Amina Diallo on" in html
    for said in ("Failed", "Rendering took longer than 20 seconds.", "Queued", "Rendering"):
        assert said in html
    assert reverse("awards:letter-render", args=[award.public_id]) in html
    assert 'name="next" value="/awards/somewhere/"' in html


def test_the_staff_section_offers_no_new_version_without_the_right_or_once_closed(award):
    LetterFactory(award=award)
    assert reverse("awards:letter-render", args=[award.public_id]) not in section(
        "staff", fetched(award), can_manage=False
    )
    Award.objects.filter(pk=award.pk).update(status=Award.Status.CLOSED)
    assert reverse("awards:letter-render", args=[award.public_id]) not in section(
        "staff", fetched(award), can_manage=True
    )


def test_the_grantee_section_lists_drawn_versions_and_the_one_to_accept():
    award = active_award()
    first = award.letters.get()
    second = LetterFactory(award=award, version=2)
    queued = LetterFactory(award=award, version=3, status=S.FAILED, file="", sha256="")

    html = section("grantee", fetched(award))

    assert reverse("awards:letter", args=[first.public_id]) in html
    assert reverse("awards:letter", args=[second.public_id]) in html
    assert reverse("awards:letter", args=[queued.public_id]) not in html
    assert accept_url(second) in html and accept_url(first) not in html
    assert "accepted by" in html


def test_the_grantee_section_says_a_letter_is_on_its_way(award):
    LetterFactory(award=award, status=S.QUEUED, file="", sha256="")
    assert "Your letter is being prepared." in section("grantee", fetched(award))


@pytest.mark.parametrize("versions", [1, 10])
def test_the_sections_ask_nothing_more_of_the_database_than_the_prefetch(versions, award, django_assert_num_queries):
    for version in range(1, versions + 1):
        LetterFactory(award=award, version=version)
    award = fetched(award)
    with django_assert_num_queries(0):
        section("staff", award, can_manage=True)
        section("grantee", award)
