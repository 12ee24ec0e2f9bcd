"""Deciding on an application: the award form (amount, dates, up to four tranches and three
reporting duties, each a row whose blank rows are ignored; conditions, the letter's language and
letterhead, the rationale), the decline form, deciding on several at once, and reversing.

The service checks the rules and answers with every problem at once (DecisionError); `show`
puts each beside its field, numbered as the rows on the page, so nothing typed is lost."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import Decision, ReportRequirement
from ..services.decisions import TEXT_MAX, DecisionError, ReportRow, TrancheRow

TRANCHE_ROWS = 4
REPORT_ROWS = 3
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 3, "autocomplete": "off"}
MONEY = {"max_digits": 18, "decimal_places": 3}


def _text_field(label, help_text=""):
    return forms.CharField(
        label=label, required=False, max_length=TEXT_MAX, help_text=help_text, widget=forms.Textarea(attrs=TEXT)
    )


class DecisionErrors:
    """Puts a DecisionError's problems beside the fields they name; `renamed` maps a service
    field to this form's (rows are numbered as the service saw them, without the blank ones)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.renamed: dict[str, str] = {}

    def show(self, error: DecisionError) -> None:
        for field, message in error.problems:
            field = self.renamed.get(field, field)
            self.add_error(field if field in self.fields else None, message)


