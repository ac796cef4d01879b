"""受理编号: easy to read aloud over the phone, unique under concurrency.

Format `YYYYMMDD-ITEM-NNNN`: the day, the item's 事项编码 without separators,
and a per-day, per-item sequence. The parts the site generates are digits
only, so nothing can be mistaken for a look-alike letter (O/0, I/1, Z/2)."""

import re

from django.db import IntegrityError, transaction
from django.db.models import F

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
    """Take the next number for (day, item). Call inside the transaction that
    stores the submission, so a rolled-back submission gives its number back."""
    item = item_part(code)
    for _ in range(5):
        try:
            with transaction.atomic():
                counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(day=day, item=item)
                ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
                counter.refresh_from_db(fields=["last"])
                return f"{day:%Y%m%d}-{item}-{counter.last:04d}"
        except IntegrityError:  # another request created the counter first: take the lock and retry
            continue
    raise RuntimeError("could not allocate a reference number")
