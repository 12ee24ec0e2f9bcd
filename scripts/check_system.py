"""Say clearly what this machine lacks before `make` fails with a traceback, and install it when
this machine allows: apt-get present, and root or passwordless sudo.

The Debian packages are the ones README.md's `sudo apt-get install -y ...` line names (as in
.ci/run), so the instructions, CI and this script install the same list.

Runs with the system's python3 and the standard library only (no virtualenv yet).
"""

import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
APT_LINE = re.compile(r"^ *sudo apt-get install -y (.*)$", re.MULTILINE)


def apt_line(readme: Path = README) -> str:
    match = APT_LINE.search(readme.read_text(encoding="utf-8"))
    if not match:
        raise SystemExit(f"{readme.name} has no 'sudo apt-get install -y ...' line")
    return match.group(0).strip()


def readme_packages(readme: Path = README) -> list[str]:
    return apt_line(readme).split()[4:]


def missing(for_tests: bool) -> list[tuple[str, str]]:
    """(Debian package, what it is for) for each thing this machine lacks."""
    problems = []
    if sys.version_info < (3, 11):  # noqa: UP036 - runs on whatever python3 the machine has
        problems.append(("python3", f"Python 3.11 or newer (this is {sys.version.split()[0]})"))
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        problems.append(("python3-venv", "Python's venv module"))
    if not shutil.which("msgfmt"):
        problems.append(("gettext", "gettext's msgfmt, to compile translations"))
    for library, package, purpose in (
        ("magic", "libmagic1", "to recognise uploaded files by their content"),
        ("pango-1.0", "libpango-1.0-0", "for WeasyPrint's PDF letters"),
        ("pangoft2-1.0", "libpangoft2-1.0-0", "for WeasyPrint's PDF letters"),
        ("harfbuzz-subset", "libharfbuzz-subset0", "for WeasyPrint's fonts"),
    ):
        if not ctypes.util.find_library(library):
            problems.append((package, f"lib{library} {purpose}"))
    for program, package, purpose in (
        ("chromium", "chromium", "Chromium, for the browser tests"),
        ("redis-server", "redis-server", "Redis, for the message delivery tests"),
        ("java", "default-jre-headless", "Java, to run the Nu HTML checker in the browser tests"),
        ("qpdf", "qpdf", "qpdf, to check the PDFs the portal writes"),
        ("pdftoppm", "poppler-utils", "Poppler, to draw the PDFs the portal writes"),
        # Not on the README's line: Node.js from elsewhere brings its own npm, and Debian's npm
        # package would then conflict with it. Debian's npm is for a machine without Node.js.
        ("npm", "npm", "npm, to install the Nu HTML checker"),
    ):
        if for_tests and not shutil.which(program):
            problems.append((package, purpose))
    return problems


def installer() -> list[str] | None:
    """The command prefix that may run apt-get here, or None."""
    if not shutil.which("apt-get"):
        return None
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def not_installed(packages: list[str]) -> list[str]:
    """Those of `packages` that dpkg does not have installed (all of them without dpkg)."""
    if not shutil.which("dpkg-query"):
        return packages
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${db:Status-Status}\n", *packages],
        capture_output=True,
        text=True,
    )
    installed = {line.split()[0] for line in result.stdout.splitlines() if line.endswith(" installed")}
    return [package for package in packages if package not in installed]


def install(prefix: list[str], packages: list[str]) -> bool:
    print(f"Installing the Debian packages this machine lacks: {' '.join(packages)}", file=sys.stderr)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *packages]):
        if subprocess.run([*prefix, *command], env=environment).returncode != 0:
            return False
    return True


def report(problems: list[tuple[str, str]]) -> None:
    print("This machine is missing:", file=sys.stderr)
    for package, purpose in problems:
        print(f"  - {purpose} (Debian package {package})", file=sys.stderr)
    print(f"\nOn Debian or Ubuntu, install them with:\n  {apt_line()}", file=sys.stderr)


def main(argv: list[str]) -> int:
    for_tests = "--tests" in argv
    problems = missing(for_tests)
    if not problems:
        return 0
    prefix = installer()
    if prefix is not None:
        # The whole line, not only what failed a check: the line also holds what no check can see
        # (fonts), and then CI and a fresh machine end up with the same packages.
        packages = sorted(set(not_installed(readme_packages())) | {package for package, _ in problems})
        if install(prefix, packages):
            problems = missing(for_tests)
            if not problems:
                return 0
    report(problems)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
