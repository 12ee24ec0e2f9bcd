"""A row is saved with the fields that changed, and only those."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.changes import apply_changes, changed_texts
from grants.models import RFP
from tests.factories import RFPFactory

FIELDS = ("currency", "budget", "blind_review")


def test_only_the_changed_fields_are_saved_and_named(db):
    rfp = RFPFactory(currency="USD", blind_review=False)
    with CaptureQueriesContext(connection) as queries:
        changed = apply_changes(rfp, {"currency": "EUR", "blind_review": False}, FIELDS)
    assert changed == ["currency"]
    [update] = [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]
    assert '"currency"' in update and '"blind_review"' not in update
    assert RFP.objects.get(pk=rfp.pk).currency == "EUR"


def test_nothing_changed_writes_nothing(db, django_assert_num_queries):
    rfp = RFPFactory(currency="USD")
    with django_assert_num_queries(0):
        assert apply_changes(rfp, {"currency": "USD"}, FIELDS) == []


def test_an_invalid_value_is_refused_before_saving(db):
    rfp = RFPFactory(currency="USD")
    with pytest.raises(ValidationError):
        apply_changes(rfp, {"currency": "dollars"}, FIELDS)
    assert RFP.objects.get(pk=rfp.pk).currency == "USD"


def test_an_unknown_field_is_a_programming_mistake(db):
    with pytest.raises(TypeError, match="status"):
        apply_changes(RFPFactory.build(), {"status": "published"}, FIELDS)


def test_texts_of_one_language_change_and_the_others_stay():
    texts = {"en": {"title": "Call", "summary": "", "choices": {"c1": "A"}}, "ar": {"title": "دعوة"}}
    after, changed = changed_texts(texts, "en", {"title": "Call", "summary": "Small grants"}, ("title", "summary"))
    assert changed == ["summary"]
    assert after == {
        "en": {"title": "Call", "summary": "Small grants", "choices": {"c1": "A"}},
        "ar": {"title": "دعوة"},
    }
    assert changed_texts(after, "en", {"title": "Call", "summary": "Small grants"}, ("title", "summary")) == (after, [])
    with pytest.raises(TypeError):
        changed_texts(texts, "en", {"colour": "red"}, ("title",))


def test_an_untouched_unique_field_costs_no_query(user_factory, django_assert_num_queries):
    user = user_factory()
    with django_assert_num_queries(1):  # the UPDATE alone: the address's uniqueness is not asked again
        assert apply_changes(user, {"name": "Amina"}, ("name", "email")) == ["name"]
