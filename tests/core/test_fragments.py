"""{% include_shared %}: kept once per set of values and language, yet each page gets its own CSRF
token and per-request values, escaped, and a kept template never sees the page's context."""

import itertools
import re

import pytest
from django.middleware.csrf import get_token
from django.template import Context, Engine, TemplateSyntaxError
from django.template.context import make_context
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from core.templatetags import fragments

LIBRARIES = {"fragments": "core.templatetags.fragments"}


def engine(templates: dict[str, str]) -> Engine:
    return Engine(loaders=[("django.template.loaders.locmem.Loader", templates)], libraries=LIBRARIES)


def page(path: str = "/calls/?page=2"):
    request = RequestFactory().get(path)
    get_token(request)
    return request


CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def without_csrf_value(html: str) -> str:
    """The page less its token's value, which is masked afresh for each rendering."""
    return CSRF_VALUE.sub(r'\1"', html)


NAVIGATION_VALUES = ["authenticated", "may_build_calls", "reviewer", "can_manage_people", "admin_site"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_kept_navigation_is_the_one_a_plain_include_writes_for_every_role_and_flag(language):
    outer = get_template("includes/navigation.html").template.engine.from_string(
        "{% load fragments %}{% include_shared 'includes/navigation.html' authenticated=authenticated role=role "
        "may_build_calls=may_build_calls reviewer=reviewer can_manage_people=can_manage_people "
        "admin_site=admin_site unread=unread %}"
    )
    plain = get_template("includes/navigation.html")
    with translation.override(language):
        for flags in itertools.product([True, False], repeat=len(NAVIGATION_VALUES)):
            for role, unread in (("applicant", 0), ("program_staff", 3)):
                request = page()
                values = {**dict(zip(NAVIGATION_VALUES, flags, strict=True)), "role": role, "unread": unread}
                for _ in range(2):  # rendered, then kept
                    kept = outer.render(make_context(values, request))
                    assert without_csrf_value(kept) == without_csrf_value(plain.render(values, request))
                    assert ('name="csrfmiddlewaretoken"' in kept) == values["authenticated"]


def test_each_request_gets_its_own_csrf_token_and_next_address_escaped():
    switcher = get_template("includes/language_switcher.html")
    outer = switcher.template.engine.from_string(
        "{% load fragments %}{% include_shared 'includes/language_switcher.html' per_request next=next %}"
    )
    shown = []
    for path in ("/calls/?q=one", '/calls/?q="><script>alert(1)</script>'):
        request = page(path)
        html = outer.render(make_context({"next": request.get_full_path()}, request))
        assert without_csrf_value(html) == without_csrf_value(
            switcher.render({"next": request.get_full_path()}, request)
        )
        assert "<script>" not in html
        shown.append(CSRF_VALUE.search(html).group(0))
    assert shown[0] != shown[1]


def test_the_kept_template_sees_only_the_values_it_is_given():
    templates = {"kept/secret.html": "[{{ secret }}|{{ given }}]", "outer.html": ""}
    templates["outer.html"] = "{% load fragments %}{% include_shared 'kept/secret.html' given=given %}"
    html = engine(templates).get_template("outer.html").render(Context({"secret": "their address", "given": "ok"}))
    assert html == "[|ok]"


def test_values_are_kept_apart_and_a_lazy_one_is_read_as_its_value():
    templates = {"kept/count.html": "{{ unread }} {{ who }}"}
    templates["outer.html"] = "{% load fragments %}{% include_shared 'kept/count.html' unread=unread who=who %}"
    outer = engine(templates).get_template("outer.html")
    assert outer.render(Context({"unread": SimpleLazyObject(lambda: 4), "who": "a"})) == "4 a"
    assert outer.render(Context({"unread": 5, "who": "a"})) == "5 a"
    assert outer.render(Context({"unread": 4, "who": "b"})) == "4 b"
    assert outer.render(Context({"unread": True, "who": "b"})) == "True b"
    assert outer.render(Context({"unread": 1, "who": "b"})) == "1 b"
    assert all(type(value) in (bool, int, str, type(None)) for key in fragments._kept for *_, value in key[3:])


def test_each_language_is_kept_apart():
    outer = get_template("includes/navigation.html").template.engine.from_string(
        "{% load fragments %}{% include_shared 'includes/navigation.html' authenticated=True %}"
    )
    written = {}
    for language in ("en", "fr", "en"):
        with translation.override(language):
            written.setdefault(language, set()).add(outer.render(Context({})))
    assert len(written["en"]) == 1 and written["en"] != written["fr"]
    assert "Menu" in next(iter(written["en"]))


def test_an_object_is_refused_as_a_shared_value(user_factory):
    templates = {"kept/user.html": "{{ user }}"}
    templates["outer.html"] = "{% load fragments %}{% include_shared 'kept/user.html' user=user %}"
    with pytest.raises(TemplateSyntaxError, match="plain value"):
        engine(templates).get_template("outer.html").render(Context({"user": user_factory()}))


def test_the_tag_refuses_what_it_cannot_read():
    for source in ("{% include_shared %}", "{% include_shared 'x.html' loose %}"):
        with pytest.raises(TemplateSyntaxError):
            engine({"outer.html": "{% load fragments %}" + source}).get_template("outer.html")
