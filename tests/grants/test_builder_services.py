"""The builder's rules, through its services: keys, order, languages, publication, copies."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from core.errors import Refused
from grants import services
from grants.models import RFP, Question
from grants.selectors import form_of
from tests.factories import QuestionFactory, RFPFactory, SectionFactory, UserFactory


def events(verb):
    return list(AuditEvent.objects.filter(verb=verb).order_by("pk"))


def settings_values(**overrides):
    values = {
        "mechanism": RFP.Mechanism.PROGRAMMATIC,
        "opens_at": timezone.now(),
        "deadline": timezone.now() + timedelta(days=30),
        "time_zone": "UTC",
        "currency": "USD",
        "min_amount": Decimal(1000),
        "max_amount": Decimal(5000),
        "budget": Decimal(50000),
        "blind_review": True,
        "reviewers_per_application": 2,
        "reviewers_see_each_other": False,
        "spread_threshold": Decimal(20),
        "languages": ["en", "ar"],
        "default_language": "en",
    }
    return {**values, **overrides}


def test_program_staff_who_create_a_call_run_it_and_it_is_audited_without_its_texts(program_staff):
    rfp = services.create_rfp(by=program_staff, texts={"title": "Safe houses"}, **settings_values())
    assert rfp.status == RFP.Status.DRAFT
    assert list(rfp.staff.all()) == [program_staff]
    assert rfp.texts == {"en": {"title": "Safe houses", "summary": "", "description": "", "eligibility": ""}}
    [event] = events("rfp.created")
    assert event.actor == program_staff and event.target_id == str(rfp.pk)
    assert "Safe houses" not in str(event.detail)


def test_a_rapid_response_call_has_no_opening_or_closing_time(admin_user):
    rfp = services.create_rfp(
        by=admin_user, texts={"title": "Urgent"}, **settings_values(mechanism=RFP.Mechanism.RAPID_RESPONSE)
    )
    assert rfp.opens_at is None and rfp.deadline is None
    assert list(rfp.staff.all()) == []  # admins run every call anyway


def test_a_programmatic_call_needs_a_closing_time(admin_user):
    with pytest.raises(ValidationError):
        services.create_rfp(by=admin_user, texts={"title": "x"}, **settings_values(deadline=None))
    assert not RFP.objects.exists()


def test_update_reports_and_audits_only_the_fields_that_changed(admin_user):
    rfp = RFPFactory()
    changed = services.update_rfp(rfp, by=admin_user, currency="EUR", min_amount=rfp.min_amount)
    assert changed == ["currency"]
    rfp.refresh_from_db()
    assert rfp.currency == "EUR"
    assert events("rfp.updated")[0].detail == {"fields": ["currency"]}


# Keys ----------------------------------------------------------------------------------------


def test_a_questions_key_cannot_be_changed(admin_user):
    question = QuestionFactory(key="budget_total")
    with pytest.raises(TypeError, match="never changes"):
        services.update_question(question, by=admin_user, language="en", key="total")
    question.refresh_from_db()
    assert question.key == "budget_total"


def test_a_key_is_never_reused_even_after_its_question_was_removed(admin_user):
    question = QuestionFactory(key="project_title")
    services.retire_question(question, by=admin_user)
    assert question.retired_at is not None
    with pytest.raises(services.BuilderError, match="never reused"):
        services.add_question(
            question.section,
            by=admin_user,
            language="en",
            key="project_title",
            texts={"label": "Title"},
            type="short_text",
        )
    assert Question.objects.filter(rfp=question.rfp).count() == 1
    assert [event.detail for event in events("rfp.question_retired")] == [{"question": question.pk}]


def test_the_same_key_may_be_used_in_another_call(admin_user):
    QuestionFactory(key="project_title")
    section = SectionFactory()
    question = services.add_question(
        section, by=admin_user, language="en", key="project_title", texts={"label": "Title"}, type="short_text"
    )
    assert question.key == "project_title"


def test_a_key_left_empty_is_chosen_among_those_never_used(admin_user):
    section = SectionFactory()
    QuestionFactory(section=section, key="q2")
    question = services.add_question(section, by=admin_user, language="en", texts={"label": "A"}, type="short_text")
    assert question.key == "q3"


def test_a_malformed_key_is_refused(admin_user):
    with pytest.raises(services.BuilderError):
        services.add_question(
            SectionFactory(), by=admin_user, language="en", key="Has Spaces", texts={"label": "A"}, type="short_text"
        )


# Order ---------------------------------------------------------------------------------------


def keys_in_order(section):
    return list(
        section.questions.filter(retired_at__isnull=True).order_by("position", "pk").values_list("key", flat=True)
    )


def test_questions_move_up_and_down_within_their_section(admin_user):
    section = SectionFactory()
    first, second, third = (
        services.add_question(section, by=admin_user, language="en", key=key, texts={"label": key}, type="short_text")
        for key in ("a", "b", "c")
    )
    assert keys_in_order(section) == ["a", "b", "c"]
    assert services.move_question(third, "up", by=admin_user)
    assert keys_in_order(section) == ["a", "c", "b"]
    assert services.move_question(first, "down", by=admin_user)
    assert keys_in_order(section) == ["c", "a", "b"]
    assert not services.move_question(section.questions.get(key="c"), "up", by=admin_user)  # already first
    assert not services.move_question(second, "down", by=admin_user)  # already last
    assert [event.detail["direction"] for event in events("rfp.question_moved")] == ["up", "down"]


def test_moving_ignores_removed_questions(admin_user):
    section = SectionFactory()
    _a, b, c = (QuestionFactory(section=section, key=key, position=0) for key in ("a", "b", "c"))
    services.retire_question(b, by=admin_user)
    services.move_question(c, "up", by=admin_user)
    assert keys_in_order(section) == ["c", "a"]


def test_sections_move_up_and_down(admin_user):
    rfp = RFPFactory()
    one = services.add_section(rfp, by=admin_user, language="en", title="One")
    two = services.add_section(rfp, by=admin_user, language="en", title="Two")
    services.move_section(two, "up", by=admin_user)
    assert [section.pk for section in form_of(rfp)] == [two.pk, one.pk]
    with pytest.raises(TypeError):
        services.move_section(one, "sideways", by=admin_user)


# Languages -----------------------------------------------------------------------------------


def test_a_text_missing_in_a_language_falls_back_to_the_default_language(admin_user):
    question = QuestionFactory(texts={"en": {"label": "Budget", "help": "In full"}})
    services.update_question(question, by=admin_user, language="fr", texts={"label": "Budget total", "help": ""})
    question.refresh_from_db()
    assert question.text("fr", "en") == {"label": "Budget total", "help": "In full"}
    assert question.text("es", "en") == {"label": "Budget", "help": "In full"}
    assert question.texts["en"] == {"label": "Budget", "help": "In full"}


def test_the_call_texts_of_one_language_leave_the_others_alone(admin_user):
    rfp = RFPFactory(texts={"en": {"title": "Call"}})
    services.update_rfp_texts(rfp, "ar", by=admin_user, title="دعوة", summary="", description="", eligibility="")
    rfp.refresh_from_db()
    assert rfp.texts["en"] == {"title": "Call"}
    assert rfp.text("ar")["title"] == "دعوة"
    assert events("rfp.texts_updated")[0].detail == {"language": "ar", "fields": ["title"]}


# Publication ---------------------------------------------------------------------------------


def test_a_call_without_a_question_is_not_published(admin_user):
    rfp = RFPFactory()
    with pytest.raises(services.PublishError) as refused:
        services.publish(rfp, by=admin_user)
    assert refused.value.problems == ["The form has no question yet."]
    rfp.refresh_from_db()
    assert rfp.status == RFP.Status.DRAFT


def test_each_published_language_needs_the_title_and_every_label(admin_user):
    question = QuestionFactory(key="plan", texts={"en": {"label": "Plan"}})
    rfp = question.rfp
    rfp.languages = ["en", "ar"]
    rfp.save()
    with pytest.raises(services.PublishError) as refused:
        services.publish(rfp, by=admin_user)
    assert refused.value.problems == [
        "The title in Arabic is missing.",
        "In Arabic, these questions have no label: plan.",
    ]
    services.update_rfp_texts(rfp, "ar", by=admin_user, title="دعوة")
    services.update_question(question, by=admin_user, language="ar", texts={"label": "الخطة"})
    services.publish(rfp, by=admin_user)
    rfp.refresh_from_db()
    assert rfp.status == RFP.Status.PUBLISHED and rfp.published_at is not None
    assert events("rfp.published")[0].detail == {"languages": ["en", "ar"]}


def test_a_removed_question_needs_no_label(admin_user):
    kept = QuestionFactory(key="kept")
    gone = QuestionFactory(section=kept.section, key="gone", texts={})
    assert services.publication_problems(kept.rfp, form_of(kept.rfp)) == [
        "In English, these questions have no label: gone."
    ]
    services.retire_question(gone, by=admin_user)
    assert services.publication_problems(kept.rfp, form_of(kept.rfp)) == []
    services.publish(kept.rfp, by=admin_user)
    assert RFP.objects.get(pk=kept.rfp.pk).status == RFP.Status.PUBLISHED


def test_a_call_whose_closing_time_has_passed_is_not_published(admin_user):
    question = QuestionFactory()
    RFP.objects.filter(pk=question.rfp.pk).update(
        opens_at=timezone.now() - timedelta(days=9), deadline=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(services.PublishError, match="already passed"):
        services.publish(question.rfp, by=admin_user)


def test_unpublish_and_publish_again(admin_user):
    rfp = QuestionFactory().rfp
    services.publish(rfp, by=admin_user)
    services.unpublish(rfp, by=admin_user)
    assert RFP.objects.get(pk=rfp.pk).status == RFP.Status.UNPUBLISHED
    with pytest.raises(Refused, match="not published"):
        services.unpublish(rfp, by=admin_user)
    services.publish(rfp, by=admin_user)
    assert [event.verb for event in AuditEvent.objects.filter(verb__startswith="rfp.").order_by("pk")] == [
        "rfp.published",
        "rfp.unpublished",
        "rfp.published",
    ]


# Copies and staff ----------------------------------------------------------------------------


def test_a_duplicate_is_a_draft_with_the_sections_current_questions_texts_and_staff(program_staff, admin_user):
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp = RFPFactory(staff=[colleague], status=RFP.Status.PUBLISHED, texts={"en": {"title": "Call"}})
    first = SectionFactory(rfp=rfp, position=0)
    second = SectionFactory(rfp=rfp, position=1, texts={"en": {"title": "Budget"}})
    QuestionFactory(section=first, key="plan")
    QuestionFactory(section=second, key="amount", type="amount")
    services.retire_question(QuestionFactory(section=second, key="old"), by=admin_user)
    rfp.staff.add(program_staff)

    copy = services.duplicate_rfp(rfp, by=program_staff)

    assert copy.pk != rfp.pk
    assert copy.status == RFP.Status.DRAFT and copy.published_at is None
    assert copy.duplicated_from == rfp and copy.created_by == program_staff
    assert copy.texts == {"en": {"title": "Call"}}
    assert set(copy.staff.all()) == {colleague, program_staff}
    sections = form_of(copy)
    assert [section.texts for section in sections] == [first.texts, {"en": {"title": "Budget"}}]
    assert [[q.key for q in section.questions.all()] for section in sections] == [["plan"], ["amount"]]
    assert Question.objects.filter(rfp=rfp).count() == 3  # the original is untouched
    assert events("rfp.duplicated")[0].detail == {"from": rfp.pk, "questions": 2}


def test_only_an_admin_sets_the_staff_of_a_call_and_only_program_staff_can_be_chosen(admin_user, program_staff):
    rfp = RFPFactory()
    applicant = UserFactory()
    with pytest.raises(Refused, match="Only admins choose who runs a call"):
        services.set_rfp_staff(rfp, [program_staff], by=program_staff)
    with pytest.raises(services.BuilderError, match="Only program staff can run a call"):
        services.set_rfp_staff(rfp, [applicant], by=admin_user)
    assert services.set_rfp_staff(rfp, [program_staff], by=admin_user) == (1, 0)
    assert services.set_rfp_staff(rfp, [], by=admin_user) == (0, 1)
    assert [event.detail for event in events("rfp.staff_set")] == [
        {"added": [program_staff.pk], "removed": []},
        {"added": [], "removed": [program_staff.pk]},
    ]
