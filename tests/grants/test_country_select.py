"""An applicant's country question offers the world's countries in the page's language, with
the saved answer chosen, and every country question shares one set of options per language."""

import re

import pytest
from django.utils import translation

from grants.models import Question
from grants.preview import section_form
from tests.factories import QuestionFactory, RFPFactory, SectionFactory


@pytest.fixture
def section(db):
    rfp = RFPFactory(languages=["en", "fr"])
    section = SectionFactory(rfp=rfp)
    for key in ("where", "based"):
        QuestionFactory(section=section, key=key, type=Question.Type.COUNTRY, texts={"en": {"label": key}})
    return section


def rendered(section, language):
    form = section_form(section, language, section.rfp)
    with translation.override(language):
        return {name: str(form[name]) for name in ("where", "based")}


def test_the_saved_country_is_chosen_and_only_it(section):
    form = section_form(section, "en", section.rfp)
    form.initial = {"where": "SN", "based": "FR"}
    with translation.override("en"):
        where, based = str(form["where"]), str(form["based"])
    assert re.findall(r'<option value="(\w*)" selected>', where) == ["SN"]
    assert re.findall(r'<option value="(\w*)" selected>', based) == ["FR"]
    assert 'name="where"' in where and 'autocomplete="off"' in where


def test_the_countries_are_named_in_the_pages_language_for_every_question(section):
    english, french = rendered(section, "en"), rendered(section, "fr")
    assert ">Germany</option>" in english["where"] and ">Germany</option>" in english["based"]
    assert ">Allemagne</option>" in french["where"] and ">Allemagne</option>" in french["based"]
    assert ">Choose a country</option>" in english["where"]
    assert english["where"].count("<option") == english["based"].count("<option") > 240


def test_an_application_in_another_language_than_the_page_names_countries_in_its_own(section):
    rendered(section, "fr")  # its options are kept for French
    form = section_form(section, "fr", section.rfp)
    with translation.override("en"):  # a French application, read on an English page
        where = str(form["where"])
    assert ">Allemagne</option>" in where
    english = section_form(section, "en", section.rfp)
    with translation.override("fr"):
        assert ">Germany</option>" in str(english["where"])


def test_a_country_value_that_is_no_country_chooses_nothing(section):
    form = section_form(section, "en", section.rfp)
    form.initial = {"where": '"><script>'}
    with translation.override("en"):
        where = str(form["where"])
    assert " selected>" not in where
    assert "<script>" not in where
