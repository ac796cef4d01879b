"""Limits that hold across workers and proxies: the client address rule, the
shared throttle, the status lookup per address and per reference, feedback,
and login throttling with django-axes."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings

from cases.models import Submission
from cases.views import STATUS_ATTEMPTS, STATUS_GRANTS, STATUS_WINDOW_SECONDS
from core.clientip import client_ip
from core.throttle import Throttle
from guides.feedback import FEEDBACK_LIMIT
from guides.models import GuideFeedback, ServiceGuidePage
from tests.support import APPLICANT_ID

pytestmark = pytest.mark.django_db

DB_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "centre_cache"}
# Two aliases on one table: two worker processes sharing the database cache.
TWO_WORKERS = {"default": DB_CACHE, "worker2": DB_CACHE}


@pytest.fixture(autouse=True)
def clear_caches():
    caches["default"].clear()
    yield
    caches["default"].clear()


def request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


# --- client address -------------------------------------------------------------


@override_settings(TRUSTED_PROXIES=[])
def test_forwarded_for_ignored_without_trusted_proxies():
    assert client_ip(request("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_forwarded_for_believed_only_from_a_trusted_proxy():
    # From the proxy: the rightmost address that is not a proxy is the client;
    # what the client wrote itself (leftmost) is never reached.
    assert client_ip(request("127.0.0.1", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request("127.0.0.1", "203.0.113.9, 10.1.2.3")) == "203.0.113.9"
    # From anywhere else the header is the client's own claim.
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"
    # Garbled header: fall back to the proxy's address rather than trusting it.
    assert client_ip(request("127.0.0.1", "not-an-ip")) == "127.0.0.1"
    assert client_ip(request("127.0.0.1")) == "127.0.0.1"


# --- the throttle itself --------------------------------------------------------


@pytest.fixture
def shared_cache():
    with override_settings(CACHES=TWO_WORKERS):
        call_command("createcachetable", verbosity=0)
        yield
        caches["default"].clear()


def test_throttle_is_shared_between_workers(shared_cache):
    first, second = Throttle("t", 10, 900), Throttle("t", 10, 900, cache_alias="worker2")
    allowed = [(first if n % 2 else second).hit("203.0.113.9") for n in range(25)]
    assert allowed.count(True) == 10 and allowed[10:] == [False] * 15
    assert first.exceeded("203.0.113.9") and second.exceeded("203.0.113.9")
    assert not first.exceeded("203.0.113.10")


def test_throttle_slots_expire_after_the_window(monkeypatch):
    throttle = Throttle("expiry", 3, 60)
    for _ in range(3):
        assert throttle.hit("k")
    assert not throttle.hit("k") and throttle.count("k") == 3
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert throttle.count("k") == 0 and throttle.hit("k")


def test_throttle_keys_hold_no_address():
    Throttle("privacy", 3, 60).hit("203.0.113.9")
    keys = list(caches["default"]._cache.keys())
    assert keys and not any("203.0.113.9" in key for key in keys)


# --- status lookup --------------------------------------------------------------


def lookup(reference, last4, remote="10.9.9.9", forwarded=None, client=None):
    client = client or Client()
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/apply/status/", {"reference": reference, "last4": last4}, **extra)


def test_guessing_one_reference_from_many_addresses_is_stopped(desk):  # noqa: F811
    case = desk.case()
    for n in range(STATUS_ATTEMPTS):
        assert lookup(case.reference, f"{n:04d}", remote=f"198.51.100.{n + 1}").status_code == 200
    attacker = Client()
    refused = lookup(case.reference, APPLICANT_ID[-4:], remote="198.51.100.200", client=attacker)
    assert refused.status_code == 429 and "待受理" not in refused.content.decode()
    assert STATUS_GRANTS not in attacker.session  # nothing granted
    # Other cases are not affected.
    other = desk.case()
    assert lookup(other.reference, APPLICANT_ID[-4:], remote="198.51.100.201").status_code == 200


def test_applicant_is_not_locked_out_longer_than_the_window(desk, monkeypatch):  # noqa: F811
    case = desk.case()
    for n in range(STATUS_ATTEMPTS):
        lookup(case.reference, f"{n:04d}", remote=f"198.51.100.{n + 1}")
    assert lookup(case.reference, APPLICANT_ID[-4:], remote="203.0.113.9").status_code == 429
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + STATUS_WINDOW_SECONDS + 1)
    response = lookup(case.reference, APPLICANT_ID[-4:], remote="203.0.113.9")
    assert response.status_code == 200 and "待受理" in response.content.decode()


def test_forged_forwarded_for_does_not_escape_the_address_limit(desk):  # noqa: F811
    for n in range(STATUS_ATTEMPTS):
        lookup(f"20990101-XX-{n:04d}", "0000", remote="10.0.0.2", forwarded=f"203.0.113.{n}")
    assert lookup("20990101-XX-9999", "0000", remote="10.0.0.2", forwarded="203.0.113.99").status_code == 429


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_residents_are_counted_apart(desk):  # noqa: F811
    case = desk.case()
    for n in range(STATUS_ATTEMPTS):
        lookup(f"20990101-XX-{n:04d}", "0000", remote="127.0.0.1", forwarded="198.51.100.66")
    assert lookup("20990101-XX-9999", "0000", remote="127.0.0.1", forwarded="198.51.100.66").status_code == 429
    # The real applicant behind the same proxy is not locked out by the guesser.
    resident = Client()
    response = lookup(case.reference, APPLICANT_ID[-4:], remote="127.0.0.1", forwarded="203.0.113.9", client=resident)
    assert response.status_code == 200 and case.reference in resident.session[STATUS_GRANTS]


def test_status_lookup_misses_shared_by_workers(desk, shared_cache):  # noqa: F811
    case = desk.case()
    for n in range(STATUS_ATTEMPTS):
        lookup(case.reference, f"{n:04d}", remote=f"198.51.100.{n + 1}")
    # A request another worker serves reads the same table.
    assert Throttle("status-reference", STATUS_ATTEMPTS, STATUS_WINDOW_SECONDS, "worker2").exceeded(case.reference)
    assert lookup(case.reference, APPLICANT_ID[-4:], remote="203.0.113.1").status_code == 429
    assert Submission.objects.get(pk=case.pk).status == Submission.Status.PENDING


# --- feedback -------------------------------------------------------------------


def test_feedback_limit_ignores_forged_forwarded_for(import_guides, full_item):
    import_guides(full_item)
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    client = Client()
    for n in range(FEEDBACK_LIMIT + 3):
        client.post(guide.url + "feedback/", {"helpful": "yes"}, REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}")
    assert GuideFeedback.objects.count() == FEEDBACK_LIMIT


# --- login ----------------------------------------------------------------------


@pytest.fixture
def manager(db):
    return get_user_model().objects.create_user("login-manager", password="right-password", is_staff=True, is_superuser=True)


def login(password, username="login-manager", remote="203.0.113.50"):
    client = Client(REMOTE_ADDR=remote)
    return client, client.post("/admin/login/", {"username": username, "password": password})


def test_login_is_throttled(manager):
    statuses = [login("wrong")[1].status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    client, locked = login("right-password")
    assert locked.status_code == 429 and "登录尝试次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    manager.refresh_from_db()
    assert manager.last_login is None


def test_guessing_one_account_from_many_addresses_locks_the_account(manager):
    get_user_model().objects.create_user("colleague", password="her-password", is_staff=True)
    statuses = [login("wrong", remote=f"198.51.100.{n}")[1].status_code for n in range(1, 6)]
    assert statuses == [200, 200, 200, 200, 429]
    client, refused = login("right-password", remote="198.51.100.99")  # even the right password, from a fresh address
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    # Another account, from one of those addresses, is not locked.
    client, response = login("her-password", username="colleague", remote="198.51.100.1")
    assert response.status_code == 302 and client.session["_auth_user_id"]


def test_trying_many_accounts_from_one_address_locks_the_address(manager):
    statuses = [login("wrong", username=f"guess{n}", remote="192.0.2.7")[1].status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert login("right-password", remote="192.0.2.7")[1].status_code == 429
    client, response = login("right-password", remote="192.0.2.8")  # the account itself is not locked
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(manager.pk)


def test_a_real_user_is_locked_out_no_longer_than_the_cool_off(manager, monkeypatch, settings):
    from django.core.cache.backends import base, locmem

    clock = type("Clock", (), {"now": time.time(), "time": lambda self: self.now})()
    monkeypatch.setattr(base, "time", clock)  # when cache entries expire …
    monkeypatch.setattr(locmem, "time", clock)  # … and whether they have
    cooloff = settings.AXES_COOLOFF_TIME * 3600
    for n in range(5):
        login("wrong", remote=f"198.51.100.{n + 1}")
    locked_at = clock.now
    # The attacker keeps trying all through the lock-out, from a new address each minute …
    while clock.now + 60 < locked_at + cooloff:
        clock.now += 60
        assert login("wrong", remote=f"198.51.100.{100 + int(clock.now - locked_at) // 60}")[1].status_code == 429
    # … yet once the cool-off since the lock-out began has passed, the user gets in.
    clock.now = locked_at + cooloff + 1
    client, response = login("right-password", remote="203.0.113.9")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(manager.pk)


def test_client_login_still_works(manager):
    client = Client()
    assert client.login(username="login-manager", password="right-password")
    assert client.get("/admin/").status_code == 200


def test_slots_are_taken_before_acting_and_given_back():
    throttle = Throttle("slots", 3, 60)
    slots = [throttle.take("k") for _ in range(3)]
    assert None not in slots and len(set(slots)) == 3 and throttle.take("k") is None
    throttle.release(slots[0])
    assert throttle.take("k") is not None and throttle.take("k") is None


def test_correct_lookups_do_not_use_up_the_allowance(desk):  # noqa: F811
    case = desk.case()
    for n in range(STATUS_ATTEMPTS - 1):
        assert lookup(case.reference, f"{n:04d}").status_code == 200
    for _ in range(3):
        assert "待受理" in lookup(case.reference, APPLICANT_ID[-4:]).content.decode()
    assert lookup(case.reference, "9999").status_code == 200  # the tenth miss
    assert lookup(case.reference, APPLICANT_ID[-4:]).status_code == 429
