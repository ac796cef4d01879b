"""Reading a search request's parameters (`../shared/spec/search-api.md`):
q, window, theme, type, online, page. The JSON API refuses a bad value with
400; the search page leaves it out."""

from dataclasses import dataclass, field

from guides.models import ItemType, Theme, Window

from .backends.base import Filters

TRUE, FALSE = ("1", "true", "on"), ("", "0", "false")
MAX_PAGE = 1000


@dataclass
class SearchParams:
    query: str = ""
    filters: Filters = field(default_factory=Filters)
    page: int = 1
    errors: dict = field(default_factory=dict)  # parameter → message


def parse(data):
    """SearchParams from a QueryDict; values that are not valid are left at
    their default and named in `errors`."""
    params = SearchParams(query=data.get("q", ""))
    filters = {}

    window = data.get("window", "").strip()
    if window:
        if window.isdecimal() and Window.objects.filter(pk=int(window)).exists():
            filters["window"] = int(window)
        else:
            params.errors["window"] = f"没有编号为 {window} 的承办窗口"

    theme = data.get("theme", "").strip()
    if theme:
        if Theme.objects.filter(slug=theme).exists():
            filters["theme"] = theme
        else:
            params.errors["theme"] = f"没有“{theme}”这个生活主题"

    item_type = data.get("type", "").strip()
    if item_type:
        if item_type in ItemType.values:
            filters["item_type"] = item_type
        else:
            params.errors["type"] = f"事项类型只能是：{'、'.join(ItemType.values)}"

    online = data.get("online", "").strip().lower()
    if online in TRUE:
        filters["online"] = True
    elif online not in FALSE:
        params.errors["online"] = "online 只能是 1 或 0"

    page = data.get("page", "").strip() or "1"
    if page.isdecimal() and 1 <= int(page) <= MAX_PAGE:
        params.page = int(page)
    else:
        params.errors["page"] = f"page 应为 1 到 {MAX_PAGE} 之间的整数"

    params.filters = Filters(**filters)
    return params
