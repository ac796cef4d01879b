"""受理编号: easy to read aloud over the phone, unique under concurrency.

Format `YYYYMMDD-ITEM-NNNN`: the day, the item's 事项编码 without separators,
and a per-day, per-item sequence. The parts the site generates are digits
only, so nothing can be mistaken for a look-alike letter (O/0, I/1, Z/2)."""

import re

from django.db import connection

from core.text import canonical_code

from .models import ReferenceCounter

ITEM_RE = re.compile(r"[^A-Z0-9]")
TYPED_RE = re.compile(r"^(\d{8})([A-Z0-9]+?)(\d{4})$")


def as_typed(value):
    """A 受理编号 as a resident may type it — lower case, without or with other
    hyphens, spaces, full-width digits — in its stored form `YYYYMMDD-ITEM-NNNN`.
    Anything that cannot be one is returned upper-cased, to match nothing."""
    compact = canonical_code(value)[:40]
    match = TYPED_RE.match(compact)
    return "-".join(match.groups()) if match else compact


def item_part(code):
    return ITEM_RE.sub("", (code or "").upper())[:20] or "ITEM"


def next_reference(day, code):
    """Take the next number for (day, item): one statement that creates or
    increments the counter row and locks it until the end of the transaction.
    Call it inside the transaction that stores the submission, as late as
    possible (every other submission of the item that day waits for this lock),
    so a rolled-back submission gives its number back."""
    item = item_part(code)
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, item, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (day, item) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [day, item],
        )
        (number,) = cursor.fetchone()
    return f"{day:%Y%m%d}-{item}-{number:04d}"
