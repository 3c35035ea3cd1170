import pytest

pytestmark = pytest.mark.browser


def test_accessibility_statement_loads_its_styles_and_passes_axe(page, assert_accessible) -> None:
    response = page.goto("/accessibility/")
    assert response is not None and response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement"
    # Pico's stylesheet loaded: the body font is no longer the browser default.
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "serif"
    assert_accessible(page)


def test_sign_in_page_passes_axe(page, assert_accessible) -> None:
    response = page.goto("/accounts/login/")
    assert response is not None and response.status == 200
    assert page.get_by_label("Email").is_visible()
    assert_accessible(page)


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page) -> None:
    page.goto("/accessibility/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
