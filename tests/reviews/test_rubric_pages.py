"""The staff's review pages of a call: the list of calls, the hub, and the rubric builder, for
the staff who run the call (admins: every call) and a 404 for anyone else."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from reviews.models import Criterion
from tests.factories import RFPFactory, UserFactory
from tests.grants.applying import published_call

from .factories import CriterionFactory, ReviewFactory

pytestmark = pytest.mark.django_db

FROZEN = "A review of this call has been submitted: its total was computed with this rubric."
SET_FROZEN = "A review of this call has been submitted: criteria can be reworded and reordered, not added or removed."


@pytest.fixture
def rfp(program_staff):
    return published_call(staff=[program_staff], languages=["en", "ar"])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def criterion_post(**values) -> dict:
    return {
        "name_en": "Relevance",
        "guidance_en": "How well it fits the call.",
        "labels_en": "0: not at all\n5: fully",
        "name_ar": "الصلة",
        "guidance_ar": "",
        "labels_ar": "",
        "weight": "2",
        "scale_min": "0",
        "scale_max": "5",
    } | values


def criterion_in(rfp, **fields) -> Criterion:
    texts = {"en": {"name": "Relevance"}, "ar": {"name": "الصلة"}}
    return CriterionFactory(rfp=rfp, texts=texts, **fields)


def submit_a_review(rfp):
    ReviewFactory(assignment__application__rfp=rfp, submitted=True)


def every_url(rfp, criterion) -> list[str]:
    return [
        reverse("reviews:call", args=[rfp.pk]),
        reverse("reviews:rubric", args=[rfp.pk]),
        reverse("reviews:add-criterion", args=[rfp.pk]),
        reverse("reviews:edit-criterion", args=[rfp.pk, criterion.pk]),
        reverse("reviews:remove-criterion", args=[rfp.pk, criterion.pk]),
    ]


# The list of calls and the hub --------------------------------------------------------------


def test_staff_list_the_calls_they_run_with_their_criteria_counts_and_admins_every_call(rfp, program_staff):
    criterion_in(rfp)
    criterion_in(rfp)
    other = RFPFactory(texts={"en": {"title": "Someone else's call"}})
    html = signed_in(program_staff).get(reverse("reviews:calls")).content.decode()
    assert f'href="{reverse("reviews:call", args=[rfp.pk])}"' in html
    assert "<td>2</td>" in html
    assert "Someone else&#x27;s call" not in html
    admin_html = signed_in(UserFactory(roles=[Role.ADMIN])).get(reverse("reviews:calls")).content.decode()
    assert f'href="{reverse("reviews:call", args=[other.pk])}"' in admin_html


def test_the_list_of_calls_is_a_404_for_applicants_and_reviewers(applicant, reviewer):
    for user in (applicant, reviewer):
        assert signed_in(user).get(reverse("reviews:calls")).status_code == 404


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_of_calls_costs_the_same_queries_for_1_and_30_calls(rows, program_staff, django_assert_num_queries):
    for _number in range(rows):
        criterion_in(published_call(staff=[program_staff]))
    client = signed_in(program_staff)
    with django_assert_num_queries(5):
        response = client.get(reverse("reviews:calls"))
    assert [rfp.criterion_count for rfp in response.context["page_obj"]] == [1] * rows


def test_the_navigation_links_staff_and_admins_to_reviews_and_nobody_else(
    program_staff, admin_user, applicant, reviewer
):
    link = f'href="{reverse("reviews:calls")}"'
    for user, shown in ((program_staff, True), (admin_user, True), (applicant, False), (reviewer, False)):
        html = signed_in(user).get(reverse("portal:dashboard")).content.decode()
        assert (link in html) is shown, user


def test_the_hub_sums_up_the_rubric_and_links_to_it(rfp, program_staff):
    criterion_in(rfp, weight=Decimal(2))
    criterion_in(rfp, weight=Decimal("1.5"))
    html = signed_in(program_staff).get(reverse("reviews:call", args=[rfp.pk])).content.decode()
    assert "2 criteria, of total weight 3.50." in html
    assert f'<a href="{reverse("reviews:rubric", args=[rfp.pk])}">Rubric</a>' in html
    assert "Weights and scales are frozen." not in html
    submit_a_review(rfp)
    html = signed_in(program_staff).get(reverse("reviews:call", args=[rfp.pk])).content.decode()
    assert f"Weights and scales are frozen. {FROZEN}" in html


def test_every_page_of_a_calls_reviews_is_a_404_for_staff_of_another_call_applicants_and_reviewers(
    rfp, applicant, reviewer
):
    criterion = criterion_in(rfp)
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    RFPFactory(staff=[other_staff])
    for user in (other_staff, applicant, reviewer):
        client = signed_in(user)
        for url in every_url(rfp, criterion):
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, criterion_post()).status_code == 404, (user, url)
        move = reverse("reviews:move-criterion", args=[rfp.pk, criterion.pk])
        assert client.post(move, {"direction": "up"}).status_code == 404
    criterion.refresh_from_db()
    assert Criterion.objects.count() == 1 and criterion.texts["en"]["name"] == "Relevance"


def test_a_criterion_of_another_call_is_a_404_under_this_one(rfp, program_staff):
    foreign = criterion_in(published_call(staff=[program_staff]))
    client = signed_in(program_staff)
    assert client.get(reverse("reviews:edit-criterion", args=[rfp.pk, foreign.pk])).status_code == 404
    assert client.get(reverse("reviews:remove-criterion", args=[rfp.pk, foreign.pk])).status_code == 404


# The rubric --------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_the_rubric_costs_the_same_queries_for_1_and_30_criteria(rows, rfp, program_staff, django_assert_num_queries):
    for _number in range(rows):
        criterion_in(rfp)
    client = signed_in(program_staff)
    with django_assert_num_queries(7):
        response = client.get(reverse("reviews:rubric", args=[rfp.pk]))
    assert len(response.context["rows"]) == rows


def test_the_rubric_lists_each_criterion_and_the_languages_still_without_its_name(rfp, program_staff):
    CriterionFactory(rfp=rfp, key="c1", texts={"en": {"name": "Relevance"}}, weight=Decimal(2), comment_required=True)
    html = signed_in(program_staff).get(reverse("reviews:rubric", args=[rfp.pk])).content.decode()
    assert "· c1 · weight 2.00 · scored 0 to 5 · comment required" in html
    assert "No name yet in: Arabic" in html
    assert f'href="{reverse("reviews:add-criterion", args=[rfp.pk])}"' in html


def test_staff_add_a_criterion_in_both_languages_of_the_call(rfp, program_staff):
    response = signed_in(program_staff).post(reverse("reviews:add-criterion", args=[rfp.pk]), criterion_post())
    criterion = Criterion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:rubric", args=[rfp.pk]) + f"#criterion-{criterion.pk}"
    assert criterion.key == "c1"
    assert criterion.texts == {
        "en": {
            "name": "Relevance",
            "guidance": "How well it fits the call.",
            "labels": {"0": "not at all", "5": "fully"},
        },
        "ar": {"name": "الصلة"},
    }
    assert (criterion.weight, criterion.scale_min, criterion.scale_max) == (Decimal(2), 0, 5)


def test_the_form_has_a_field_per_language_marked_with_it(rfp, program_staff):
    html = signed_in(program_staff).get(reverse("reviews:add-criterion", args=[rfp.pk])).content.decode()
    assert "Name in English" in html and "Name in Arabic" in html
    assert 'name="name_ar" autocomplete="off" maxlength="200" lang="ar" dir="rtl"' in html
    assert "Name in French" not in html  # not a language of the call


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name_ar": ""}, "name_ar", "Give the criterion a name in Arabic."),
        ({"name_en": ""}, "name_en", "Give the criterion a name in English."),
        (
            {"labels_en": "not at all"},
            "labels_en",
            "Write each label on its own line: the point, a colon and the label, e.g. “0: not at all”.",
        ),
        ({"labels_ar": "\u0660: أبدا\n0: لا"}, "labels_ar", "The point 0 has two labels."),
        ({"labels_en": "6: beyond"}, "labels_en", "6 is not a point of the scale from 0 to 5."),
        ({"scale_min": "1", "scale_max": "1"}, "scale_max", "The highest score must be above the lowest."),
        ({"scale_max": "11"}, "scale_max", "Ensure this value is less than or equal to 10."),
        ({"weight": "0"}, "weight", "Ensure this value is greater than or equal to 0.01."),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_typed_is_lost(rfp, program_staff, values, field, message):
    response = signed_in(program_staff).post(reverse("reviews:add-criterion", args=[rfp.pk]), criterion_post(**values))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    html = response.content.decode()
    assert f'id="id_{field}"' in html and "is-invalid" in html
    assert 'value="Relevance"' in html or values.get("name_en") == ""
    assert "How well it fits the call." in html
    assert not Criterion.objects.exists()


def test_staff_edit_a_criterion_and_nothing_changed_is_said_so(rfp, program_staff):
    criterion = criterion_in(rfp)
    client = signed_in(program_staff)
    url = reverse("reviews:edit-criterion", args=[rfp.pk, criterion.pk])
    page = client.get(url).content.decode()
    assert 'value="الصلة"' in page
    response = client.post(url, criterion_post(name_en="Fit with the call", weight="3"), follow=True)
    assert [str(message) for message in response.context["messages"]] == ["Criterion saved."]
    criterion.refresh_from_db()
    assert (criterion.texts["en"]["name"], criterion.weight) == ("Fit with the call", Decimal(3))
    response = client.post(url, criterion_post(name_en="Fit with the call", weight="3"), follow=True)
    assert [str(message) for message in response.context["messages"]] == ["Nothing changed."]


def test_reordering_is_a_post_without_javascript(rfp, program_staff):
    first, second = criterion_in(rfp, position=0), criterion_in(rfp, position=1)
    client = signed_in(program_staff)
    url = reverse("reviews:move-criterion", args=[rfp.pk, second.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"direction": "sideways"}).status_code == 404
    response = client.post(url, {"direction": "up"})
    assert response["Location"] == reverse("reviews:rubric", args=[rfp.pk]) + f"#criterion-{second.pk}"
    assert list(Criterion.objects.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]


def test_removing_asks_first_then_removes(rfp, program_staff):
    criterion = criterion_in(rfp)
    client = signed_in(program_staff)
    url = reverse("reviews:remove-criterion", args=[rfp.pk, criterion.pk])
    html = client.get(url).content.decode()
    assert "Remove the criterion “Relevance” from the rubric?" in html
    assert Criterion.objects.exists()
    response = client.post(url, follow=True)
    assert [str(message) for message in response.context["messages"]] == [
        "Criterion removed. Its key stays reserved in this call."
    ]
    assert not Criterion.objects.exists()


# Once a review is submitted -----------------------------------------------------------------


def test_once_a_review_is_submitted_the_rubric_shows_why_and_hides_adding_and_removing(rfp, program_staff):
    criterion = criterion_in(rfp)
    submit_a_review(rfp)
    html = signed_in(program_staff).get(reverse("reviews:rubric", args=[rfp.pk])).content.decode()
    assert f"Weights and scales are frozen. {FROZEN}" in html and SET_FROZEN in html
    assert reverse("reviews:add-criterion", args=[rfp.pk]) not in html
    assert reverse("reviews:remove-criterion", args=[rfp.pk, criterion.pk]) not in html
    assert reverse("reviews:edit-criterion", args=[rfp.pk, criterion.pk]) in html


def test_once_a_review_is_submitted_weights_and_scales_are_read_only_and_a_crafted_post_cannot_change_them(
    rfp, program_staff
):
    criterion = criterion_in(rfp, weight=Decimal(2), scale_min=0, scale_max=5)
    submit_a_review(rfp)
    client = signed_in(program_staff)
    url = reverse("reviews:edit-criterion", args=[rfp.pk, criterion.pk])
    form = client.get(url).context["form"]
    assert [name for name, field in form.fields.items() if field.disabled] == ["weight", "scale_min", "scale_max"]
    assert {form.fields[name].help_text for name in ("weight", "scale_min", "scale_max")} == {FROZEN}
    response = client.post(url, criterion_post(name_en="Fit", weight="9", scale_min="1", scale_max="10"))
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.texts["en"]["name"] == "Fit"
    assert (criterion.weight, criterion.scale_min, criterion.scale_max) == (Decimal(2), 0, 5)


def test_once_a_review_is_submitted_adding_and_removing_are_refused_with_the_reason(rfp, program_staff):
    criterion = criterion_in(rfp)
    submit_a_review(rfp)
    client = signed_in(program_staff)
    add = reverse("reviews:add-criterion", args=[rfp.pk])
    assert SET_FROZEN in client.get(add).content.decode()
    response = client.post(add, criterion_post())
    assert response.status_code == 200 and SET_FROZEN in response.content.decode()
    remove = reverse("reviews:remove-criterion", args=[rfp.pk, criterion.pk])
    page = client.get(remove).content.decode()
    assert SET_FROZEN in page and "Remove the criterion</button>" not in page
    response = client.post(remove, follow=True)
    assert [str(message) for message in response.context["messages"]] == [SET_FROZEN]
    assert list(Criterion.objects.values_list("pk", flat=True)) == [criterion.pk]
