"""Counting limits shared by every worker: the status lookup, guide feedback
(and the login lock-out, which django-axes keeps in the same cache).

A `Throttle` allows `limit` events per `window` seconds for one key (a client
address, a 受理编号 …). Each event takes one of `limit` numbered slots with
`cache.add`, which is atomic on every shared backend (a primary-key insert in
the database cache, SET NX in Redis), so simultaneous requests in different
worker processes cannot both take the last slot. A slot expires `window`
seconds after it was taken: the limit is a sliding window, and nobody stays
locked out longer than `window` after the events that filled it.

The cache is settings.CACHES["default"], configured from CACHE_URL (the
database cache unless a Redis URL is given). Keys are hashed with the
SECRET_KEY, so no address or reference is stored in clear.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches


class Throttle:
    def __init__(self, name, limit, window, cache_alias="default"):
        self.name = name
        self.limit = limit
        self.window = window
        self.cache_alias = cache_alias

    @property
    def cache(self):
        return caches[self.cache_alias]

    def _base(self, ident):
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{self.name}:{ident}".encode()).hexdigest()[:32]
        return f"throttle:{self.name}:{digest}"

    def _slots(self, ident):
        base = self._base(ident)
        return [f"{base}:{n}" for n in range(self.limit)]

    def count(self, ident):
        """Events counted for `ident` within the window (at most `limit`)."""
        return len(self.cache.get_many(self._slots(ident)))

    def exceeded(self, ident):
        return self.count(ident) >= self.limit

    def take(self, ident):
        """Take a slot for one event: its key, or None when the limit is reached.
        Taking before acting makes the limit strict under simultaneous requests
        (each one acted on holds a slot); `release` gives a slot back when the
        event turned out not to count (a correct answer)."""
        slots = self._slots(ident)
        taken = self.cache.get_many(slots)
        for slot in slots:
            if slot not in taken and self.cache.add(slot, 1, self.window):
                return slot
        return None

    def release(self, slot):
        if slot is not None:
            self.cache.delete(slot)

    def hit(self, ident):
        """Count one event. True when it was within the limit, False when the
        limit was already reached (the event is then not counted)."""
        return self.take(ident) is not None

    def reset(self, ident):
        self.cache.delete_many(self._slots(ident))
