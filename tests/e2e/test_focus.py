"""Every kind of control shows a focus outline of at least 3:1 against what surrounds it, at
least 2 px wide, when reached with the keyboard (WCAG 2.2: 1.4.11 and 2.4.13), left to right
and right to left. Bootstrap's own focus ring (25 % of its blue) is about 1.5:1."""

import re

import pytest

from tests.factories import UserFactory

from .sessions import sign_in

# The focused element's outline, and the first opaque background behind it (the outline is
# drawn outside the element, 2 px off).
FOCUS_INDICATOR = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  let background = "rgb(255, 255, 255)";
  for (let around = element.parentElement; around; around = around.parentElement) {
    const colour = getComputedStyle(around).backgroundColor;
    if (colour !== "transparent" && !/^rgba\\(.*,\\s*0\\)$/.test(colour)) { background = colour; break; }
  }
  return {
    focusVisible: element.matches(":focus-visible"),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    colour: style.outlineColor,
    background,
  };
}"""

PROFILE_CONTROLS = {
    "navigation link": 'header nav a.nav-link[href="/dashboard/"]',
    "text field": "#id_name",
    "select": "#id_language",
    "radio button": 'input[name="notification_choice"]:checked',
    "filled primary button": "main button.btn-primary",
    "outline button": "footer button.btn-outline-secondary",
}
SIGN_IN_CONTROLS = {"plain link": 'main p a[href="/accounts/signup/"]'}


def luminance(colour: str) -> float:
    red, green, blue, *alpha = (float(part) for part in re.findall(r"[\d.]+", colour))
    assert not alpha or alpha[0] == 1, f"a translucent outline: {colour}"

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def tab_to(page, selector: str) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user reaches it."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focus_contrasts(page, controls: dict[str, str]) -> dict[str, float]:
    found = {}
    for kind, selector in controls.items():
        tab_to(page, selector)
        indicator = page.evaluate(FOCUS_INDICATOR)
        assert indicator["focusVisible"], kind
        assert indicator["style"] != "none" and indicator["width"] >= 2, (kind, indicator)
        found[kind] = round(contrast(indicator["colour"], indicator["background"]), 1)
    return found


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_kind_of_control_shows_a_focus_outline_of_at_least_3_to_1(language, guarded, live_server, check_page):
    page = guarded.page
    page.goto(f"{live_server.url}/accounts/login/")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.reload()
    assert page.locator("html").get_attribute("lang") == language
    check_page(guarded)
    contrasts = focus_contrasts(page, SIGN_IN_CONTROLS)

    sign_in(guarded, live_server, UserFactory(language=language))
    page.goto(f"{live_server.url}/accounts/profile/")
    check_page(guarded)
    contrasts |= focus_contrasts(page, PROFILE_CONTROLS)

    assert set(contrasts) == set(SIGN_IN_CONTROLS) | set(PROFILE_CONTROLS)
    too_faint = {kind: ratio for kind, ratio in contrasts.items() if ratio < 3}
    assert not too_faint, contrasts
