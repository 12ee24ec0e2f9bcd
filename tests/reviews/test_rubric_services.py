"""The rubric's services: criteria written in every language of the call, keys never given
twice, the order, and what a submitted review freezes."""

from decimal import Decimal

import pytest

from accounts.roles import Role
from audit.models import AuditEvent
from reviews.errors import ReviewError
from reviews.models import Criterion, Score
from reviews.services import rubric
from tests.factories import RFPFactory, UserFactory
from tests.grants.applying import published_call

from .factories import CriterionFactory, ReviewFactory, ScoreFactory

pytestmark = pytest.mark.django_db

FROZEN = "A review of this call has been submitted: its total was computed with this rubric."
SET_FROZEN = "A review of this call has been submitted: criteria can be reworded and reordered, not added or removed."


@pytest.fixture
def rfp(program_staff):
    return published_call(staff=[program_staff], languages=["en", "ar"])


def texts(name="Relevance", name_ar="الصلة", **english):
    return {"en": {"name": name, **english}, "ar": {"name": name_ar}}


def add(rfp, by, **values):
    settings = {"texts": texts(), "weight": Decimal(1), "scale_min": 0, "scale_max": 5} | values
    return rubric.add_criterion(rfp, by=by, **settings)


def update(criterion, by, **values):
    settings = {
        "texts": criterion.texts,
        "weight": criterion.weight,
        "scale_min": criterion.scale_min,
        "scale_max": criterion.scale_max,
        "comment_required": criterion.comment_required,
    } | values
    return rubric.update_criterion(criterion, by=by, **settings)


def submitted_review_of(rfp, criterion=None):
    review = ReviewFactory(assignment__application__rfp=rfp, submitted=True)
    if criterion is not None:
        ScoreFactory(review=review, criterion=criterion)
    return review


def test_a_criterion_is_added_at_the_end_with_its_texts_in_each_language_and_an_audit_event_of_ids(rfp, program_staff):
    first = add(rfp, program_staff, texts=texts(guidance="Fits the call", labels={"0": "Not at all", "5": "Fully"}))
    second = add(rfp, program_staff, texts=texts("Feasibility", "الجدوى"), weight=Decimal("2.5"), scale_min=1)
    assert (first.key, first.position, second.key, second.position) == ("c1", 0, "c2", 1)
    assert first.texts == {
        "en": {"name": "Relevance", "guidance": "Fits the call", "labels": {"0": "Not at all", "5": "Fully"}},
        "ar": {"name": "الصلة"},
    }
    assert (second.weight, second.scale_min, second.scale_max) == (Decimal("2.5"), 1, 5)
    event = AuditEvent.objects.filter(verb="criterion.added").order_by("pk").last()
    assert (event.actor, event.target_id, event.detail) == (program_staff, str(rfp.pk), {"criterion": second.pk})


def test_a_published_language_without_a_name_is_refused_on_its_field(rfp, program_staff):
    with pytest.raises(ReviewError) as refused:
        add(rfp, program_staff, texts={"en": {"name": "Relevance"}, "ar": {"name": "  "}})
    assert (refused.value.message, refused.value.field) == ("Give the criterion a name in Arabic.", "name_ar")
    with pytest.raises(ReviewError) as refused:
        add(rfp, program_staff, texts={"ar": {"name": "الصلة"}})
    assert (refused.value.message, refused.value.field) == ("Give the criterion a name in English.", "name_en")
    assert not Criterion.objects.exists()


def test_a_label_off_the_scale_and_a_text_over_its_limit_are_refused(rfp, program_staff):
    with pytest.raises(ReviewError) as refused:
        add(rfp, program_staff, scale_min=1, texts=texts(labels={"0": "Nothing"}))
    assert (refused.value.message, refused.value.field) == ("0 is not a point of the scale from 1 to 5.", "labels_en")
    with pytest.raises(ReviewError) as refused:
        add(rfp, program_staff, texts=texts(name="x" * 201))
    assert refused.value.message == "At most 200 characters here (this text has 201)."
    assert refused.value.field == "name_en"


@pytest.mark.parametrize(
    ("values", "message", "field"),
    [
        ({"scale_min": 2}, "The lowest score is 0 or 1.", "scale_min"),
        ({"scale_min": 1, "scale_max": 1}, "The highest score must be above the lowest.", "scale_max"),
        ({"scale_max": 101}, "The highest score is at most 100.", "scale_max"),
        (
            {"weight": Decimal(0)},
            "The weight is a number above 0 and at most 100, with two decimals at most.",
            "weight",
        ),
    ],
)
def test_a_scale_or_weight_out_of_bounds_is_refused(rfp, program_staff, values, message, field):
    with pytest.raises(ReviewError) as refused:
        add(rfp, program_staff, **values)
    assert (refused.value.message, refused.value.field) == (message, field)


