"""Views read through selectors, never a model's manager: a selector is where a read is scoped to
the user asking (reviewers reach applications only through `reviews`' selectors), so a view that
queries a model itself can show what its user may not see.

Every views module of the project's apps (`views.py`, `*views*.py`, any module of a `views/`
package) is read with `ast`; what is a model comes from the apps registry.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import URLResolver, get_resolver

MANAGER_ATTRIBUTES = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
BASE_DIR = Path(settings.BASE_DIR)


def model_names() -> set[str]:
    return {model.__name__ for model in apps.get_models(include_auto_created=True)}


def views_modules(app_path: Path) -> list[Path]:
    return sorted(
        path
        for path in app_path.rglob("*.py")
        if "migrations" not in path.relative_to(app_path).parts
        and ("views" in path.stem or "views" in path.relative_to(app_path).parts[:-1])
    )


def project_views_modules() -> list[Path]:
    project_apps = [Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == BASE_DIR]
    return [module for app_path in project_apps for module in views_modules(app_path)]


def direct_queries(source: str, models: set[str], filename: str = "<source>") -> list[str]:
    """`file:line: what` for each manager or 404 shortcut applied to a model in `source`."""
    tree = ast.parse(source, filename)
    local_models = set(models)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            local_models |= {alias.asname for alias in node.names if alias.name in models and alias.asname}

    def names_a_model(node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return node.id in local_models
        if isinstance(node, ast.Attribute):  # models.Invitation
            return node.attr in models
        if isinstance(node, ast.Call):  # get_user_model()
            return _called_name(node) == "get_user_model"
        return False

    offences = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRIBUTES and names_a_model(node.value):
            offences.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Call) and _called_name(node) in SHORTCUTS and any(map(names_a_model, node.args[:1])):
            offences.append((node.lineno, f"{_called_name(node)}({ast.unparse(node.args[0])}, ...)"))
    return [f"{filename}:{line}: {what}" for line, what in sorted(offences)]


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


OFFENDING_VIEWS = """\
from django import shortcuts
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404

from accounts import models
from accounts.models import Invitation, Membership
from accounts.models import Organisation as Org


def view(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    members = shortcuts.get_list_or_404(Membership, organisation_id=pk)
    everyone = Org.objects.all()
    first = models.Organisation._default_manager.first()
    user = get_user_model().objects.get(pk=pk)
    return Invitation._base_manager.none()
"""

CLEAN_VIEWS = """\
from django.shortcuts import get_object_or_404

from accounts import selectors
from accounts.models import Invitation, Membership


def view(request, pk):
    organisation = get_object_or_404(selectors.organisations_of(request.user), pk=pk)
    is_owner = organisation.your_role == Membership.Role.OWNER
    invitations = selectors.pending_invitations(organisation, seen_by=request.user)
    return [invitation for invitation in invitations if isinstance(invitation, Invitation) and is_owner]
"""


def test_each_kind_of_direct_query_is_reported_with_its_line():
    assert direct_queries(OFFENDING_VIEWS, model_names(), "offending.py") == [
        "offending.py:11: get_object_or_404(Invitation, ...)",
        "offending.py:12: get_list_or_404(Membership, ...)",
        "offending.py:13: Org.objects",
        "offending.py:14: models.Organisation._default_manager",
        "offending.py:15: get_user_model().objects",
        "offending.py:16: Invitation._base_manager",
    ]


def test_a_view_that_reads_through_selectors_is_not_reported():
    assert direct_queries(CLEAN_VIEWS, model_names(), "clean.py") == []


def test_every_kind_of_views_module_is_read_and_nothing_else(tmp_path):
    for name in ("views.py", "staff_views.py", "views/__init__.py", "views/builder.py", "models.py", "selectors.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).touch()
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "0002_views.py").touch()

    found = sorted(path.relative_to(tmp_path).as_posix() for path in views_modules(tmp_path))

    assert found == ["staff_views.py", "views.py", "views/__init__.py", "views/builder.py"]


def modules_serving(resolver: URLResolver) -> set[str]:
    modules = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            modules |= modules_serving(pattern)
        else:
            modules.add(pattern.callback.__module__)
    return modules


def test_every_module_of_ours_that_serves_a_url_is_read():
    project_apps = {config.name for config in apps.get_app_configs() if Path(config.path).parent == BASE_DIR}
    serving = {module for module in modules_serving(get_resolver()) if module.split(".")[0] in project_apps}
    read = {
        ".".join(path.relative_to(BASE_DIR).with_suffix("").parts).removesuffix(".__init__")
        for path in project_views_modules()
    }
    assert serving, "no view of the project's apps was found in the URL configuration"
    assert serving <= read


def test_no_views_module_queries_a_model_directly():
    models = model_names()
    offences = [
        offence
        for path in project_views_modules()
        for offence in direct_queries(path.read_text(), models, path.relative_to(BASE_DIR).as_posix())
    ]
    assert offences == [], "read through a selector instead:\n" + "\n".join(offences)
