import zoneinfo

from allauth.account.forms import AddEmailForm, PasswordField
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import lockouts
from .models import Organisation, User
from .roles import Role


class SignupForm(AllauthSignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth hides its honeypot with an inline style, which our Content-Security-Policy
        # blocks; a class from our own stylesheet hides it instead.
        honeypot = self.fields[settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD]
        honeypot.label = _("Leave this field empty")
        honeypot.widget.attrs = {"tabindex": "-1", "autocomplete": "off"}


class LoginForm(AllauthLoginForm):
    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if any(getattr(item, "code", None) == "too_many_login_attempts" for item in error.error_list):
                lockouts.record(self.cleaned_data.get("login", ""))
            raise


class ChangeEmailForm(AddEmailForm):
    """Changing the address asks for the password again, however recently the user signed in:
    whoever holds the address can reset the password."""

    password = PasswordField(label=_("Your password"), autocomplete="current-password")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("New email address")

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."), code="wrong_password")
        return password


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.ModelForm):
    time_zone = forms.TypedChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = User
        fields = ["name", "language", "time_zone", "notification_choice"]
        help_texts = {
            "name": _("How we address you. You may use a name other than your legal one."),
            "time_zone": _("Deadlines are shown in this time zone and in UTC."),
            "notification_choice": _(
                "Emails only say that there is a new message, never what it is about. Codes to verify "
                "your address or reset your password are always sent by email."
            ),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "notification_choice": forms.RadioSelect,
        }


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "country", "kind", "registration_number"]
        labels = {"country": _("Country where you mainly work")}
        help_texts = {
            "kind": _("An informal group or network can apply just as a registered organisation can."),
            "registration_number": _(
                "Optional. Leave it empty if your group is not registered: many cannot register where they work."
            ),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "country": forms.Select(attrs={"autocomplete": "off"}),
            "kind": forms.RadioSelect,
            "registration_number": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No pre-selected radio button: the choice is the applicant's to make.
        self.fields["kind"].choices = Organisation.Kind.choices
        country = self.fields["country"]
        country.choices = [("", _("Choose a country")), *[choice for choice in country.choices if choice[0]]]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Also send the code to this email address (optional)"),
        required=False,
        help_text=_(
            "The email gives only the code and says someone invited them: it does not name your organisation. "
            "Leave this empty to pass the code on yourself, outside email."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        help_text=_("The code someone in the organisation gave you, for example ABCD-EFGH-JKLM."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class ConfirmForm(forms.Form):
    """A confirmation page's form: nothing to fill in, but a place for a refusal's reason."""


class HandOverForm(forms.Form):
    STEP_DOWN, STAY = "step_down", "stay"
    choice = forms.ChoiceField(
        label=_("And you?"),
        choices=[
            (STEP_DOWN, _("Hand over: I become a member")),
            (STAY, _("Share: I stay an owner too")),
        ],
        widget=forms.RadioSelect,
        initial=STEP_DOWN,
    )

    @property
    def step_down(self) -> bool:
        return self.cleaned_data["choice"] == self.STEP_DOWN


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Email address or name"), required=False, max_length=150)


class RolesForm(forms.Form):
    roles = forms.TypedMultipleChoiceField(
        label=_("Roles"),
        required=False,
        coerce=Role,
        choices=[(role.value, role.label) for role in (Role.REVIEWER, Role.PROGRAM_STAFF, Role.ADMIN)],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Every account can apply for grants. These roles add to that; each needs two-factor authentication."
        ),
    )
