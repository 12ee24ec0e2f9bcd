"""scripts/check_system.py, which `make run` and `make test` run first: it installs the README's
Debian packages when this machine allows, and otherwise stops with the one line to run.

Nothing is installed here: apt-get is replaced by a recorder, and the machine's state by what
each test says it is."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
spec = importlib.util.spec_from_file_location("check_system", BASE_DIR / "scripts" / "check_system.py")
check_system = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_system)

CHROMIUM_MISSING = [("chromium", "Chromium, for the browser tests")]


def ci_packages() -> list[str]:
    """What .ci/run installs: its own `packages=$(...)` line, run as it is."""
    line = next(line for line in (BASE_DIR / ".ci" / "run").read_text().splitlines() if line.startswith("packages="))
    result = subprocess.run(["bash", "-c", f"{line}; echo $packages"], cwd=BASE_DIR, capture_output=True, text=True)
    return result.stdout.split()


class Apt:
    """Stands in for subprocess.run: keeps the commands and answers with `returncode`."""

    def __init__(self, returncode: int = 0):
        self.commands: list[list[str]] = []
        self.environments: list[dict] = []
        self.returncode = returncode

    def __call__(self, command, env=None, **options):
        self.commands.append(command)
        self.environments.append(env or {})
        return subprocess.CompletedProcess(command, self.returncode)


@pytest.fixture
def machine(monkeypatch):
    """`machine(before, after, prefix, not_installed, returncode)`: what the checks find before
    and after installing, how apt-get may be run (None: it may not), what dpkg says is not
    installed, and what apt-get answers."""

    def set_up(before, after=(), prefix=None, not_installed=("chromium",), returncode=0):
        findings = iter([list(before), list(after)])
        monkeypatch.setattr(check_system, "missing", lambda for_tests: next(findings))
        monkeypatch.setattr(check_system, "installer", lambda: prefix)
        monkeypatch.setattr(check_system, "not_installed", lambda packages: list(not_installed))
        apt = Apt(returncode)
        monkeypatch.setattr(check_system.subprocess, "run", apt)
        return apt

    return set_up


def test_the_script_reads_the_same_packages_that_ci_installs():
    packages = check_system.readme_packages()
    assert packages == ci_packages()
    assert {"gettext", "libmagic1", "chromium", "redis-server"} <= set(packages)


def test_every_package_a_check_asks_for_is_on_the_readme_line(monkeypatch):
    monkeypatch.setattr(check_system.shutil, "which", lambda program: None)
    monkeypatch.setattr(check_system.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setitem(sys.modules, "venv", None)

    asked_for = {package for package, _ in check_system.missing(for_tests=True)}

    assert asked_for == {
        "python3-venv",
        "gettext",
        "libmagic1",
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "chromium",
        "redis-server",
        "default-jre-headless",
        "qpdf",
        "poppler-utils",
        "npm",
    }
    # npm is asked for only where Node.js is missing altogether: Node.js from elsewhere brings its
    # own, which Debian's npm package would conflict with, so it cannot be on the line CI runs.
    assert asked_for - {"npm"} <= set(check_system.readme_packages())
    assert "npm" not in check_system.readme_packages()


def test_the_tests_own_packages_are_not_asked_for_to_run_the_portal(monkeypatch):
    monkeypatch.setattr(check_system.shutil, "which", lambda program: None)
    asked_for = {package for package, _ in check_system.missing(for_tests=False)}
    assert "gettext" in asked_for
    assert not asked_for & {"chromium", "redis-server"}


def test_nothing_missing_installs_nothing(machine):
    apt = machine(before=[], prefix=[])
    assert check_system.main(["--tests"]) == 0
    assert apt.commands == []


def test_without_root_or_sudo_it_stops_with_the_line_to_run(machine, capsys):
    apt = machine(before=CHROMIUM_MISSING, prefix=None)

    assert check_system.main(["--tests"]) == 1

    error = capsys.readouterr().err
    assert "  - Chromium, for the browser tests (Debian package chromium)" in error
    assert error.rstrip().endswith(check_system.apt_line())
    assert check_system.apt_line().startswith("sudo apt-get install -y python3 ")
    assert apt.commands == []


def test_as_root_it_installs_what_dpkg_lacks_says_so_and_checks_again(machine, capsys):
    apt = machine(before=CHROMIUM_MISSING, after=[], prefix=[], not_installed=["chromium", "fonts-dejavu-core"])

    assert check_system.main(["--tests"]) == 0

    assert apt.commands == [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "chromium", "fonts-dejavu-core"],
    ]
    assert all(environment["DEBIAN_FRONTEND"] == "noninteractive" for environment in apt.environments)
    assert "Installing the Debian packages this machine lacks: chromium fonts-dejavu-core" in capsys.readouterr().err


def test_with_passwordless_sudo_apt_get_runs_through_sudo(machine):
    apt = machine(before=CHROMIUM_MISSING, after=[], prefix=["sudo", "-n"])
    assert check_system.main(["--tests"]) == 0
    assert apt.commands[-1] == ["sudo", "-n", "apt-get", "install", "-y", "-qq", "chromium"]


def test_a_failed_installation_stops_with_the_line_to_run(machine, capsys):
    apt = machine(before=CHROMIUM_MISSING, prefix=[], returncode=100)
    assert check_system.main(["--tests"]) == 1
    assert apt.commands == [["apt-get", "update", "-qq"]]
    assert capsys.readouterr().err.rstrip().endswith(check_system.apt_line())


def test_what_is_still_missing_after_installing_is_reported(machine, capsys):
    machine(before=CHROMIUM_MISSING, after=CHROMIUM_MISSING, prefix=[])
    assert check_system.main(["--tests"]) == 1
    assert "(Debian package chromium)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("apt_get", "euid", "sudo_answers", "prefix"),
    [
        (None, 0, 0, None),
        ("/usr/bin/apt-get", 0, 1, []),
        ("/usr/bin/apt-get", 1000, 0, ["sudo", "-n"]),
        ("/usr/bin/apt-get", 1000, 1, None),
    ],
)
def test_who_may_run_apt_get(monkeypatch, apt_get, euid, sudo_answers, prefix):
    monkeypatch.setattr(check_system.shutil, "which", lambda program: apt_get if program == "apt-get" else "/x/sudo")
    monkeypatch.setattr(check_system.os, "geteuid", lambda: euid)
    monkeypatch.setattr(check_system.subprocess, "run", Apt(sudo_answers))
    assert check_system.installer() == prefix


def test_dpkg_tells_which_packages_are_not_installed():
    assert check_system.not_installed(["python3", "no-such-package-here"]) == ["no-such-package-here"]
