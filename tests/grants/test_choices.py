"""Choices have stable, language-free keys: an answer names a key, so reordering, relabelling
or translating choices never changes what an answer means, and a removed key is never given
again."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from core.errors import Refused
from grants import services
from grants.models import RFP, Question
from grants.preview import field_for
from grants.selectors import form_of
from tests.factories import ApplicationFactory, ChoiceQuestionFactory, SectionFactory

convert = importlib.import_module("grants.migrations.0003_choices_by_key")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(question, language="en"):
    return reverse("grants:edit-question", args=[question.rfp.pk, question.pk]) + f"?language={language}"


def posted(question, **changes):
    """What the edit page posts as it stands, with `changes`."""
    data = {"type": question.type, "label": question.texts["en"]["label"], "help": ""}
    data.update({f"choice_{key}": label for key, label in question.texts["en"]["choices"].items()})
    return {**data, **changes}


# Keys ----------------------------------------------------------------------------------------


def test_a_new_choice_question_numbers_its_choices_by_key_in_the_language_typed(admin_user):
    question = services.add_question(
        SectionFactory(),
        by=admin_user,
        language="en",
        texts={"label": "Size"},
        choices=["Small", "Large"],
        type="single_choice",
    )
    assert question.choices == ["c1", "c2"]
    assert question.texts["en"]["choices"] == {"c1": "Small", "c2": "Large"}
    assert AuditEvent.objects.get(verb="rfp.question_added").detail["choices"] == 2


def test_a_removed_choice_keeps_its_key_taken_and_its_label_for_old_answers(admin_user):
    question = ChoiceQuestionFactory()
    services.remove_choice(question, "c3", by=admin_user)
    services.update_question(question, by=admin_user, language="en", new_choices=["Huge"])
    question.refresh_from_db()
    assert question.choices == ["c1", "c2", "c4"]
    assert question.retired_choices == ["c3"]
    assert question.texts["en"]["choices"]["c3"] == "Large"  # still readable
    assert question.choice_labels("en", "en") == [("c1", "Small"), ("c2", "Medium"), ("c4", "Huge")]


def test_reordering_moves_keys_never_labels(admin_user):
    question = ChoiceQuestionFactory()
    assert services.move_choice(question, "c3", "up", by=admin_user)
    assert not services.move_choice(question, "c1", "up", by=admin_user)  # already first
    question.refresh_from_db()
    assert question.choices == ["c1", "c3", "c2"]
    assert question.texts["en"]["choices"] == {"c1": "Small", "c2": "Medium", "c3": "Large"}
    assert AuditEvent.objects.get(verb="rfp.choice_moved").detail == {
        "question": question.pk,
        "choice": "c3",
        "direction": "up",
    }


def test_labels_are_per_language_by_key_and_a_missing_one_falls_back(admin_user):
    question = ChoiceQuestionFactory()
    services.update_question(question, by=admin_user, language="fr", choice_labels={"c1": "Petite", "c3": "Grande"})
    question.refresh_from_db()
    assert question.texts["fr"]["choices"] == {"c1": "Petite", "c3": "Grande"}
    assert question.choice_labels("fr", "en") == [("c1", "Petite"), ("c2", "Medium"), ("c3", "Grande")]
    assert question.texts["en"]["choices"] == {"c1": "Small", "c2": "Medium", "c3": "Large"}


def test_an_applicant_is_offered_keys_whatever_the_language(admin_user):
    question = ChoiceQuestionFactory(choices=["c2", "c1", "c3"])
    question.texts["ar"] = {"label": "الحجم", "choices": {"c1": "صغير", "c2": "متوسط", "c3": "كبير"}}
    assert field_for(question, "ar", question.rfp).choices == [("c2", "متوسط"), ("c1", "صغير"), ("c3", "كبير")]
    assert field_for(question, "en", question.rfp).choices == [("c2", "Medium"), ("c1", "Small"), ("c3", "Large")]


def test_relabelling_a_choice_that_is_not_live_is_a_programming_mistake(admin_user):
    question = ChoiceQuestionFactory()
    with pytest.raises(TypeError):
        services.update_question(question, by=admin_user, language="en", choice_labels={"c9": "Nine"})


def test_a_question_keeps_at_least_two_choices(admin_user):
    question = ChoiceQuestionFactory(choices=["c1", "c2"])
    with pytest.raises(Refused, match="at least two choices"):
        services.remove_choice(question, "c1", by=admin_user)
    question.refresh_from_db()
    assert question.choices == ["c1", "c2"]


def test_once_applications_exist_a_choice_is_not_removed_but_new_ones_may_be_added(admin_user):
    question = ChoiceQuestionFactory()
    ApplicationFactory(rfp=question.rfp)
    with pytest.raises(Refused, match="relabelled, not removed"):
        services.remove_choice(question, "c2", by=admin_user)
    services.update_question(question, by=admin_user, language="en", new_choices=["Huge"])
    services.move_choice(question, "c4", "up", by=admin_user)
    question.refresh_from_db()
    assert question.choices == ["c1", "c2", "c4", "c3"]


# Publication ---------------------------------------------------------------------------------


def test_publishing_refuses_a_language_lacking_a_label_for_a_live_choice_naming_question_and_language(admin_user):
    question = ChoiceQuestionFactory(key="team_size")
    rfp = question.rfp
    RFP.objects.filter(pk=rfp.pk).update(languages=["en", "ar"], texts={"en": {"title": "C"}, "ar": {"title": "د"}})
    rfp.refresh_from_db()
    question.texts["ar"] = {"label": "الحجم", "choices": {"c1": "صغير", "c2": "متوسط"}}  # c3 has none
    question.save()
    with pytest.raises(services.PublishError) as refused:
        services.publish(rfp, by=admin_user)
    assert refused.value.problems == ["In Arabic, some choices of these questions have no label: team_size."]
    services.update_question(question, by=admin_user, language="ar", choice_labels={"c3": "كبير"})
    services.publish(rfp, by=admin_user)
    assert RFP.objects.get(pk=rfp.pk).status == RFP.Status.PUBLISHED


def test_a_removed_choice_needs_no_label(admin_user):
    question = ChoiceQuestionFactory()
    question.texts["en"]["choices"].pop("c3")
    question.save()
    assert services.publication_problems(question.rfp, form_of(question.rfp)) == [
        f"In English, some choices of these questions have no label: {question.key}."
    ]
    services.remove_choice(question, "c3", by=admin_user)
    assert services.publication_problems(question.rfp, form_of(question.rfp)) == []


# In the builder, without JavaScript ----------------------------------------------------------


def test_staff_relabel_add_and_reorder_choices_in_one_form_and_nothing_typed_is_lost(admin_user):
    question = ChoiceQuestionFactory()
    client = logged_in(admin_user)
    data = posted(question, choice_c2="Middle", new_choices="Huge\n", choice_action="up:c3")
    response = client.post(edit_url(question), data)
    assert response.headers["Location"] == edit_url(question) + "#choice-c3"
    question.refresh_from_db()
    assert question.choices == ["c1", "c3", "c2", "c4"]
    assert question.texts["en"]["choices"] == {"c1": "Small", "c2": "Middle", "c3": "Large", "c4": "Huge"}


def test_an_invalid_form_moves_nothing_and_keeps_what_was_typed(admin_user):
    question = ChoiceQuestionFactory()
    data = posted(question, choice_c1="", choice_c2="Middle", choice_action="down:c1")
    response = logged_in(admin_user).post(edit_url(question), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"choice_c1": ["This field is required."]}
    assert b'value="Middle"' in response.content
    question.refresh_from_db()
    assert question.choices == ["c1", "c2", "c3"]


def test_removing_a_choice_saves_first_then_asks_on_a_page_of_its_own(admin_user):
    question = ChoiceQuestionFactory()
    client = logged_in(admin_user)
    response = client.post(edit_url(question), posted(question, choice_c1="Tiny", choice_action="remove:c2"))
    confirm = reverse("grants:remove-choice", args=[question.rfp.pk, question.pk, "c2"]) + "?language=en"
    assert response.headers["Location"] == confirm
    question.refresh_from_db()
    assert question.texts["en"]["choices"]["c1"] == "Tiny" and question.choices == ["c1", "c2", "c3"]
    page = client.get(confirm)
    assert "Remove the choice “Medium”?" in page.content.decode()
    response = client.post(confirm)
    assert response.headers["Location"] == edit_url(question)
    question.refresh_from_db()
    assert question.choices == ["c1", "c3"]


def test_a_choice_that_may_not_be_removed_shows_why_and_offers_no_button(admin_user):
    question = ChoiceQuestionFactory()
    ApplicationFactory(rfp=question.rfp)
    client = logged_in(admin_user)
    content = client.get(edit_url(question)).content.decode()
    assert "a choice can be relabelled, not removed" in content
    assert 'value="remove:' not in content
    confirm = reverse("grants:remove-choice", args=[question.rfp.pk, question.pk, "c2"])
    page = client.get(confirm).content.decode()
    assert "a choice can be relabelled, not removed" in page and "Remove the choice</button>" not in page
    client.post(confirm)
    question.refresh_from_db()
    assert question.choices == ["c1", "c2", "c3"]


def test_a_translator_sees_each_choice_in_the_default_language_beside_its_field(admin_user):
    question = ChoiceQuestionFactory()
    content = logged_in(admin_user).get(edit_url(question, "ar")).content.decode()
    assert "In the default language: Medium" in content
    assert 'name="choice_c2"' in content and 'lang="ar" dir="rtl"' in content


def test_an_unknown_choice_action_is_a_404(admin_user):
    question = ChoiceQuestionFactory()
    response = logged_in(admin_user).post(edit_url(question), posted(question, choice_action="up:c9"))
    assert response.status_code == 404


# The migration from positions ----------------------------------------------------------------


def test_positional_choices_become_keys_and_every_language_keeps_its_labels(db):
    question = ChoiceQuestionFactory(
        choices=[],
        texts={
            "en": {"label": "Size", "choices": ["Small", "Large"]},
            "ar": {"label": "الحجم", "choices": ["صغير", "كبير", "ضخم"]},
        },
    )
    plain = ChoiceQuestionFactory(type=Question.Type.SHORT_TEXT, choices=[], texts={"en": {"label": "Name"}})
    convert.to_keys(apps, None)
    question.refresh_from_db()
    plain.refresh_from_db()
    assert question.choices == ["c1", "c2", "c3"]
    assert question.texts["en"]["choices"] == {"c1": "Small", "c2": "Large"}
    assert question.texts["ar"]["choices"] == {"c1": "صغير", "c2": "كبير", "c3": "ضخم"}
    assert (plain.choices, plain.texts) == ([], {"en": {"label": "Name"}})
    convert.to_positions(apps, None)
    question.refresh_from_db()
    assert question.texts["ar"]["choices"] == ["صغير", "كبير", "ضخم"]


def test_the_question_page_costs_the_same_queries_for_2_and_40_choices(admin_user):
    client = logged_in(admin_user)
    counts = []
    for count in (2, 40):
        keys = [f"c{number}" for number in range(1, count + 1)]
        question = ChoiceQuestionFactory(
            choices=keys, texts={"en": {"label": "Which?", "choices": {key: key.upper() for key in keys}}}
        )
        client.get(edit_url(question))  # the session's first-visit writes
        with CaptureQueriesContext(connection) as queries:
            assert client.get(edit_url(question)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
