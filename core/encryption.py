"""Authenticated encryption of short texts (answers to sensitive questions) under keys kept
outside the database, in `settings.ANSWER_ENCRYPTION_KEYS`: Fernet keys, newest first.

A token is a Fernet token (AES-128-CBC with HMAC-SHA256, a random IV, ASCII). New tokens are
made under the newest key; every key in the list can still open the tokens made under it, so
a key is rotated by putting a new one first, re-encrypting what the old one made (`rotate`,
skipping what `is_current` says is done) and only then dropping the old one.

A key that opens nothing, or a token that was altered, is an operator's problem, never the
user's: `DecryptionError` (not a `Refused`), and no ciphertext or empty string passed off as
an answer. No keys at all is `ImproperlyConfigured`.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

SETTING = "ANSWER_ENCRYPTION_KEYS"


class DecryptionError(Exception):
    """No configured key opens the token, or it was altered."""


# (all keys, the newest key), built on first use from the setting and dropped when it changes.
_keys: tuple[MultiFernet, Fernet] | None = None


def encrypt(text: str) -> str:
    """`text` as a token under the newest key."""
    if not isinstance(text, str):
        raise TypeError(f"encrypt() takes a str, not {type(text).__name__}")
    every_key, _newest = _configured_keys()
    return every_key.encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The text `token` holds. Raises DecryptionError if no configured key opens it."""
    every_key, _newest = _configured_keys()
    try:
        return every_key.decrypt(_ascii(token)).decode()
    except InvalidToken:
        raise _decryption_error() from None


def rotate(token: str) -> str:
    """The same text under the newest key. Raises DecryptionError if no configured key opens it."""
    every_key, _newest = _configured_keys()
    try:
        return every_key.rotate(_ascii(token)).decode("ascii")
    except InvalidToken:
        raise _decryption_error() from None


def is_current(token: str) -> bool:
    """Whether `token` was made under the newest key (its signature checked, nothing decrypted)."""
    _every_key, newest = _configured_keys()
    try:
        newest.extract_timestamp(_ascii(token))
    except (InvalidToken, DecryptionError):
        return False
    return True


def _ascii(token: str) -> str:
    # Fernet lets a non-ASCII str through to base64 as a ValueError, not as an invalid token.
    if not isinstance(token, str):
        raise TypeError(f"a token is a str, not {type(token).__name__}")
    if not token.isascii():
        raise _decryption_error()
    return token


def _decryption_error() -> DecryptionError:
    return DecryptionError(
        f"No key in {SETTING} opens this token: it was made under a key no longer listed, or altered."
    )


def _configured_keys() -> tuple[MultiFernet, Fernet]:
    global _keys
    if _keys is None:
        _keys = _build(getattr(settings, SETTING, None))
    return _keys


def _build(keys) -> tuple[MultiFernet, Fernet]:
    if isinstance(keys, str | bytes) or not isinstance(keys, list | tuple):
        raise ImproperlyConfigured(f"{SETTING} must be a list of Fernet keys, newest first.")
    if not keys:
        raise ImproperlyConfigured(
            f"{SETTING} is empty: answers to sensitive questions cannot be encrypted or read. "
            "Set it to one or more Fernet keys, newest first."
        )
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (TypeError, ValueError):
            # The key itself is never part of the message: messages end up in logs.
            raise ImproperlyConfigured(
                f"{SETTING}: key {position} of {len(keys)} is not a Fernet key "
                "(32 url-safe base64-encoded bytes, as Fernet.generate_key() makes)."
            ) from None
    return MultiFernet(fernets), fernets[0]


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    global _keys
    if setting == SETTING:
        _keys = None
