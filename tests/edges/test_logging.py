"""Structured logs without personal data: the filter configured in settings
scrubs numbers, e-mail addresses and query strings; lines are JSON or key=value."""

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings

from core.logging import JSONFormatter, KeyValueFormatter, PersonalDataFilter, scrub

ID = "110101199003077777"


@pytest.mark.parametrize(
    "text",
    [
        f"身份证 {ID}", "身份证 11010119900307777X", "电话 13800138000", "电话 138 0013 8061", "电话 138-0013-8061",
        "电话 +86 138 0013 8061", "电话 0086-13800138000", "身份证 3301 2219 9001 0112 34", "座机 0571-87654321",
    ],
)  # fmt: skip
def test_numbers_are_scrubbed(text):
    out = scrub(text)
    assert "[号码已隐去]" in out and not any(run in out for run in ["138", "0013", "1101", "3301", "8765"])


def test_query_strings_and_emails_are_scrubbed_and_references_kept():
    assert scrub('"GET /search/?q=低保 王秀英 HTTP/1.1" 200') == '"GET /search/?[查询已隐去] HTTP/1.1" 200'
    assert "last4" not in scrub("POST /apply/status/?reference=X&last4=1234")
    assert scrub("写给 wang@example.com") == "写给 [邮箱已隐去]"
    assert scrub("受理编号 20261201-MZ-0001 和 20261201-MZ001-0001 已受理，共 3 件") == "受理编号 20261201-MZ-0001 和 20261201-MZ001-0001 已受理，共 3 件"
    assert scrub("日期 20261201-13800138000") != "日期 20261201-13800138000"


def capture(formatter):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(formatter)
    logger = logging.getLogger("tests.edges.logging")
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_json_lines_without_personal_data():
    logger, stream = capture(JSONFormatter())
    logger.info("查询 %s 电话 %s", ID, "13800138000", extra={"path": f"/search/?q={ID}", "request": object()})
    try:
        raise ValueError(f"bad value {ID}")
    except ValueError:
        logger.exception("failed for wang@example.com")
    lines = stream.getvalue().splitlines()
    first = json.loads(lines[0])
    assert first["level"] == "INFO" and first["logger"] == "tests.edges.logging"
    assert first["message"] == "查询 [号码已隐去] 电话 [号码已隐去]" and first["path"] == "/search/?[查询已隐去]"
    assert "request" not in first
    second = json.loads("\n".join(lines[1:]))
    assert "ValueError" in second["exception"] and ID not in stream.getvalue() and "wang@" not in stream.getvalue()


def test_key_value_lines():
    logger, stream = capture(KeyValueFormatter())
    logger.warning("刷新 %s", "13800138000", extra={"status_code": 429})
    line = stream.getvalue()
    assert line.startswith("time=") and 'level="WARNING"' in line and "status_code=429" in line
    assert "13800138000" not in line and "[号码已隐去]" in line


def test_settings_put_the_filter_on_every_handler():
    for name, handler in settings.LOGGING["handlers"].items():
        assert "personal_data" in handler.get("filters", []), name
    for name in ("django", "django.server"):
        assert settings.LOGGING["loggers"][name]["handlers"] == ["console"]


def test_request_logging_keeps_no_query_string(client, db, capsys):
    """A 404 for a URL with an ID number in its path and query is logged scrubbed."""
    logging.config.dictConfig(settings.LOGGING)
    logging.getLogger("django.request").setLevel(logging.WARNING)
    response = client.get(f"/s/{ID}/", {"q": ID})
    assert response.status_code == 404
    err = capsys.readouterr().err
    assert ID not in err and "13800138000" not in err


@pytest.mark.parametrize(
    "identifier",
    [
        "3f2a9c4e-1234-5678-9012-345678901234",  # a task id: digit groups joined by dashes
        "12345678-1234-1234-1234-123456789012",  # a UUID of digits only
        "0b1c2d3e4f5a6b7c8d9e0123456789ab",  # a UUID without dashes
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",  # a SHA-1
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",  # a SHA-256
    ],
)
def test_uuids_and_hashes_keep_their_digits(identifier):
    line = f"Job cases.tasks.send_receipt id={identifier} failed; task {identifier.upper()}."
    assert scrub(line) == line
    # … and the numbers around them are still masked
    out = scrub(f"task {identifier} 电话 +86 138-0013-8061 身份证 {ID} 座机 0571 8765 4321")
    assert out == f"task {identifier} 电话 [号码已隐去] 身份证 [号码已隐去] 座机 [号码已隐去]"


@pytest.mark.parametrize(
    "text",
    [
        "hash13800138000",  # a number glued to letters that are no hex token
        "id 13800138000ff",  # too short for a hash
        "UUID-like 1380013-8000-1234-5678-901234567890",  # groups of the wrong length
        "110101199003077777",  # an ID number is all digits: never a hash
    ],
)
def test_numbers_next_to_hex_letters_are_still_masked(text):
    assert "[号码已隐去]" in scrub(text) and "0013" not in scrub(text)
