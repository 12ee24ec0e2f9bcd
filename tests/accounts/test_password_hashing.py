"""Passwords are hashed with Argon2id at parameters a sign-in can afford at a deadline's rush;
hashes made with Django's default parameters still verify and are upgraded at the next sign-in."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, identify_hasher, make_password
from django.urls import reverse

from accelerate.settings import base
from accounts.hashers import Argon2idHasher
from tests.factories import PASSWORD

NEW_PARAMETERS = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture
def production_hashers(settings):
    # The test settings put a fast hasher first; here the production list is the one measured.
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def test_a_new_hash_names_argon2id_and_the_chosen_parameters(production_hashers):
    encoded = make_password(PASSWORD)
    assert encoded.startswith(NEW_PARAMETERS)
    assert check_password(PASSWORD, encoded)
    assert not check_password("wrong-horse-battery-2026", encoded)


def test_a_hash_with_django_s_default_parameters_must_be_updated():
    old = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    assert old.startswith("argon2$argon2id$v=19$m=102400,t=2,p=8$")
    assert Argon2idHasher().must_update(old)
    assert not Argon2idHasher().must_update(Argon2idHasher().encode(PASSWORD, Argon2idHasher().salt()))


def test_a_password_hashed_with_the_old_parameters_signs_in_and_is_rehashed(production_hashers, client, applicant):
    applicant.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    applicant.save(update_fields=["password"])

    response = client.post(reverse("account_login"), {"login": applicant.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("portal:dashboard")
    applicant.refresh_from_db()
    assert applicant.password.startswith(NEW_PARAMETERS)
    assert identify_hasher(applicant.password).algorithm == "argon2"
    assert applicant.check_password(PASSWORD)


def test_a_wrong_password_leaves_the_old_hash_as_it_was(production_hashers, client, applicant):
    old = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    applicant.password = old
    applicant.save(update_fields=["password"])

    response = client.post(reverse("account_login"), {"login": applicant.email, "password": "wrong-horse-2026"})

    assert response.status_code == 200
    applicant.refresh_from_db()
    assert applicant.password == old