class AwardForm(DecisionErrors, forms.Form):
    amount = forms.DecimalField(label=_("Amount awarded"), **MONEY)
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE)
    conditions = _text_field(_("Conditions"), _("Written in the award letter."))
    language = forms.ChoiceField(label=_("Language of the letter"), choices=settings.LANGUAGES)
    neutral_letterhead = forms.BooleanField(
        label=_("Neutral letterhead"),
        required=False,
        initial=True,
        help_text=_("The letter names no funder: for recipients whom a named funder could put at risk."),
    )
    rationale = _text_field(_("Rationale"), _("For the call's staff; never sent to the applicant."))

    def __init__(self, *args, currency: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if currency:
            self.fields["amount"].label = _("Amount awarded (%(currency)s)") % {"currency": currency}
        report_choices = [("", _("No report"))] + [
            (str(number), _("Report %(number)d") % {"number": number}) for number in range(1, REPORT_ROWS + 1)
        ]
        for number in range(1, TRANCHE_ROWS + 1):
            self.fields[f"tranche_{number}_amount"] = forms.DecimalField(label=_("Amount"), required=False, **MONEY)
            self.fields[f"tranche_{number}_scheduled_on"] = forms.DateField(
                label=_("Scheduled"), required=False, widget=DATE
            )
            self.fields[f"tranche_{number}_requires_report"] = forms.ChoiceField(
                label=_("Paid once this report is accepted"), required=False, choices=report_choices
            )
        for number in range(1, REPORT_ROWS + 1):
            self.fields[f"report_{number}_kind"] = forms.ChoiceField(
                label=_("Kind"), choices=ReportRequirement.Kind.choices, initial=ReportRequirement.Kind.BOTH
            )
            self.fields[f"report_{number}_title"] = forms.CharField(label=_("Title"), required=False, max_length=200)
            self.fields[f"report_{number}_due_on"] = forms.DateField(label=_("Due"), required=False, widget=DATE)
        self.renamed["tranches"] = "tranche_1_amount"

    @property
    def tranche_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"tranche_{number}_{name}"] for name in ("amount", "scheduled_on", "requires_report")]
            for number in range(1, TRANCHE_ROWS + 1)
        ]

    @property
    def report_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"report_{number}_{name}"] for name in ("kind", "title", "due_on")]
            for number in range(1, REPORT_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        for number in range(1, TRANCHE_ROWS + 1):
            wanted = data.get(f"tranche_{number}_requires_report")
            if wanted and not self._report_given(data, int(wanted)):
                self.add_error(f"tranche_{number}_requires_report", _("That report row is empty."))
        return data

    @staticmethod
    def _report_given(data, number: int) -> bool:
        return bool(data.get(f"report_{number}_title") or data.get(f"report_{number}_due_on"))

    def terms(self) -> dict:
        """The service's keyword arguments, blank rows left out (and `renamed` set for them)."""
        data = self.cleaned_data
        reports, report_index = [], {}
        for number in range(1, REPORT_ROWS + 1):
            if self._report_given(data, number):
                report_index[number] = len(reports)
                kind, title, due_on = (data[f"report_{number}_{name}"] for name in ("kind", "title", "due_on"))
                reports.append(ReportRow(kind, title, due_on))
                for name in ("kind", "title", "due_on"):
                    self.renamed[f"report_{len(reports)}_{name}"] = f"report_{number}_{name}"
        tranches = []
        for number in range(1, TRANCHE_ROWS + 1):
            amount, scheduled_on = data.get(f"tranche_{number}_amount"), data.get(f"tranche_{number}_scheduled_on")
            if amount is None and scheduled_on is None:
                continue
            wanted = data.get(f"tranche_{number}_requires_report")
            tranches.append(TrancheRow(amount, scheduled_on, report_index[int(wanted)] if wanted else None))
            for name in ("amount", "scheduled_on", "requires_report"):
                self.renamed[f"tranche_{len(tranches)}_{name}"] = f"tranche_{number}_{name}"
        if tranches:
            self.renamed["tranches"] = self.renamed["tranche_1_amount"]
        return {
            "amount": data["amount"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "tranches": tranches,
            "reports": reports,
            "conditions": data["conditions"],
            "language": data["language"],
            "neutral_letterhead": data["neutral_letterhead"],
            "rationale": data["rationale"],
        }


class DeclineForm(DecisionErrors, forms.Form):
    message = _text_field(_("Message to the applicant"), _("Optional: the applicant reads it with the decision."))
    rationale = _text_field(_("Rationale"), _("For the call's staff; never sent to the applicant."))
    release_feedback = forms.BooleanField(
        label=_("Release the reviewers' feedback to the applicant"),
        required=False,
        help_text=_("The applicant reads it where they read feedback released before."),
    )

    def __init__(self, *args, releasable: bool = False, **kwargs):
        """`releasable`: some submitted review has feedback not released yet; else no tick box."""
        super().__init__(*args, **kwargs)
        if not releasable:
            del self.fields["release_feedback"]

    def terms(self) -> dict:
        return {
            "message": self.cleaned_data["message"],
            "rationale": self.cleaned_data["rationale"],
            "release_feedback": self.cleaned_data.get("release_feedback", False),
        }


class DecideManyForm(DecisionErrors, forms.Form):
    """The applications ticked in the ranking (shown ticked again, to untick), and one decision
    for them all: decline (one message to each), or award each the amount it asks."""

    applications = forms.MultipleChoiceField(label=_("Applications"), widget=forms.CheckboxSelectMultiple)
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.Outcome.DECLINE, _("Decline them all")),
            (Decision.Outcome.AWARD, _("Award each the amount it asks, for a year from the start")),
        ],
        widget=forms.RadioSelect,
    )
    starts_on = forms.DateField(
        label=_("Awards start"), required=False, widget=DATE, help_text=_("Today when left empty.")
    )
    message = _text_field(_("Message to each declined applicant"), _("Optional."))
    rationale = _text_field(_("Rationale"), _("For the call's staff; never sent to the applicants."))

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = choices
        self.fields["applications"].initial = [value for value, _label in choices]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Decision.Outcome.AWARD and data.get("message"):
            self.add_error("message", _("Awarded applicants get no message: leave it empty, or decline."))
        return data


class ReverseForm(DecisionErrors, forms.Form):
    reason = forms.CharField(
        label=_("Why the decision is reversed"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Kept with the decision and the cancelled award."),
    )
