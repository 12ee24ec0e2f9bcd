"""What the builder's pages share: the call being edited, scoped to who asks, and the language
whose texts are being edited."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation

from ..models import RFP
from ..selectors import rfps_run_by

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def rfp_for(request, pk: int) -> RFP:
    """A call the user runs (every call for admins); anything else is a 404."""
    return get_object_or_404(rfps_run_by(request.user), pk=pk)


def edited_language(request, rfp: RFP) -> str:
    """The language being edited (?language=fr), by default the call's default language."""
    language = request.GET.get("language") or rfp.default_language
    if language not in LANGUAGE_NAMES:
        raise Http404
    return language


def is_bidi(language: str) -> bool:
    return translation.get_language_info(language)["bidi"]


def language_context(rfp: RFP, language: str) -> dict:
    return {
        "language": language,
        "language_name": LANGUAGE_NAMES[language],
        "language_bidi": is_bidi(language),
        "is_default_language": language == rfp.default_language,
        "languages": [
            {"code": code, "name": name, "published": code in rfp.languages} for code, name in settings.LANGUAGES
        ],
    }


def with_language(url: str, language: str) -> str:
    return f"{url}?language={language}"


def direction(request) -> str:
    value = request.POST.get("direction")
    if value not in ("up", "down"):
        raise Http404
    return value
