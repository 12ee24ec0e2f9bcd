"""The answer-encryption key of a machine without one in its environment (`make run`)."""

import os
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured


def local_answer_key(path: Path) -> str:
    """The Fernet key kept in `path`, made there (readable by its owner only) on first use.

    Two processes starting at once (the dev server and its reloader, a management command)
    must not each make a key and encrypt under the one that loses: a key is written whole to a
    file of its own and linked into place only if none is there yet, then whatever is there is
    read.
    """
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(Fernet.generate_key().decode() + "\n")
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    key = path.read_text().strip()
    try:
        Fernet(key)
    except ValueError:
        raise ImproperlyConfigured(
            f"{path} holds no Fernet key. Restore it (answers encrypted under it cannot be read "
            "without it), or set ANSWER_ENCRYPTION_KEYS."
        ) from None
    return key
