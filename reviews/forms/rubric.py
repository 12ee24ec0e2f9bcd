"""A criterion of a call's rubric: its settings, and its texts in every language the call is
published in, on one page. The form returns plain values for services/rubric.py; what the
rules freeze is shown disabled, its reason as its help text."""

import re
from decimal import Decimal

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from grants.forms import typed_in
from grants.models import RFP

from ..models import Criterion
from ..services.rubric import TEXT_LIMITS, language_name, missing_name_message, rubric_languages

# The forms offer short scales: reviewers score more consistently on few points.
FORM_SCALE_MAX = 10
LABEL_LINE = re.compile(r"^(\d+)\s*[:\uff1a]\s*(.*)$")  # the colon, or its full-width form
TEXT_FIELDS = ("name", "guidance", "labels")
SETTINGS = ("weight", "scale_min", "scale_max", "comment_required")


def labels_as_lines(labels: dict) -> str:
    return "\n".join(f"{point}: {labels[point]}" for point in sorted(labels, key=int))


def parse_labels(text: str) -> dict[str, str]:
    """{"0": "not at all", ...} from lines such as "0: not at all"; empty lines are skipped."""
    labels = {}
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        match = LABEL_LINE.match(line)
        if match is None or not match.group(2).strip():
            raise forms.ValidationError(
                _("Write each label on its own line: the point, a colon and the label, e.g. “0: not at all”.")
            )
        point = str(int(match.group(1)))
        if point in labels:
            raise forms.ValidationError(_("The point %(point)s has two labels.") % {"point": point})
        if len(match.group(2).strip()) > TEXT_LIMITS["label"]:
            raise forms.ValidationError(
                _("Each label has at most %(limit)d characters.") % {"limit": TEXT_LIMITS["label"]}
            )
        labels[point] = match.group(2).strip()
    return labels


def scale_max_field(limit: int) -> forms.IntegerField:
    return forms.IntegerField(label=_("Highest score"), min_value=1, max_value=limit, initial=5)


class CriterionForm(forms.Form):
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        initial=Decimal(1),
        help_text=_("How much the criterion counts beside the others: a weight of 2 counts twice as much as 1."),
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    scale_min = forms.TypedChoiceField(label=_("Lowest score"), choices=[(0, "0"), (1, "1")], coerce=int, initial=0)
    scale_max = scale_max_field(FORM_SCALE_MAX)
    comment_required = forms.BooleanField(
        label=_("A comment is required"),
        required=False,
        help_text=_("Reviewers cannot submit without explaining the score they give."),
    )

    def __init__(self, *args, rfp: RFP, criterion: Criterion | None = None, frozen: dict | None = None, **kwargs):
        self.languages = rubric_languages(rfp)
        if criterion is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(criterion)
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        if criterion is not None and criterion.scale_max > FORM_SCALE_MAX:
            # A longer scale set before stays valid; the form only offers short new ones.
            self.fields["scale_max"] = scale_max_field(criterion.scale_max)
        for language in self.languages:
            self._add_text_fields(language)
        for name, reason in (frozen or {}).items():
            self.fields[name].disabled = True
            self.fields[name].help_text = reason

    def _add_text_fields(self, language: str) -> None:
        name = language_name(language)
        self.fields[f"name_{language}"] = forms.CharField(
            label=_("Name in %(language)s") % {"language": name},
            max_length=TEXT_LIMITS["name"],
            error_messages={"required": missing_name_message(language)},
            widget=forms.TextInput(attrs={"autocomplete": "off"}),
        )
        self.fields[f"guidance_{language}"] = forms.CharField(
            label=_("Guidance in %(language)s") % {"language": name},
            required=False,
            max_length=TEXT_LIMITS["guidance"],
            help_text=_("What reviewers should look for, shown beside the score."),
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields[f"labels_{language}"] = forms.CharField(
            label=_("Labels of the points in %(language)s") % {"language": name},
            required=False,
            help_text=_("Optional. One per line: the point, a colon and its label, e.g. “0: not at all”."),
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        typed_in(
            self,
            [f"{field}_{language}" for field in TEXT_FIELDS],
            language,
            translation.get_language_info(language)["bidi"],
        )

    @property
    def language_fieldsets(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(code, name, its fields) per language, the default first."""
        return [
            (language, language_name(language), [self[f"{field}_{language}"] for field in TEXT_FIELDS])
            for language in self.languages
        ]

    def clean(self):
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("The highest score must be above the lowest."))
            low = high = None
        for language in self.languages:
            field = f"labels_{language}"
            if field not in data:
                continue
            try:
                labels = parse_labels(data[field])
            except forms.ValidationError as error:
                self.add_error(field, error)
                continue
            off_scale = [point for point in labels if None not in (low, high) and not low <= int(point) <= high]
            if off_scale:
                self.add_error(
                    field,
                    _("%(point)s is not a point of the scale from %(low)d to %(high)d.")
                    % {"point": off_scale[0], "low": low, "high": high},
                )
            data[field] = labels
        return data

    def texts(self) -> dict:
        """The texts typed, and those kept in languages the call is no longer published in."""
        kept = dict(self.criterion.texts) if self.criterion is not None else {}
        return kept | {
            language: {
                "name": self.cleaned_data.get(f"name_{language}", ""),
                "guidance": self.cleaned_data.get(f"guidance_{language}", ""),
                "labels": self.cleaned_data.get(f"labels_{language}") or {},
            }
            for language in self.languages
        }

    def values(self) -> dict:
        return {field: self.cleaned_data[field] for field in SETTINGS}

    @staticmethod
    def initial_for(criterion: Criterion) -> dict:
        initial = {field: getattr(criterion, field) for field in SETTINGS}
        for language, texts in criterion.texts.items():
            initial[f"name_{language}"] = texts.get("name", "")
            initial[f"guidance_{language}"] = texts.get("guidance", "")
            initial[f"labels_{language}"] = labels_as_lines(texts.get("labels") or {})
        return initial
