"""The soak test's mixed load (issue 14 item 5): what visitors and staff do, for locust.

Started by ``bench/soak/run.py``, which prepares the database and writes the
plan this file reads (``SOAK_PLAN``: URLs, staff accounts with their
authenticator keys, customers, requests ready for an answer). Nothing here
imports Django: locust talks to gunicorn over HTTP like a browser, and every
staff member logs in with password and two-step code like a person.

Every response is checked for what a person would see (status and a piece of
the page), so a page that answers 200 with the wrong content counts as a
failure. Requests are named by kind ("public: …", "staff: …"), which is how
the results are tabulated in bench/README.md.
"""

import hashlib
import hmac
import json
import os
import random
import re
import struct
import time
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["SOAK_PLAN"]).read_text(encoding="utf-8"))
ACCOUNTS = {role: list(accounts) for role, accounts in PLAN["accounts"].items()}
LETTER_REQUESTS = list(PLAN["letter_requests"])
CONSENT_EMAILS = list(PLAN["consent_emails"])
URLS = PLAN["urls"]


def totp(key_hex, at=None, step=30, digits=6):
    """The authenticator app's current code (RFC 6238, as django-otp's TOTPDevice checks it)."""
    counter = int((at or time.time()) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def expect(response, status=200, contains=None):
    """Mark the response failed unless it has ``status`` and, when given, contains ``contains``."""
    if response.status_code != status:
        response.failure(f"status {response.status_code}, expected {status}")
    elif contains is not None and contains not in response.text:
        response.failure(f"{contains!r} not on the page")
    else:
        response.success()


class Visitor(HttpUser):
    """Someone on the public site: reads, chooses cookies, sends a request or asks for a consent link."""

    weight = 6
    wait_time = between(1, 4)

    def csrf(self):
        return self.client.cookies.get("csrftoken", "")

    @task(5)
    def home(self):
        with self.client.get(URLS["home"], name="public: home", catch_response=True) as response:
            expect(response, contains="Kanalinhelmi")

    @task(3)
    def privacy_notice(self):
        with self.client.get(
            URLS["privacy_notice"], name="public: privacy notice", catch_response=True
        ) as response:
            expect(response, contains="Kanalinhelmi")

    @task(2)
    def rights(self):
        with self.client.get(URLS["rights"], name="public: rights page", catch_response=True) as response:
            expect(response, contains=URLS["request_form"].replace("KIND", "inspection"))

    @task(3)
    def send_request(self):
        """Fill in a rights form and send it: a stored request and a confirmation e-mail in the queue."""
        kind = random.choice(["inspection", "correction", "prohibit_direct_marketing"])
        url = URLS["request_form"].replace("KIND", kind)
        with self.client.get(url, name="public: request form", catch_response=True) as response:
            expect(response, contains='name="csrfmiddlewaretoken"')
        visitor = uuid.uuid4().hex[:12]
        with self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": self.csrf(),
                "first_name": "Kuorma",
                "last_name": "Testaaja",
                "email": f"soak-{visitor}@example.fi",
                "phone": "",
                "postal_address": "Kanavakatu 1\n00100 Helsinki",
                "details": "Kuormitustesti: pyyntö, jonka soak-testi lähetti.",
                "mandate_kind": "",
                "confirm_truthful": "on",
                "website": "",
            },
            name="public: request form sent",
            catch_response=True,
        ) as response:
            # Redirected to the "sent" page, which links the request letter to sign.
            expect(response, contains=URLS["request_letter_prefix"])
        if random.random() < 0.1:
            self.request_letter(response.text)

    def request_letter(self, sent_page):
        """The pre-filled letter to sign (S34): a PDF made in the request, once, then stored."""
        match = re.search(f'href="({re.escape(URLS["request_letter_prefix"])}[^"?]+/)"', sent_page)
        if match is None:
            return
        with self.client.get(match.group(1), name="public: request letter (PDF)", catch_response=True) as r:
            expect(r)
            if r.headers.get("Content-Type") != "application/pdf":
                r.failure("not a PDF")

    @task(2)
    def choose_cookies(self):
        with self.client.get(URLS["cookies"], name="public: cookie settings", catch_response=True) as r:
            expect(r, contains='name="action"')
        choice = random.choice(["accept_all", "reject_all", "choose"])
        data = {"csrfmiddlewaretoken": self.csrf(), "action": choice, "next": URLS["home"]}
        if choice == "choose":
            data["analytics"] = "on"
        with self.client.post(
            URLS["cookies"], data=data, name="public: cookie choice", catch_response=True
        ) as r:
            expect(r, contains="Kanalinhelmi")

    @task(1)
    def ask_consent_link(self):
        """Ask for the consent link: for an address in the register a link is mailed (the queue)."""
        with self.client.get(
            URLS["consent_link"], name="public: consent link form", catch_response=True
        ) as r:
            expect(r, contains='name="email"')
        email = CONSENT_EMAILS.pop() if CONSENT_EMAILS else f"soak-{uuid.uuid4().hex[:12]}@example.fi"
        with self.client.post(
            URLS["consent_link"],
            data={"csrfmiddlewaretoken": self.csrf(), "email": email},
            name="public: consent link sent",
            catch_response=True,
        ) as r:
            expect(r, contains='name="email"')


