"""The import-linter contract in pyproject.toml (run by `make lint`): apps depend downwards only.

The contract is checked here against a small tree of stand-in packages, so it is seen to break
when `grants` imports `reviews`; and against the installed apps, so a new app cannot be left
out of it (an optional layer that is not among the root packages would never be checked).
"""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

PYPROJECT = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
IMPORTLINTER = PYPROJECT["tool"]["importlinter"]
LAYERS = next(contract for contract in IMPORTLINTER["contracts"] if contract["type"] == "layers")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def layer_names() -> list[str]:
    return [layer.strip("()") for layer in LAYERS["layers"]]


def project_apps() -> set[str]:
    base = Path(settings.BASE_DIR)
    return {config.name for config in apps.get_app_configs() if Path(config.path).parent == base}


def lint_stand_in_tree(tmp_path: Path, imports: dict[str, str]) -> subprocess.CompletedProcess:
    """A package per layer, `imports` ({"grants": "reviews"}) added as `from <b> import x` in
    `<a>/services.py`, and the project's own contract over it."""
    for name in layer_names():
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text("x = 1\n")
        (package / "services.py").write_text(f"from {imports[name]} import x\n" if name in imports else "")
    (tmp_path / ".importlinter").write_text(
        "[importlinter]\nroot_packages =\n"
        + "".join(f"    {name}\n" for name in layer_names())
        + f"\n[importlinter:contract:{LAYERS['id']}]\nname = {LAYERS['name']}\ntype = layers\nlayers =\n"
        + "".join(f"    {layer}\n" for layer in LAYERS["layers"])
    )
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_layers_are_designs_order_from_portal_down_to_core():
    assert LAYERS["layers"] == [
        "portal",
        "awards",
        "reviews",
        "grants",
        "accounts",
        "notifications",
        "audit",
        "core",
    ]


@pytest.mark.parametrize(
    ("imports", "broken"),
    [
        ({"grants": "reviews"}, "grants.services -> reviews"),
        ({"core": "audit"}, "core.services -> audit"),
        ({"accounts": "portal"}, "accounts.services -> portal"),
    ],
)
def test_a_lower_app_importing_a_higher_one_breaks_the_contract(tmp_path, imports, broken):
    result = lint_stand_in_tree(tmp_path, imports)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert broken in result.stdout
    assert "Contracts: 0 kept, 1 broken." in result.stdout


def test_a_higher_app_importing_a_lower_one_keeps_the_contract(tmp_path):
    result = lint_stand_in_tree(tmp_path, {"reviews": "grants", "portal": "core", "grants": "accounts"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_every_app_of_the_project_is_a_layer_and_a_root_package():
    assert project_apps() <= set(layer_names())
    assert set(IMPORTLINTER["root_packages"]) == project_apps() | {"accelerate"}


def test_only_apps_not_written_yet_are_optional_layers():
    optional = {layer.strip("()") for layer in LAYERS["layers"] if layer.startswith("(")}
    assert optional == set(layer_names()) - project_apps()
