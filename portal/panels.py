"""The dashboard and the staff page of one application are made of the panels each app
provides, in these orders. portal only collects them: each app decides what the user sees."""

from accounts import panels as accounts
from awards import panels as awards
from core.panels import Panel
from grants import panels as grants
from reviews import panels as reviews

DASHBOARD_PROVIDERS = (
    grants.dashboard_panels,
    reviews.dashboard_panels,
    awards.dashboard_panels,
    accounts.dashboard_panels,
)
APPLICATION_PROVIDERS = (grants.application_panels, reviews.application_panels, awards.application_panels)


def dashboard_panels(user) -> list[Panel]:
    return [panel for provider in DASHBOARD_PROVIDERS for panel in provider(user)]


def application_panels(application, user) -> list[Panel]:
    return [panel for provider in APPLICATION_PROVIDERS for panel in provider(application, user)]