class Staff(HttpUser):
    """A staff member with an account of their own, logged in with password and authenticator code."""

    abstract = True
    role = None
    wait_time = between(2, 6)

    def on_start(self):
        account = ACCOUNTS[self.role].pop()
        self.username = account["username"]
        self.user_id = account["id"]
        self.client.get(URLS["login"], name="staff: login page")
        with self.client.post(
            URLS["login"],
            data={
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
                "username": account["username"],
                "password": PLAN["password"],
                "next": URLS["admin"],
            },
            name="staff: login",
            catch_response=True,
        ) as response:
            # After the password the back-office asks for the second factor.
            expect(response, contains='name="token"')
        with self.client.post(
            URLS["verify"] + "?next=" + URLS["admin"],
            data={
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
                "token": totp(account["key"]),
            },
            name="staff: two-step code",
            catch_response=True,
        ) as response:
            expect(response, contains='id="user-tools"')

    def page(self, url, name, contains='id="user-tools"'):
        with self.client.get(url, name=name, catch_response=True) as response:
            expect(response, contains=contains)
            return response


class CustomerService(Staff):
    """Customer service (Asiakaspalvelu): the customer list, searches, a customer's page, the requests."""

    role = "customer_service"
    weight = 3

    @task(3)
    def customer_list(self):
        self.page(URLS["customers"], "staff: customer list", contains='id="result_list"')

    @task(5)
    def search(self):
        term = random.choice(PLAN["search_terms"])
        self.page(f"{URLS['customers']}?q={term}", "staff: customer search", contains='id="changelist"')

    @task(3)
    def customer_page(self):
        customer = random.choice(PLAN["customers"])
        self.page(
            URLS["customer"].replace(PLAN["id"], str(customer)),
            "staff: customer page",
            contains='id="customer_form"',
        )

    @task(1)
    def request_list(self):
        self.page(URLS["requests"], "staff: request list", contains='id="changelist"')


class Practitioner(Staff):
    """An independent practitioner: their own customers only."""

    role = "practitioner"
    weight = 1

    @task(2)
    def own_customers(self):
        self.page(URLS["customers"], "staff: practitioner's list", contains='id="changelist"')

    @task(1)
    def search(self):
        term = random.choice(PLAN["search_terms"])
        self.page(f"{URLS['customers']}?q={term}", "staff: practitioner's search", contains='id="changelist"')


class ResponsiblePerson(Staff):
    """The responsible person (Rekisterivastaava) reviewing the audit trail (S2, S39)."""

    role = "responsible_person"
    weight = 1

    @task(2)
    def whole_trail(self):
        self.page(URLS["audit_review"], "staff: audit review, whole trail")

    @task(2)
    def customer_history(self):
        customer = random.choice(PLAN["customers"])
        self.page(
            URLS["audit_customer"].replace(PLAN["id"], str(customer)), "staff: audit review, one customer"
        )

    @task(1)
    def staff_history(self):
        actor = random.choice(PLAN["actors"])
        self.page(
            URLS["audit_staff"].replace(PLAN["id"], str(actor)), "staff: audit review, one staff member"
        )

    @task(1)
    def busy_days(self):
        self.page(URLS["audit_busy_days"], "staff: audit review, busy days")


class LetterClerk(Staff):
    """Customer service answering inspection requests: the letter and access report are made by the worker.

    Each request was sent and confirmed before the run (``run.py``); the
    clerk verifies the identity, starts, completes (each step a form with
    the version shown), then waits for the letter as staff would, reloading
    the request's page, and downloads the PDF.
    """

    role = "letters"
    fixed_count = 2
    wait_time = between(5, 15)

    def step(self, request_id, action, data, name):
        url = URLS["request_action"].replace(PLAN["id"], str(request_id)).replace("ACTION", action)
        with self.client.get(url, name=f"staff: {name} form", catch_response=True) as response:
            expect(response, contains='name="version"')
        version = re.search(r'name="version" value="(\d+)"', response.text)
        with self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
                "version": version.group(1) if version else "",
                **data,
            },
            name=f"staff: {name}",
            catch_response=True,
        ) as response:
            # Done: back on the request's page with the success message.
            expect(response, contains='class="success"')
        return response

    @task
    def answer_inspection(self):
        if not LETTER_REQUESTS:
            return
        request = LETTER_REQUESTS.pop()
        self.step(
            request["id"],
            "verify_identity",
            {"method": "in_person", "customer": request["customer"], "note": ""},
            "verify identity",
        )
        self.step(request["id"], "start_processing", {"note": ""}, "start processing")
        started = time.monotonic()
        self.step(request["id"], "complete_request", {"note": "Soak-testi"}, "complete (letter job queued)")
        page_url = URLS["request"].replace(PLAN["id"], str(request["id"]))
        letter = None
        while letter is None and time.monotonic() - started < 120:
            time.sleep(2)
            response = self.page(
                page_url, "staff: request page, waiting for the letter", contains="letter-status"
            )
            if "errornote" in response.text:
                events.request.fire(
                    request_type="JOB",
                    name="job: letter made",
                    response_time=(time.monotonic() - started) * 1000,
                    response_length=0,
                    exception=RuntimeError("the letter could not be made"),
                )
                return
            letter = re.search(r'href="([^"]+/letter/\d+/pdf/)"', response.text)
        # The time from "complete" to a letter staff can download, as a kind of its own.
        events.request.fire(
            request_type="JOB",
            name="job: letter made",
            response_time=(time.monotonic() - started) * 1000,
            response_length=0,
            exception=None if letter else TimeoutError("no letter after 120 s"),
        )
        if letter:
            with self.client.get(letter.group(1), name="staff: letter PDF", catch_response=True) as response:
                expect(response)
                if response.headers.get("Content-Type") != "application/pdf":
                    response.failure("not a PDF")
