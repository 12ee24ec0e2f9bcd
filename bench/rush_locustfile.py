"""The applicants of bench/rush.py, as locust users: each takes the next applicant of the plan
that file wrote (RUSH_PLAN), waits for their moment in the window and goes through their draft
as a browser without JavaScript does: every form fetched before it is posted (its CSRF token is
in the page), every redirect followed by hand, cookies kept by hand (the production settings
mark them Secure, which a client speaking plain HTTP to gunicorn would otherwise drop).

Run by bench/rush.py; not on its own."""

import contextlib
import itertools
import json
import os
import re
import time
import uuid
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["RUSH_PLAN"]).read())  # noqa: SIM115
with open(PLAN["pdf"], "rb") as file:
    PDF = file.read()
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(rb'name="_version" value="(\d+)"')
# Why a page was shown again rather than redirected: its message and the first field's problem.
SAID = re.compile(rb'<p class="alert[^"]*">(.*?)</p>|class="invalid-feedback"[^>]*>(.*?)<', re.S)
NEXT = itertools.count()
FINISHED = itertools.count(1)


# Every request's time, by step, and every failure, for bench/rush.py (RUSH_RESULTS): exact
# percentiles rather than locust's rounded ones, and nothing lost to its periodic CSV writes.
TIMES: dict[str, list[float]] = {}
FAILURES: dict[str, int] = {}
SPAN = {"first": None, "last": None}


@events.request.add_listener
def _record(request_type, name, response_time, exception, start_time, **_kwargs):
    TIMES.setdefault(name, []).append(response_time)
    if exception is not None:
        key = f"{request_type} {name}: {exception}"
        FAILURES[key] = FAILURES.get(key, 0) + 1
    SPAN["first"] = min(SPAN["first"] or start_time, start_time)
    SPAN["last"] = max(SPAN["last"] or 0, start_time + response_time / 1000)


@events.quitting.add_listener
def _write_results(**_kwargs):
    with open(os.environ["RUSH_RESULTS"], "w") as file:
        json.dump({"times": TIMES, "failures": FAILURES, "span": SPAN, "finished": next(FINISHED) - 1}, file)


class Abandoned(Exception):
    """A step failed (already recorded by locust): this applicant goes no further."""


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode())
    for name, (filename, content, kind) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(head.encode() + f"Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    def __init__(self, client, person: dict):
        self.client, self.person = client, person
        self.cookies = dict(person["cookies"])
        self.page = "/"  # the page a form was posted from, as the Referer says

    def send(self, step: str, method: str, path: str, *, body=b"", kind="", expect=200, to=None) -> bytes:
        headers = {
            "Host": PLAN["host"],
            "X-Forwarded-Proto": "https",
            # As the proxy adds it: every applicant from their own address (the sign-in limits
            # count by address as well as by account).
            "X-Forwarded-For": self.person["ip"],
            "Accept-Language": "en",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        if method == "POST":
            headers |= {"Origin": f"https://{PLAN['host']}", "Referer": f"https://{PLAN['host']}{self.page}"}
        if kind:
            headers["Content-Type"] = kind
        with self.client.request(
            method, path, name=step, data=body or None, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            for value in response.headers.get_all("set-cookie", []) if response.headers else []:
                name, _, rest = value.partition("=")
                cookie = rest.split(";", 1)[0]
                if cookie and "max-age=0" not in value.lower():
                    self.cookies[name.strip()] = cookie
                else:
                    self.cookies.pop(name.strip(), None)
            location = response.headers.get("location", "") if response.headers else ""
            page = response.content or b""
            if response.status_code != expect or (to is not None and location.split("#")[0] != to):
                said = [(found[1] or found[2]).decode(errors="replace").strip() for found in SAID.finditer(page)]
                response.failure(f"{response.status_code} {location} {' / '.join(said[:2])}"[:200].strip())
                raise Abandoned
            response.success()
            if method == "GET":
                self.page = path
            return page

    @staticmethod
    def field(pattern, page: bytes) -> str:
        found = pattern.search(page)
        if not found:
            raise Abandoned
        return found[1].decode()

    def journey(self) -> None:
        person, overview = self.person, self.person["overview"]
        if person["signs_in"]:
            login = f"{PLAN['login']}?next={overview}"
            page = self.send("sign in: form", "GET", login)
            body = urlencode(
                {"csrfmiddlewaretoken": self.field(TOKEN, page), "login": person["email"], "password": PLAN["password"]}
            )
            self.pause()
            self.send(
                "sign in", "POST", login, body=body.encode(), kind="application/x-www-form-urlencoded", expect=302,
                to=overview,
            )  # fmt: skip
        self.send("open the draft", "GET", overview)
        sections = person["sections"]
        page = self.send("open a section", "GET", sections[0]["path"])
        for index, section in enumerate(sections):
            after = sections[index + 1]["path"] if index + 1 < len(sections) else section["path"]
            fields = {
                "csrfmiddlewaretoken": self.field(TOKEN, page),
                "_version": self.field(VERSION, page),
                **section["answers"],
            }
            if index + 1 < len(sections):
                fields["_go"] = "next"
            body, kind = multipart(fields, {})
            self.pause()
            self.send("save a section", "POST", section["path"], body=body, kind=kind, expect=302, to=after)
            page = self.send("open a section", "GET", after)
        last = sections[-1]
        fields = {
            "csrfmiddlewaretoken": self.field(TOKEN, page),
            "_version": self.field(VERSION, page),
            "_upload": PLAN["file_key"],
        }
        fields |= {"_go": "overview", **last["answers"]}
        body, kind = multipart(fields, {PLAN["file_key"]: ("budget.pdf", PDF, "application/pdf")})
        self.pause()
        self.send("upload a 1 MB PDF", "POST", last["path"], body=body, kind=kind, expect=302, to=overview)
        page = self.send("open the draft", "GET", overview)
        body = f"csrfmiddlewaretoken={self.field(TOKEN, page)}".encode()
        self.pause()
        self.send(
            "submit", "POST", person["submit"], body=body, kind="application/x-www-form-urlencoded", expect=302,
            to=overview,
        )  # fmt: skip
        if b"Its reference is" not in self.send("read the receipt", "GET", overview):
            raise Abandoned

    def pause(self) -> None:
        """Reading and typing between two requests."""
        gevent.sleep(PLAN["think_seconds"])


class Applicant(FastHttpUser):
    host = PLAN["base_url"]

    @task
    def apply(self):
        index = next(NEXT)
        if index >= len(PLAN["applicants"]):
            raise StopUser
        person = PLAN["applicants"][index]
        delay = PLAN["started_at"] + person["start"] - time.time()
        if delay > 0:
            gevent.sleep(delay)
        with contextlib.suppress(Abandoned):
            Browser(self.client, person).journey()
        if next(FINISHED) == len(PLAN["applicants"]):
            self.environment.runner.quit()
