"""Milliseconds per Argon2id password hash on this machine, for Django's default parameters and
OWASP's recommended Argon2id configurations (equivalent strength, trading memory for passes).
A sign-in costs one hash; a sync gunicorn worker does nothing else meanwhile.

    .venv/bin/python bench/argon2_cost.py [runs]
"""

import secrets
import statistics
import sys
import time

from argon2 import PasswordHasher, Type

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30

# (label, memory in KiB, passes, lanes)
CANDIDATES = [
    ("Django's default", 102400, 2, 8),
    ("OWASP m=46 MiB t=1 p=1", 47104, 1, 1),
    ("OWASP m=19 MiB t=2 p=1", 19456, 2, 1),
    ("OWASP m=12 MiB t=3 p=1", 12288, 3, 1),
    ("OWASP m=9 MiB t=4 p=1", 9216, 4, 1),
    ("OWASP m=7 MiB t=5 p=1", 7168, 5, 1),
]


def main() -> None:
    password = secrets.token_urlsafe(16)
    print(f"{'parameters':<26} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>8}")
    for label, memory, passes, lanes in CANDIDATES:
        hasher = PasswordHasher(time_cost=passes, memory_cost=memory, parallelism=lanes, type=Type.ID)
        encoded = hasher.hash(password)
        hasher.verify(encoded, password)  # warm up: the first call maps the memory
        wall, cpu = [], []
        for _ in range(RUNS):
            started, cpu_started = time.perf_counter(), time.process_time()
            hasher.verify(encoded, password)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        p95 = statistics.quantiles(wall, n=20)[18]
        print(
            f"{label:<26} {statistics.median(wall) * 1000:10.1f} {p95 * 1000:8.1f} {statistics.median(cpu) * 1000:8.1f}"
        )


if __name__ == "__main__":
    main()
