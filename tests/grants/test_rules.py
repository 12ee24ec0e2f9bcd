"""What may change in a call, in which state: a draft changes freely; a published call keeps
what applicants rely on; once applications exist, what their answers mean is frozen."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.errors import Refused
from grants import rules, services
from grants.models import RFP, Application
from grants.rules import CallState
from grants.selectors import call_state
from tests.factories import ApplicationFactory, ChoiceQuestionFactory, QuestionFactory, RFPFactory

DRAFT = CallState(published=False, has_applications=False, has_drafts=False)
PUBLISHED = CallState(published=True, has_applications=False, has_drafts=False)
ANSWERED = CallState(published=True, has_applications=True, has_drafts=True)


def published_call(**fields):
    return RFPFactory(status=RFP.Status.PUBLISHED, published_at=timezone.now(), languages=["en"], **fields)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_draft_call_may_change_everything(admin_user):
    rfp = RFPFactory()
    changed = services.update_rfp(
        rfp,
        by=admin_user,
        mechanism=RFP.Mechanism.RAPID_RESPONSE,
        currency="EUR",
        blind_review=True,
        min_amount=Decimal(2000),
        max_amount=Decimal(3000),
    )
    assert changed == ["mechanism", "opens_at", "deadline", "currency", "min_amount", "max_amount", "blind_review"]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("mechanism", RFP.Mechanism.RAPID_RESPONSE, "Fixed once the call is published"),
        ("currency", "EUR", "Fixed once the call is published"),
        ("blind_review", True, "Fixed once the call is published"),
        ("default_language", "fr", "Fixed once the call is published"),
        ("deadline", "later", "moves only by extending the deadline"),
        ("opens_at", "later", "no longer changes"),
    ],
)
def test_a_published_call_keeps_what_applicants_rely_on(field, value, reason, admin_user):
    rfp = published_call()
    if value == "later":
        value = getattr(rfp, field) + timedelta(days=1)
    before = getattr(rfp, field)
    with pytest.raises(Refused, match=reason) as refused:
        services.update_rfp(rfp, by=admin_user, **{field: value})
    assert refused.value.field == field
    rfp.refresh_from_db()
    assert getattr(rfp, field) == before


def test_once_published_amounts_only_widen(admin_user):
    rfp = published_call(min_amount=Decimal(1000), max_amount=Decimal(10000))
    with pytest.raises(Refused, match="minimum amount can only be lowered"):
        services.update_rfp(rfp, by=admin_user, min_amount=Decimal(1500))
    with pytest.raises(Refused, match="maximum amount can only be raised"):
        services.update_rfp(rfp, by=admin_user, max_amount=Decimal(9000))
    assert services.update_rfp(rfp, by=admin_user, min_amount=Decimal(500), max_amount=Decimal(12000)) == [
        "min_amount",
        "max_amount",
    ]


def test_once_published_a_language_is_added_only_when_translated_and_never_removed(admin_user):
    rfp = published_call(texts={"en": {"title": "Call"}})
    QuestionFactory(section__rfp=rfp, key="plan")
    with pytest.raises(services.PublishError) as refused:
        services.update_rfp(rfp, by=admin_user, languages=["en", "ar"])
    assert refused.value.problems == [
        "The title in Arabic is missing.",
        "In Arabic, these questions have no label: plan.",
    ]
    assert RFP.objects.get(pk=rfp.pk).languages == ["en"]  # the change was rolled back
    with pytest.raises(Refused, match="added but not removed"):
        services.update_rfp(rfp, by=admin_user, languages=["fr"])


def test_budget_and_review_settings_may_still_change_once_published(admin_user):
    rfp = published_call()
    assert services.update_rfp(rfp, by=admin_user, budget=Decimal(1), reviewers_per_application=3) == [
        "budget",
        "reviewers_per_application",
    ]


def test_an_unpublished_call_keeps_the_rules_of_a_published_one(admin_user):
    rfp = published_call()
    QuestionFactory(section__rfp=rfp)
    services.unpublish(rfp, by=admin_user)
    with pytest.raises(Refused, match="Fixed once the call is published"):
        services.update_rfp(rfp, by=admin_user, currency="EUR")


def test_once_applications_exist_a_questions_type_and_sensitivity_are_frozen(admin_user):
    question = ChoiceQuestionFactory()
    ApplicationFactory(rfp=question.rfp)
    with pytest.raises(Refused, match="type of an answer no longer changes") as refused:
        services.update_question(question, by=admin_user, language="en", type="short_text")
    assert refused.value.field == "type"
    with pytest.raises(Refused, match="protected store"):
        services.update_question(question, by=admin_user, language="en", sensitive=True)
    assert services.update_question(question, by=admin_user, language="en", required=True) == ["required"]
    services.retire_question(question, by=admin_user)
    question.refresh_from_db()
    assert question.retired_at is not None  # retired, the row and its key kept


def test_before_any_application_a_published_questions_type_may_change(admin_user):
    question = QuestionFactory(section__rfp=published_call())
    assert services.update_question(question, by=admin_user, language="en", type="long_text") == ["type"]


def test_unpublishing_a_call_that_has_drafts_is_refused_with_the_reason(admin_user):
    rfp = published_call()
    ApplicationFactory(rfp=rfp)
    with pytest.raises(Refused, match="unpublishing it would strand them"):
        services.unpublish(rfp, by=admin_user)
    assert RFP.objects.get(pk=rfp.pk).status == RFP.Status.PUBLISHED
    Application.objects.update(status=Application.Status.SUBMITTED)
    services.unpublish(rfp, by=admin_user)
    assert RFP.objects.get(pk=rfp.pk).status == RFP.Status.UNPUBLISHED


def test_the_call_state_is_read_in_one_query(django_assert_num_queries):
    rfp = published_call()
    ApplicationFactory(rfp=rfp, status=Application.Status.SUBMITTED, submitted_at=timezone.now())
    with django_assert_num_queries(1):
        state = call_state(rfp)
    assert state == CallState(published=True, has_applications=True, has_drafts=False, has_submitted=True)


def test_a_draft_withdrawn_before_it_was_submitted_counts_as_no_submission():
    rfp = published_call()
    ApplicationFactory(rfp=rfp, status=Application.Status.WITHDRAWN)
    assert call_state(rfp).has_submitted is False


def test_editing_a_question_once_applications_were_submitted_warns_that_they_keep_their_wording(admin_user):
    question = QuestionFactory(section__rfp=published_call())
    rfp = question.rfp
    url = reverse("grants:edit-question", args=[rfp.pk, question.pk])
    warning = "Applications already submitted keep the wording they were submitted with."
    ApplicationFactory(rfp=rfp)  # a draft: its answers will be read against the new wording
    assert warning not in logged_in(admin_user).get(url).content.decode()
    ApplicationFactory(rfp=rfp, status=Application.Status.SUBMITTED, submitted_at=timezone.now())
    assert warning in logged_in(admin_user).get(url).content.decode()
    assert rules.question_notes(ANSWERED) == []
    assert rules.question_notes(CallState(True, True, False, has_submitted=True)) == [warning]


def test_what_each_state_freezes():
    rfp = RFPFactory.build()
    assert rules.frozen_settings(rfp, DRAFT) == {}
    assert set(rules.frozen_settings(rfp, PUBLISHED)) == {
        "mechanism",
        "currency",
        "blind_review",
        "default_language",
        "opens_at",
        "deadline",
    }
    assert rules.frozen_question_fields(PUBLISHED) == {}
    assert set(rules.frozen_question_fields(ANSWERED)) == {"type", "sensitive"}


# The builder shows what is frozen, read-only, with the reason --------------------------------


def test_the_settings_of_a_published_call_show_frozen_fields_read_only_with_their_reason(admin_user):
    rfp = published_call()
    response = logged_in(admin_user).get(reverse("grants:rfp-settings", args=[rfp.pk]))
    form = response.context["form"]
    frozen = {name for name, field in form.fields.items() if field.disabled}
    assert frozen == {"mechanism", "currency", "blind_review", "default_language", "opens_at_local", "closes_at_local"}
    assert form.fields["closes_at_local"].help_text.endswith("moves only by extending the deadline.")
    assert "can only be lowered" in form.fields["min_amount"].help_text


def test_a_posted_frozen_field_is_ignored_and_the_times_survive_a_change_of_time_zone(admin_user):
    rfp = published_call(time_zone="UTC")
    deadline = rfp.deadline
    form = logged_in(admin_user).get(reverse("grants:rfp-settings", args=[rfp.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        currency="EUR",
        time_zone="Asia/Tokyo",
        closes_at_local="2099-01-01T00:00",
        blind_review="",
        reviewers_see_each_other="",
    )
    response = logged_in(admin_user).post(reverse("grants:rfp-settings", args=[rfp.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    rfp.refresh_from_db()
    assert (rfp.currency, rfp.deadline, rfp.time_zone) == ("USD", deadline, "Asia/Tokyo")


def test_a_question_of_an_answered_call_shows_its_type_read_only_with_the_reason(admin_user):
    question = ChoiceQuestionFactory()
    ApplicationFactory(rfp=question.rfp)
    url = reverse("grants:edit-question", args=[question.rfp.pk, question.pk])
    form = logged_in(admin_user).get(url).context["form"]
    assert form.fields["type"].disabled and form.fields["sensitive"].disabled
    assert form.fields["type"].help_text == "Applications to this call exist: the type of an answer no longer changes."


def test_the_unpublish_page_asks_first_and_explains_a_refusal(admin_user):
    rfp = published_call()
    QuestionFactory(section__rfp=rfp)
    client = logged_in(admin_user)
    url = reverse("grants:unpublish", args=[rfp.pk])
    assert "Unpublish this call?" in client.get(url).content.decode()
    assert RFP.objects.get(pk=rfp.pk).status == RFP.Status.PUBLISHED  # a GET changes nothing
    ApplicationFactory(rfp=rfp)
    content = client.get(reverse("grants:rfp", args=[rfp.pk])).content.decode()
    assert "unpublishing it would strand them" in content and f'href="{url}"' not in content
    assert client.post(url).status_code == 200
    assert RFP.objects.get(pk=rfp.pk).status == RFP.Status.PUBLISHED
