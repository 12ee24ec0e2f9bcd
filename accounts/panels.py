"""What accounts puts on the dashboards: an applicant's organisations; an admin's tools."""

from core.panels import Panel

from .permissions import can_manage_people
from .roles import Role
from .selectors import organisations_of


def dashboard_panels(user) -> list[Panel]:
    panels = []
    if user.primary_role == Role.APPLICANT:
        panels.append(Panel("accounts/panels/organisations.html", {"organisations": list(organisations_of(user))}))
    if can_manage_people(user):
        panels.append(Panel("accounts/panels/admin_tools.html"))
    return panels
