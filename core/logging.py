"""Structured logs without personal data.

`PersonalDataFilter` (on every handler in settings.LOGGING) rewrites each
record's message before anything is written:
- runs of 7 or more digits (not the date that opens a 受理编号, nor digits inside
  a UUID or a hex hash), with spaces, dashes or a +86 / 0086 country code
  between them (身份证号, mobile and landline numbers: `138 0013 8061`,
  `+86 138-0013-8061`, `3301 2219 9001 0112 34`), and a trailing X of an ID number;
- e-mail addresses;
- the query string of every URL: search terms and look-up fields never reach a
  log, from Django's request logging or from runserver's access lines.

`JSONFormatter` writes one JSON object per line (time, level, logger, message
and the whitelisted extra fields); `KeyValueFormatter` writes key=value lines
for reading in a terminal. LOG_FORMAT=json|text chooses (json in production).
Exception tracebacks go through the same scrub.
"""

import json
import logging
import re
from datetime import datetime, timezone

# A run stands alone (no digit right before or after it).
DIGITS = re.compile(r"(?<!\d)(?:(?:\+|00)86[ \t-]{0,2})?\d(?:[ \t-]{0,2}\d){6,}(?![ \t-]{0,2}\d)(?:[Xx](?![A-Za-z]))?")
# Kept whole, digits and all: a 受理编号 (20261201-MZ001-0001), how staff trace a
# case; a UUID (job and task ids); a hex hash or token of 16 or more characters
# with at least one letter a-f (a run of digits alone is never taken for one).
REFERENCE = r"(?<![\w-])\d{8}-[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*-\d{4,}(?![\w])"
UUID = r"(?<![0-9A-Za-z-])[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}(?![0-9A-Za-z-])"
HEX = r"(?<![0-9A-Za-z])(?=[0-9]*[a-fA-F])[0-9a-fA-F]{16,}(?![0-9A-Za-z])"
KEPT = re.compile(f"{REFERENCE}|{UUID}|{HEX}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# In an access line ("GET /search/?q=… HTTP/1.1") the query ends at the protocol.
REQUEST_LINE_QUERY = re.compile(r"(?P<path>/[^\s?#\"']*)\?[^\"\n]*?(?= HTTP/\d)")
QUERY = re.compile(r"(?P<path>(?:https?://[^\s/?#\"']+)?/[^\s?#\"']*)\?[^\s#\"']*")
DIGITS_MASK = "[号码已隐去]"
EMAIL_MASK = "[邮箱已隐去]"
QUERY_MASK = "?[查询已隐去]"

# Extra fields a record may carry into the structured line (all others are dropped,
# so an object such as `request` never ends up in a log).
EXTRA_FIELDS = ("status_code", "check", "ms", "path", "method", "task", "count")


def scrub(text):
    if not text:
        return text
    text = REQUEST_LINE_QUERY.sub(lambda m: m.group("path") + QUERY_MASK, text)
    text = QUERY.sub(lambda m: m.group("path") + QUERY_MASK, text)
    text = EMAIL.sub(EMAIL_MASK, text)
    out, start = [], 0
    for kept in KEPT.finditer(text):
        out += [DIGITS.sub(DIGITS_MASK, text[start : kept.start()]), kept.group()]
        start = kept.end()
    out.append(DIGITS.sub(DIGITS_MASK, text[start:]))
    return "".join(out)


class PersonalDataFilter(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw template
            message = str(record.msg)
        record.msg, record.args = scrub(message), None
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if isinstance(value, str):
                setattr(record, name, scrub(value))
        return True


class _Scrubbing:
    def formatException(self, exc_info):  # noqa: N802 - logging's name
        return scrub(super().formatException(exc_info))

    def formatStack(self, stack_info):  # noqa: N802
        return scrub(super().formatStack(stack_info))

    @staticmethod
    def fields(record):
        out = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                out[name] = scrub(value) if isinstance(value, str) else value if isinstance(value, (int, float)) else str(value)
        return out


class JSONFormatter(_Scrubbing, logging.Formatter):
    def format(self, record):
        out = self.fields(record)
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


class KeyValueFormatter(_Scrubbing, logging.Formatter):
    def format(self, record):
        out = self.fields(record)
        line = " ".join(f"{key}={json.dumps(value, ensure_ascii=False)}" for key, value in out.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line
