"""The dashboard is made of the panels each app provides, in this order. portal only collects
them: each app decides what the user sees."""

from accounts import panels as accounts
from core.panels import Panel
from grants import panels as grants

DASHBOARD_PROVIDERS = (grants.dashboard_panels, accounts.dashboard_panels)


def dashboard_panels(user) -> list[Panel]:
    return [panel for provider in DASHBOARD_PROVIDERS for panel in provider(user)]