def test_only_the_staff_who_run_the_call_change_its_rubric(rfp, reviewer):
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    RFPFactory(staff=[other_staff])
    for user in (other_staff, reviewer):
        with pytest.raises(ReviewError) as refused:
            add(rfp, user)
        assert refused.value.message == "Only the staff who run a call manage its reviews."
    admin = UserFactory(roles=[Role.ADMIN])
    assert add(rfp, admin).key == "c1"


def test_a_removed_criterions_key_is_never_given_again(rfp, program_staff):
    first, second = add(rfp, program_staff), add(rfp, program_staff)
    rubric.remove_criterion(second, by=program_staff)
    rubric.remove_criterion(first, by=program_staff)
    assert add(rfp, program_staff).key == "c3"
    CriterionFactory(rfp=rfp, key="c4")  # a key given by other means is not overwritten
    assert add(rfp, program_staff).key == "c5"


def test_removing_a_criterion_drops_the_draft_scores_given_to_it(rfp, program_staff):
    criterion = add(rfp, program_staff)
    ScoreFactory(criterion=criterion, review__assignment__application__rfp=rfp)
    rubric.remove_criterion(criterion, by=program_staff)
    assert not Criterion.objects.exists() and not Score.objects.exists()
    event = AuditEvent.objects.get(verb="criterion.removed")
    assert event.detail == {"criterion": criterion.pk, "draft_scores": 1}


def test_criteria_move_up_and_down_and_the_ends_stay_put(rfp, program_staff):
    first, _second, third = (add(rfp, program_staff) for _number in range(3))
    assert rubric.move_criterion(third, "up", by=program_staff) is True
    assert rubric.move_criterion(first, "up", by=program_staff) is False
    assert rubric.move_criterion(first, "down", by=program_staff) is True
    assert list(Criterion.objects.order_by("position").values_list("key", flat=True)) == ["c3", "c1", "c2"]
    assert AuditEvent.objects.filter(verb="criterion.moved").count() == 2


def test_an_update_saves_what_changed_and_says_whether_anything_did(rfp, program_staff):
    criterion = add(rfp, program_staff)
    assert update(criterion, program_staff) is False
    assert update(criterion, program_staff, weight=Decimal(3), comment_required=True) is True
    criterion.refresh_from_db()
    assert (criterion.weight, criterion.comment_required) == (Decimal(3), True)
    event = AuditEvent.objects.get(verb="criterion.changed")
    assert event.detail == {"criterion": criterion.pk, "fields": ["comment_required", "weight"]}


def test_once_a_review_is_submitted_weights_and_scales_are_frozen_and_texts_still_change(rfp, program_staff):
    criterion, other = add(rfp, program_staff), add(rfp, program_staff)
    submitted_review_of(rfp, criterion)
    for values in ({"weight": Decimal(2)}, {"scale_min": 1}, {"scale_max": 10}):
        with pytest.raises(ReviewError) as refused:
            update(criterion, program_staff, **values)
        assert (refused.value.message, refused.value.field) == (FROZEN, next(iter(values)))
    assert update(criterion, program_staff, texts=texts("Fit with the call")) is True
    criterion.refresh_from_db()
    assert criterion.texts["en"]["name"] == "Fit with the call"
    assert (criterion.weight, criterion.scale_min, criterion.scale_max) == (Decimal(1), 0, 5)
    assert rubric.move_criterion(other, "up", by=program_staff) is True
    assert list(Criterion.objects.order_by("position").values_list("key", flat=True)) == ["c2", "c1"]


def test_once_a_review_is_submitted_no_criterion_is_added_or_removed(rfp, program_staff):
    criterion = add(rfp, program_staff)
    submitted_review_of(rfp)
    with pytest.raises(ReviewError) as refused:
        add(rfp, program_staff)
    assert refused.value.message == SET_FROZEN
    with pytest.raises(ReviewError) as refused:
        rubric.remove_criterion(criterion, by=program_staff)
    assert refused.value.message == SET_FROZEN
    assert list(Criterion.objects.values_list("key", flat=True)) == ["c1"]


def test_a_draft_review_freezes_nothing(rfp, program_staff):
    criterion = add(rfp, program_staff)
    ReviewFactory(assignment__application__rfp=rfp)
    assert update(criterion, program_staff, scale_max=10) is True
    rubric.remove_criterion(criterion, by=program_staff)
    assert not Criterion.objects.exists()
