from django.conf import settings


def portal(request):
    return {
        "PORTAL_PUBLIC_NAME": settings.PORTAL_PUBLIC_NAME,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
    }
