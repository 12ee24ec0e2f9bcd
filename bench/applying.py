"""How long an applicant waits, under gunicorn (gunicorn.conf.py) with the production settings
on PostgreSQL: saving a section, uploading a 2 MB PDF and a 4 MB phone photo (checked and
rewritten on the way in), submitting, and downloading the submitted copy as a PDF. Each is
timed RUNS times, one request at a time, on a fresh draft each run; prints the median and p95.

    .venv/bin/python bench/applying.py [runs]    # DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/acc_bench

That database is dropped, made again, migrated and seeded with the demo calls and one
applicant, whose signed-in session is written here rather than typed into the sign-in form.
"""

import http.client
import io
import re
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import HOST, free_port, gunicorn_workers, recreate_database, start_gunicorn

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30


def photo(megabytes: float) -> bytes:
    """A phone photo of about `megabytes`: noise (which JPEG cannot shrink) with GPS in its EXIF."""
    from PIL import Image

    side = int((megabytes * 1024 * 1024 / 0.9) ** 0.5)
    image = Image.frombytes("RGB", (side, side), secrets.token_bytes(side * side * 3))
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone turned
    exif.get_ifd(0x8825).update({1: "N", 2: (1.0, 17.0, 0.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def document(megabytes: float) -> bytes:
    """A PDF of at least `megabytes`: a noise picture (which its JPEG cannot shrink), with its
    author in the document info."""
    import pikepdf
    from PIL import Image

    side = 600
    while True:
        noise = Image.frombytes("RGB", (side, side), secrets.token_bytes(side * side * 3))
        buffer = io.BytesIO()
        noise.save(buffer, "PDF", quality=95)
        if buffer.tell() >= megabytes * 1024 * 1024:
            break
        side = int(side * 1.2)
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    pdf.docinfo["/Author"] = "Amina"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def seed():
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command

    from accounts.models import User
    from portal.demo_calls import seed_calls

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    staff = User.objects.create_user("staff@example.org", secrets.token_urlsafe(16), name="Sophie Martin")
    applicant = User.objects.create_user("amina@example.org", secrets.token_urlsafe(16), name="Amina")
    EmailAddress.objects.create(user=applicant, email=applicant.email, verified=True, primary=True)
    rfp = seed_calls(staff=staff, created_by=staff)[0]
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(applicant.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = applicant.get_session_auth_hash()
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "email": applicant.email}]
    session.create()
    return rfp, applicant, f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def complete_answers(rfp) -> dict:
    """A valid answer to every question of the demo call but its files, by section."""
    from grants.models import Question
    from grants.selectors import form_of

    T = Question.Type
    typed = {
        T.SHORT_TEXT: "Safe houses",
        T.LONG_TEXT: "We run safe houses for defenders under threat and train them in digital security.",
        T.NUMBER: "12",
        T.AMOUNT: str(rfp.min_amount),
        T.DATE: "2027-03-31",
        T.YES_NO: "yes",
        T.COUNTRY: "KE",
    }
    answers = {}
    for section in form_of(rfp):
        for question in section.questions.all():
            if question.has_choices:
                answers[question.key] = (
                    question.choices[:1] if question.type == T.MULTIPLE_CHOICE else question.choices[0]
                )
            elif question.type in typed:
                answers[question.key] = typed[question.type]
    return answers


class Client:
    def __init__(self, port: int, cookie: str):
        self.port, self.cookies = port, {"session": cookie}

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = "") -> tuple[int, dict, bytes]:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
            "Cookie": "; ".join(self.cookies.values()),
        }
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    self.cookies[pair.split("=", 1)[0]] = pair
            return response.status, dict(response.getheaders()), data
        finally:
            connection.close()

    def token(self, path: str) -> str:
        status, _headers, body = self.request("GET", path)
        if status != 200:
            sys.exit(f"{path} answered {status}")
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode())
    for name, (filename, content) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def timed(results: dict, name: str, client: Client, method: str, path: str, body=b"", kind="", expected=302):
    started = time.perf_counter()
    status, _headers, answer = client.request(method, path, body, kind)
    results.setdefault(name, []).append(time.perf_counter() - started)
    if status != expected:
        sys.exit(f"{name}: {path} answered {status}: {answer[:300]!r}")
    return answer


