"""What awards puts on the dashboards (a grantee's awards) and on the staff page of one
application (its decision and award), for the staff who run its call."""

from core.panels import Panel


def dashboard_panels(user) -> list[Panel]:
    return []


def application_panels(application, user) -> list[Panel]:
    return []
