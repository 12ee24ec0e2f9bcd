"""Static files answer with the pages' security headers and grant no other site access, as the
test settings serve them (from the apps' folders) and as production does (collected under
hashed names, read once at start-up). Production also compresses them, which takes half a
minute here and changes no header, so the collected files are not compressed."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

from .test_security_headers import assert_security_headers

STATIC_FILES = ["css/portal.css", "js/quick-exit.js", "img/favicon.svg", "bootstrap/css/bootstrap.min.css"]


def assert_static_headers(response) -> None:
    assert response.status_code == 200
    assert_security_headers(response, signed_in=False)
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("name", STATIC_FILES)
def test_a_static_file_has_the_pages_security_headers_and_no_cross_origin_grant(name, client):
    assert_static_headers(client.get(staticfiles_storage.url(name)))


def production_settings(static_root) -> override_settings:
    return override_settings(
        STATIC_ROOT=static_root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
        },
        WHITENOISE_AUTOREFRESH=False,
        WHITENOISE_USE_FINDERS=False,
    )


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with production_settings(root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production(collected):
    with production_settings(collected):
        yield


@pytest.mark.parametrize("name", STATIC_FILES)
def test_under_production_settings_too(name, production):
    url = staticfiles_storage.url(name)
    assert url != f"/static/{name}"  # the hashed name, served from STATIC_ROOT
    response = Client().get(url)
    assert_static_headers(response)
    assert "immutable" in response.headers["Cache-Control"]
