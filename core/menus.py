"""The header menu of a Site, from its 中心设置 or else from its page tree.

Staff choose the entries with page choosers (`CentreSettings.menu_links`), so
renaming or moving a page never breaks the menu; a Site that has chosen none
shows the live pages directly under its home page that are marked
“在菜单中显示” (Wagtail's `show_in_menus`)."""

from dataclasses import dataclass

from .site_info import site_for


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str


def header_menu(request, centre_settings=None):
    site = site_for(request)
    if site is None:
        return []
    if centre_settings is not None and centre_settings.menu_links:
        items = []
        for block in centre_settings.menu_links:
            page = block.value["page"]
            if page is None or not page.live:
                continue
            items.append(MenuItem(block.value["label"] or page.title, page.get_url(request)))
        return items
    return [MenuItem(page.title, page.get_url(request)) for page in site.root_page.get_children().live().in_menu()]
