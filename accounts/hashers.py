from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's first recommended configuration (19 MiB, 2 passes, 1 lane).

    Django's default (100 MiB, 2 passes, 8 lanes) cost about 150 ms of wall time and 240 ms of
    CPU per sign-in here (bench/argon2_cost.py): at a call's deadline, sign-ins alone would take
    every core. This one costs about 25 ms and stays a memory-hard KDF. The algorithm name is
    Django's own, so hashes made with the old parameters still verify and are re-hashed with
    these at the next sign-in (`must_update` compares the parameters).
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
