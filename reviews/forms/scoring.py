"""The reviewer's forms: one criterion (its score as radio buttons, its comment) and the overall
part. Like the applying forms, they never drop what was sent: the service keeps it and says
what is wrong, and the form only shows those problems beside the fields."""

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from ..models import Criterion, Review

TEXT_ATTRS = {"rows": 5, "autocomplete": "off"}


class ProblemsForm(forms.Form):
    """A form whose errors are the problems a service returned, never its own validation."""

    def __init__(self, *args, problems=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = dict(problems or {})

    def full_clean(self):
        self._errors = ErrorDict()
        self.cleaned_data = {}
        for key, message in self.problems.items():
            if key in self.fields:
                self.add_error(key, message)

    def typed(self) -> dict:
        return {name: self[name].data or "" for name in self.fields}


def point_choices(criterion: Criterion, labels: dict) -> list[tuple[str, str]]:
    choices = []
    for point in range(criterion.scale_min, criterion.scale_max + 1):
        label = labels.get(str(point), "")
        choices.append((str(point), f"{point}: {label}" if label else str(point)))
    return choices


class CriterionForm(ProblemsForm):
    value = forms.ChoiceField(label=_("Score"), widget=forms.RadioSelect, required=False)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs=TEXT_ATTRS), required=False)

    def __init__(self, criterion: Criterion, text: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = point_choices(criterion, text.get("labels") or {})
        self.fields["value"].label = _("Score from %(low)s to %(high)s") % {
            "low": criterion.scale_min,
            "high": criterion.scale_max,
        }
        if criterion.comment_required:
            self.fields["comment"].label = _("Comment (required before you submit)")
        else:
            self.fields["comment"].label = _("Comment (optional)")


class OverallForm(ProblemsForm):
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        widget=forms.RadioSelect,
        choices=Review.Recommendation.choices,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comments for staff"),
        help_text=_("Read by the call's staff only; never shown to the applicant or to other reviewers."),
        widget=forms.Textarea(attrs=TEXT_ATTRS),
        required=False,
    )
    feedback = forms.CharField(
        label=_("Feedback for the applicant (optional)"),
        help_text=_("Shown to the applicant only if staff release it, without your name."),
        widget=forms.Textarea(attrs=TEXT_ATTRS),
        required=False,
    )
