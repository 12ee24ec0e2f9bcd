"""Full-text search of submitted applications on PostgreSQL: each in its own language's
configuration (an Arabic word found with its prefixes, a French word by its plural), websearch
syntax, and never a sensitive answer."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from grants.models import Application
from grants.search import matching, searchable_text

from .more_information import reopen_and_resubmit, run_by
from .submitted import ANSWERS_AR, ANSWERS_EN, copy_call, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def rfp(postgres, program_staff):
    return copy_call(staff=[program_staff])


def found(rfp, words: str) -> set[str]:
    return set(matching(Application.objects.filter(rfp=rfp), words).values_list("title", flat=True))


def test_an_arabic_word_is_found_with_its_prefixes(rfp):
    # PostgreSQL's Arabic stemmer takes "وللمدافعين" (and for the defenders) and "المدافعون"
    # (the defenders) to "مدافع"; "والمدافعين" it leaves as "والمدافع", so its و is indexed apart.
    for title in ("دعم وللمدافعين", "حماية المدافعون", "منحة والمدافعين", "تدريب الصحفيين"):
        submitted_application(rfp, language="ar", answers={**ANSWERS_AR, "title": title}, files=False)
    defenders = {"دعم وللمدافعين", "حماية المدافعون", "منحة والمدافعين"}
    assert found(rfp, "مدافع") == defenders
    assert found(rfp, "المدافعين") == defenders
    assert found(rfp, "ومدافعين") == defenders


def test_a_french_word_is_found_by_its_plural_and_the_singular_by_the_plural(rfp):
    submitted_application(rfp, language="fr", answers={**ANSWERS_EN, "title": "Maisons sûres pour journalistes"})
    submitted_application(rfp, language="fr", answers={**ANSWERS_EN, "title": "Une avocate en danger"}, files=False)
    assert found(rfp, "journaliste") == {"Maisons sûres pour journalistes"}
    assert found(rfp, "avocates") == {"Une avocate en danger"}


def test_each_row_is_searched_in_its_own_language(rfp):
    submitted_application(rfp, language="es", answers={**ANSWERS_EN, "title": "Defensoras comunitarias"}, files=False)
    submitted_application(rfp, language="en", answers={**ANSWERS_EN, "title": "Community defenders"}, files=False)
    assert found(rfp, "defensora") == {"Defensoras comunitarias"}
    assert found(rfp, "defender") == {"Community defenders"}


def test_a_sensitive_answer_is_never_indexed_nor_found(rfp):
    answers = {**ANSWERS_EN, "title": "Legal aid", "story": "Followed by the intelligence agency"}
    application = submitted_application(rfp, answers=answers, files=False)
    assert "intelligence" not in searchable_text(application)
    assert found(rfp, "intelligence") == set()
    assert found(rfp, "legal") == {"Legal aid"}


def test_choice_answers_are_found_by_their_label_in_the_applications_language(rfp):
    submitted_application(rfp, language="ar", answers={**ANSWERS_AR, "title": "منحة", "focus": "c2"}, files=False)
    submitted_application(rfp, answers={**ANSWERS_EN, "title": "Grant", "groups": ["c3"]}, files=False)
    assert found(rfp, "الأمن") == {"منحة"}
    assert found(rfp, "lawyers") == {"Grant"}
    assert found(rfp, "Kenya") == {"Grant"}  # the country question, by name


def test_websearch_syntax_phrases_exclusions_and_or(rfp):
    for title in ("Safe houses for reporters", "Houses that are safe", "Safe travel for lawyers"):
        submitted_application(rfp, answers={**ANSWERS_EN, "title": title}, files=False)
    assert found(rfp, '"safe houses"') == {"Safe houses for reporters"}
    assert found(rfp, "safe -travel") == {"Safe houses for reporters", "Houses that are safe"}
    assert found(rfp, "travel or reporter") == {"Safe houses for reporters", "Safe travel for lawyers"}
    assert found(rfp, '"unbalanced quote -') == set()  # never an error, whatever is typed


def test_the_rebuild_command_builds_the_vectors_of_rows_submitted_before_they_existed(rfp):
    application = submitted_application(rfp, answers={**ANSWERS_EN, "title": "Radio programmes"}, files=False)
    Application.objects.filter(pk=application.pk).update(search_vector=None)
    assert found(rfp, "programme") == set()
    call_command("rebuild_search_vectors", stdout=StringIO())
    assert found(rfp, "programme") == {"Radio programmes"}


def test_the_table_searches_as_staff_type_it(rfp, program_staff):
    submitted_application(rfp, answers={**ANSWERS_EN, "title": "Safe houses for reporters"}, files=False)
    submitted_application(rfp, answers={**ANSWERS_EN, "title": "Radio programmes"}, files=False)
    client = Client()
    client.force_login(program_staff)
    response = client.get(reverse("grants:staff-applications", args=[rfp.pk]), {"q": "reporter"})
    assert [application.title for application in response.context["page_obj"]] == ["Safe houses for reporters"]


@pytest.mark.sqlite
def test_without_postgresql_the_title_and_plain_answers_are_searched_with_icontains(db):
    rfp = copy_call()
    answers = {**ANSWERS_EN, "title": "Legal aid", "story": "Followed by the intelligence agency"}
    submitted_application(rfp, language="ar", answers={**ANSWERS_AR, "title": "دعم المدافعين"}, files=False)
    submitted_application(rfp, answers=answers, files=False)
    assert found(rfp, "legal") == {"Legal aid"}
    assert found(rfp, "المدافعين") == {"دعم المدافعين"}
    assert found(rfp, "Lawyers") == {"Legal aid"}  # a choice answer, by its label
    assert found(rfp, "intelligence") == set()


def test_a_resubmission_is_searched_by_its_new_answers(postgres, program_staff):
    application, project, _documents = run_by(program_staff, answers={**ANSWERS_EN, "title": "Radio programmes"})
    reopen_and_resubmit(application, project, program_staff, "Podcasts for reporters")
    assert found(application.rfp, "podcast") == {"Podcasts for reporters"}
    assert found(application.rfp, "radio") == set()
