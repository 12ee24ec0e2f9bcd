"""An award's letters: staff ask for a new version and download any; the grantee downloads the
versions of their own awards and accepts the one to accept by typing their full name. A letter
anyone else asks for is a 404. Downloads are saved under a neutral name ("letter-v2.pdf")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import attempt

from ..forms.letters import AcceptLetterForm
from ..models import Letter
from ..permissions import can_hold_awards, can_manage_awards
from ..selectors import award_run_by, letter_of_grantee, letter_run_by
from ..services.letters import accept_letter, letter_to_accept, request_letter
from ._staff import hub_url


def _back(request, award) -> str:
    """Back to the page the button was on, else to the award's staff page."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return hub_url(award)


@login_required
@require_POST
def render_again(request, public_id):
    award = award_run_by(request.user, public_id)
    if award is None or not can_manage_awards(request.user, award.rfp):
        raise Http404
    if attempt(request, request_letter, award, by=request.user):
        messages.success(request, _("A new version of the letter is being drawn."))
    return redirect(_back(request, award))


def download(letter: Letter) -> FileResponse:
    """The version's PDF (a file gone from the storage is a 404), to be saved, never shown here."""
    try:
        content = letter.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(
        content, as_attachment=True, filename=f"letter-v{letter.version}.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def staff_letter(request, public_id):
    letter = letter_run_by(request.user, public_id)
    if letter is None or not can_manage_awards(request.user, letter.award.rfp):
        raise Http404
    return download(letter)


@login_required
def grantee_letter(request, public_id):
    can_hold_awards(request.user).or_404()
    letter = letter_of_grantee(request.user, public_id)
    if letter is None:
        raise Http404
    return download(letter)


@login_required
def accept(request, public_id):
    can_hold_awards(request.user).or_404()
    letter = letter_of_grantee(request.user, public_id)
    if letter is None:
        raise Http404
    award = letter.award
    to_accept = letter_to_accept(award)
    form = AcceptLetterForm(initial={"sha256": letter.sha256}) if letter == to_accept else None
    if request.method == "POST":
        form = AcceptLetterForm(request.POST)
        if form.is_valid():
            # A version no longer to accept has no form on its page: its refusal goes above it.
            on = form if letter == to_accept else request
            data = form.cleaned_data
            done = attempt(
                on, accept_letter, letter, by=request.user, full_name=data["full_name"], sha256=data["sha256"]
            )
            if done:
                messages.success(request, _("You accepted the letter. Thank you."))
            if done or on is request:
                return redirect("awards:letter-accept", letter.public_id)
        # The name typed stays; the version to accept is the one shown now.
        form.data = form.data.copy()
        form.data["sha256"] = letter.sha256
    context = {"award": award, "letter": letter, "form": form if letter == to_accept else None, "to_accept": to_accept}
    return render(request, "awards/grantee/letter_accept.html", context)
