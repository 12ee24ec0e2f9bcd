"""Every text staff type reaches a page escaped, or through the one sanitised Markdown path,
and has a length limit: a help text cannot send a browser elsewhere, and no text can slow the
public pages."""

import pytest
from django.test import Client
from django.urls import reverse

from grants import services
from grants.models import Question
from grants.texts import TEXT_LIMITS
from tests.factories import ChoiceQuestionFactory, QuestionFactory, RFPFactory, SectionFactory

PLANTED = '<meta http-equiv="refresh" content="0;url=https://outside.example/"><a href="https://outside.example/">x</a>'


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_a_help_text_with_html_is_shown_as_text_in_the_preview_in_every_language(language, admin_user):
    rfp = RFPFactory(
        languages=["en", "fr", "es", "ar"], texts={code: {"title": "Call"} for code in ("en", "fr", "es", "ar")}
    )
    section = SectionFactory(rfp=rfp, texts={language: {"title": "S", "intro": PLANTED}})
    for kind in Question.Type:
        keyed = kind in Question.CHOICE_TYPES
        QuestionFactory(
            section=section,
            key=kind.value,
            type=kind,
            word_limit=100 if kind == Question.Type.LONG_TEXT else None,
            choices=["c1", "c2"] if keyed else [],
            texts={
                language: {
                    "label": PLANTED,
                    "help": PLANTED,
                    **({"choices": {"c1": PLANTED, "c2": "b"}} if keyed else {}),
                }
            },
        )
    content = logged_in(admin_user).get(reverse("grants:preview", args=[rfp.pk]) + f"?language={language}").content
    content = content.decode()
    assert "<meta http-equiv" not in content.split("</head>")[1]
    assert 'href="https://outside.example/"' not in content
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in content


def test_the_printable_questions_show_planted_html_as_text(client):
    question = ChoiceQuestionFactory(section__rfp=RFPFactory(status="published"))
    question.texts["en"].update(label=PLANTED, help=PLANTED)
    question.texts["en"]["choices"]["c1"] = PLANTED
    question.save()
    content = client.get(reverse("calls:questions", args=[question.rfp.pk])).content.decode()
    assert "<meta http-equiv" not in content.split("</head>")[1]
    assert 'href="https://outside.example/"' not in content


@pytest.mark.parametrize(
    ("url_name", "field", "limit"),
    [
        ("grants:rfp-texts", "description", TEXT_LIMITS["description"]),
        ("grants:rfp-texts", "eligibility", TEXT_LIMITS["eligibility"]),
        ("grants:add-section", "intro", TEXT_LIMITS["intro"]),
    ],
)
def test_a_text_over_its_limit_is_refused_next_to_the_field_and_kept_in_it(url_name, field, limit, admin_user):
    rfp = RFPFactory()
    data = {"title": "Call", field: "x" * (limit + 1)}
    response = logged_in(admin_user).post(reverse(url_name, args=[rfp.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(f"Ensure this value has at most {limit} characters")
    assert "x" * (limit + 1) in response.content.decode()


def test_the_services_refuse_an_overlong_text_whatever_calls_them(admin_user):
    rfp = RFPFactory()
    with pytest.raises(services.BuilderError) as refused:
        services.update_rfp_texts(rfp, "en", by=admin_user, title="Call", description="[" * 100_000)
    assert refused.value.field == "description"
    assert refused.value.message == "At most 20000 characters here (this text has 100000)."
    with pytest.raises(services.BuilderError) as refused:
        services.add_question(
            SectionFactory(rfp=rfp), by=admin_user, language="en", texts={"label": "A"}, choices=["ok", "y" * 201],
            type="single_choice",
        )  # fmt: skip
    assert refused.value.field == "choices"
