from django.conf import settings

from .languages import public_name


def portal(request):
    name, language = public_name()
    return {
        "PORTAL_PUBLIC_NAME": name,
        "PORTAL_PUBLIC_NAME_LANGUAGE": language,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
    }
