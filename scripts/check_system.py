"""Say clearly what this machine lacks before `make` fails with a traceback.

Runs with the system's python3 and the standard library only (no virtualenv yet).
"""

import ctypes.util
import shutil
import sys

APT_LINE = (
    "sudo apt-get install -y python3 python3-venv gettext libmagic1 libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core chromium redis-server default-jre-headless"
)


def missing(for_tests: bool) -> list[str]:
    problems = []
    if sys.version_info < (3, 11):  # noqa: UP036 - runs on whatever python3 the machine has
        problems.append(f"Python 3.11 or newer (this is {sys.version.split()[0]})")
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        problems.append("Python's venv module (Debian package python3-venv)")
    if not shutil.which("msgfmt"):
        problems.append("gettext's msgfmt (Debian package gettext), to compile translations")
    for library, package, purpose in (
        ("magic", "libmagic1", "to recognise uploaded files by their content"),
        ("pango-1.0", "libpango-1.0-0", "for WeasyPrint's PDF letters"),
        ("harfbuzz-subset", "libharfbuzz-subset0", "for WeasyPrint's fonts"),
    ):
        if not ctypes.util.find_library(library):
            problems.append(f"lib{library} (Debian package {package}) {purpose}")
    if for_tests and not shutil.which("chromium"):
        problems.append("Chromium (Debian package chromium), for the browser tests")
    if for_tests and not shutil.which("redis-server"):
        problems.append("Redis (Debian package redis-server), for the message delivery tests")
    if for_tests and not shutil.which("java"):
        problems.append("Java (Debian package default-jre-headless), to run the Nu HTML checker in the browser tests")
    if for_tests and not shutil.which("npm"):
        problems.append("npm (Debian package npm, unless Node.js came with it), to install the Nu HTML checker")
    return problems


def main() -> int:
    problems = missing(for_tests="--tests" in sys.argv)
    if not problems:
        return 0
    print("This machine is missing:", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    print(f"\nOn Debian or Ubuntu, install them with:\n  {APT_LINE}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
