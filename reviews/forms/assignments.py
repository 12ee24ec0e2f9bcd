"""Staff's forms for a call's reviewers, assignments and review round. A due date is a day,
kept as the end of that day in the call's time zone (services.assignments.due_instant)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.times import utc_to_local

from ..models import ReviewRound

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def account_label(user) -> str:
    """Staff pages: the name and the address, so two people of the same name are told apart."""
    if user.name and user.email:
        return f"{user.name} <{user.email}>"
    return user.name or user.email or f"#{user.pk}"


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return account_label(obj)


class AccountsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return account_label(obj)


def due_date_field(rfp):
    return forms.DateField(
        label=_("Due date"),
        widget=DATE,
        required=False,  # the service says what is missing, beside the field
        help_text=_("Due at the end of that day in the call's time zone (%(zone)s).") % {"zone": rfp.time_zone},
    )


def due_date_of(assignment, rfp):
    local = utc_to_local(assignment.due_at, rfp.time_zone)
    return local.date() if local else None


class AttachReviewerForm(forms.Form):
    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"] = AccountChoiceField(
            label=_("Account"), queryset=accounts, empty_label=_("Choose an account"), required=False
        )


class ExclusionsForm(forms.Form):
    excluded_countries = forms.MultipleChoiceField(
        label=_("Countries excluded"),
        choices=list(countries),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Applications from these countries are never assigned to this reviewer."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["excluded_organisations"] = forms.ModelMultipleChoiceField(
            label=_("Organisations excluded"),
            queryset=organisations,
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 8}),
            help_text=_("Among the organisations that applied to this call."),
        )


class AssignForm(forms.Form):
    def __init__(self, *args, rfp, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"] = AccountChoiceField(
            label=_("Reviewer"), queryset=reviewers, empty_label=_("Choose a reviewer"), required=False
        )
        self.fields["due_date"] = due_date_field(rfp)


class DueDateForm(forms.Form):
    def __init__(self, *args, rfp, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"] = due_date_field(rfp)


class AutoAssignForm(forms.Form):
    def __init__(self, *args, rfp, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"] = AccountsChoiceField(
            label=_("Reviewers to assign"),
            queryset=reviewers,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Each application gets %(count)d, counting those it has; the loads are kept even.")
            % {"count": rfp.reviewers_per_application},
        )
        self.fields["due_date"] = due_date_field(rfp)
        self.initial.setdefault("reviewers", [user.pk for user in reviewers])

    @property
    def reviewer_ids(self) -> list[int]:
        return [user.pk for user in self.cleaned_data.get("reviewers") or []]


class AccessDaysForm(forms.ModelForm):
    class Meta:
        model = ReviewRound
        fields = ["access_days"]
