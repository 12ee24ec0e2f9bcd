"""Answers to sensitive questions are stored as tokens no leaked dump can read, under keys that
can be rotated; a key that opens nothing fails loudly, never passing ciphertext off as an answer."""

import base64

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from core.encryption import DecryptionError, decrypt, encrypt, is_current, rotate

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
ARABIC = "نعمل مع المدافعين عن حقوق الإنسان في مدينة حلب منذ عام 2019"


def keys(*names: str) -> override_settings:
    return override_settings(ANSWER_ENCRYPTION_KEYS=list(names))


def test_an_arabic_answer_comes_back_as_it_was_typed():
    with keys(KEY_A):
        token = encrypt(ARABIC)
        assert decrypt(token) == ARABIC


def test_an_empty_answer_comes_back_empty():
    with keys(KEY_A):
        assert decrypt(encrypt("")) == ""


def test_the_test_settings_have_a_key_of_their_own():
    assert decrypt(encrypt("Safe houses")) == "Safe houses"


@pytest.mark.parametrize("text", ["Safe houses in Aleppo", ARABIC])
def test_a_token_holds_no_trace_of_the_answer(text):
    with keys(KEY_A):
        token = encrypt(text)
    assert token.isascii()
    assert text not in token
    assert text.encode() not in base64.urlsafe_b64decode(token)


def test_the_same_answer_encrypted_twice_gives_two_different_tokens():
    with keys(KEY_A):
        assert encrypt(ARABIC) != encrypt(ARABIC)


def test_a_token_altered_in_any_one_character_is_refused():
    with keys(KEY_A):
        token = encrypt("Safe houses")
        # The last four characters may carry padding bits that decode to the same bytes.
        for position in range(len(token) - 4):
            replacement = "A" if token[position] != "A" else "B"
            altered = token[:position] + replacement + token[position + 1 :]
            with pytest.raises(DecryptionError):
                decrypt(altered)


@pytest.mark.parametrize("token", ["", "not a token", "نعم", "gAAAAAB"])
def test_what_is_no_token_at_all_is_refused(token):
    with keys(KEY_A), pytest.raises(DecryptionError):
        decrypt(token)


def test_a_token_made_under_another_key_is_refused():
    with keys(KEY_A):
        token = encrypt(ARABIC)
    with keys(KEY_B), pytest.raises(DecryptionError, match="ANSWER_ENCRYPTION_KEYS"):
        decrypt(token)


@pytest.mark.parametrize("use", [lambda: encrypt("Safe houses"), lambda: decrypt("gAAAAAB")])
def test_without_any_key_encryption_and_decryption_refuse_to_work(use):
    with keys(), pytest.raises(ImproperlyConfigured, match="ANSWER_ENCRYPTION_KEYS is empty"):
        use()


def test_without_any_key_a_stored_token_is_not_handed_back_as_its_answer():
    with keys(KEY_A):
        token = encrypt(ARABIC)
    with keys():
        with pytest.raises(ImproperlyConfigured):
            decrypt(token)
        with pytest.raises(ImproperlyConfigured):
            is_current(token)
        with pytest.raises(ImproperlyConfigured):
            rotate(token)


def test_a_key_that_is_no_fernet_key_is_named_by_its_place_never_shown():
    with keys(KEY_A, "my-secret-passphrase"), pytest.raises(ImproperlyConfigured) as error:
        encrypt("Safe houses")
    assert str(error.value).startswith("ANSWER_ENCRYPTION_KEYS: key 2 of 2 is not a Fernet key")
    assert "my-secret-passphrase" not in str(error.value)


def test_one_key_given_as_a_string_rather_than_a_list_is_refused():
    with override_settings(ANSWER_ENCRYPTION_KEYS=KEY_A), pytest.raises(ImproperlyConfigured, match="a list"):
        encrypt("Safe houses")


def test_a_new_key_put_first_still_reads_the_old_tokens_and_rotation_moves_them_to_it():
    with keys(KEY_A):
        old = encrypt(ARABIC)
        assert is_current(old)
    with keys(KEY_B, KEY_A):
        assert decrypt(old) == ARABIC
        assert is_current(old) is False
        new = rotate(old)
        assert is_current(new) is True
        assert decrypt(new) == ARABIC
    with keys(KEY_B):
        assert decrypt(new) == ARABIC
        with pytest.raises(DecryptionError):
            decrypt(old)


def test_new_answers_are_encrypted_under_the_first_key():
    with keys(KEY_B, KEY_A):
        token = encrypt(ARABIC)
    with keys(KEY_B):
        assert decrypt(token) == ARABIC
    with keys(KEY_A), pytest.raises(DecryptionError):
        decrypt(token)


def test_rotating_a_token_no_key_opens_fails_loudly():
    with keys(KEY_A):
        token = encrypt(ARABIC)
    with keys(KEY_B):
        assert is_current(token) is False
        with pytest.raises(DecryptionError):
            rotate(token)
        assert is_current("نعم") is False


def test_the_keys_are_read_again_when_the_setting_changes():
    with keys(KEY_A):
        token = encrypt(ARABIC)
        with keys(KEY_B), pytest.raises(DecryptionError):
            decrypt(token)
        assert decrypt(token) == ARABIC


@pytest.mark.parametrize("use", [encrypt, decrypt, rotate, is_current])
def test_what_is_not_a_string_is_a_programming_mistake(use):
    with keys(KEY_A), pytest.raises(TypeError):
        use(b"Safe houses")
