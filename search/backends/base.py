"""What every search backend does, and the values it answers with."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field


class BackendUnavailable(Exception):
    """The backend cannot answer now (server down, index missing)."""


@dataclass(frozen=True)
class Filters:
    window: int | None = None
    theme: str | None = None
    item_type: str | None = None
    online: bool | None = None

    def accepts(self, window_id, themes, item_type, online, skip=None):
        """Whether a document passes every filter except the facet `skip`
        (facet counts leave out their own filter, so other choices stay visible)."""
        return (
            (skip == "window" or self.window is None or window_id == self.window)
            and (skip == "theme" or self.theme is None or self.theme in themes)
            and (skip == "type" or self.item_type is None or item_type == self.item_type)
            and (skip == "online" or self.online is None or online == self.online)
        )


@dataclass
class Match:
    document: object  # search.documents.Document, as stored
    score: float
    textual: bool  # matched what was typed or a synonym, not only its pinyin


@dataclass
class Matches:
    total: int
    matches: list  # the requested page of Match, best first
    # facet name ("window", "theme", "type", "online") → {value: count}
    facets: dict = field(default_factory=dict)


class SearchBackend(ABC):
    name = ""

    @abstractmethod
    def index(self, documents):
        """Add or replace documents."""

    @abstractmethod
    def remove(self, page_ids):
        """Drop the documents of these pages (unknown ids are ignored)."""

    @abstractmethod
    def clear(self):
        """Drop every document."""

    @abstractmethod
    def search(self, plan, filters, offset, limit):
        """Matches of a `search.analysis.QueryPlan`."""