def first_choice(question):
    return question.choices[:1] if question.type == question.Type.MULTIPLE_CHOICE else question.choices[0]


def one_run(client: Client, rfp, applicant, answers: dict, files: list, results: dict) -> None:
    """One fresh draft: every section saved (the first one timed), each file question given
    both files, then submitted and its copy downloaded."""
    from django.urls import reverse

    from grants import services
    from grants.models import Question
    from grants.selectors import form_of

    application = services.start_application(rfp, by=applicant)
    for index, section in enumerate(form_of(rfp)):
        path = reverse("applying:section", args=[application.public_id, section.pk])
        own = {q.key: answers[q.key] for q in section.questions.all() if q.key in answers}
        body, kind = multipart({"csrfmiddlewaretoken": client.token(path), "_version": "0", **own}, {})
        timed(results, "save a section" if index == 0 else "other sections", client, "POST", path, body, kind)
        for question in section.questions.all():
            if question.type != Question.Type.FILE:
                continue
            for label, filename, content in files:
                fields = {"csrfmiddlewaretoken": client.token(path), "_upload": question.key, **own}
                body, kind = multipart(fields, {question.key: (filename, content)})
                timed(results, label, client, "POST", path, body, kind)
    overview = reverse("applying:application", args=[application.public_id])
    body = f"csrfmiddlewaretoken={client.token(overview)}".encode()
    submit = reverse("applying:submit", args=[application.public_id])
    timed(results, "submit", client, "POST", submit, body, "application/x-www-form-urlencoded")
    copy = reverse("applying:copy-pdf", args=[application.public_id])
    if not timed(results, "render the submitted copy", client, "GET", copy, expected=200).startswith(b"%PDF"):
        sys.exit("the submitted copy is not a PDF")


def report(results: dict) -> None:
    import gunicorn

    print(
        f"\ngunicorn {gunicorn.__version__}, {gunicorn_workers()} sync workers, production settings, PostgreSQL; "
        f"{RUNS} runs each, one request at a time\n"
    )
    print(f"{'step':<28} {'runs':>5} {'median ms':>10} {'p95 ms':>8}")
    for name, latencies in results.items():
        median = statistics.median(latencies) * 1000
        p95 = statistics.quantiles(latencies, n=20)[18] * 1000
        print(f"{name:<28} {len(latencies):>5} {median:10.1f} {p95:8.1f}")


def main() -> None:
    import os

    recreate_database(os.environ["DATABASE_URL"])
    rfp, applicant, cookie = seed()
    pdf, jpeg = document(2), photo(4)
    print(f"PDF {len(pdf) / 1e6:.1f} MB, photo {len(jpeg) / 1e6:.1f} MB")
    files = [("upload a 2 MB PDF", "budget.pdf", pdf), ("upload a 4 MB photo", "photo.jpg", jpeg)]
    port = free_port()
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryFile() as log:
        server = start_gunicorn(port, log)
        try:
            client = Client(port, cookie)
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.request("GET", "/")
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        log.seek(0)
                        sys.exit("gunicorn did not start:\n" + log.read().decode(errors="replace"))
                    time.sleep(0.2)
            answers = complete_answers(rfp)
            rfp.applications_per_applicant = RUNS + 1
            rfp.save(update_fields=["applications_per_applicant"])
            one_run(client, rfp, applicant, answers, files, {})  # warm up
            for _ in range(RUNS):
                one_run(client, rfp, applicant, answers, files, results)
        finally:
            server.terminate()
            server.wait(30)
    report(results)


if __name__ == "__main__":
    main()
