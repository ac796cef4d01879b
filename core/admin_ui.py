"""Pieces of the Wagtail admin in Chinese that Wagtail's own do not give.

Wagtail lists a boolean field as "True"/"False" (and its BooleanColumn as an
icon titled "True"/"False"); `YesNoColumn` shows 是/否. Wagtail 8.0's list of
sites heads three columns with their English attribute names ("Port", "Site
name", "Root page"); `label_site_columns` gives them the fields' verbose names.
Which admin menu entries each role sees is decided here too
(`hidden_menu_items`), and the hooks of core/wagtail_hooks.py apply it.
"""

from django.utils.text import capfirst
from wagtail.admin.ui.tables import Column
from wagtail.models import Site

from .roles import is_manager

YES, NO = "是", "否"


class YesNoColumn(Column):
    """A boolean field of `model` as 是/否, sortable by the field."""

    def __init__(self, name, model, **kwargs):
        field = model._meta.get_field(name)
        kwargs.setdefault("label", capfirst(field.verbose_name))
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return ""
        return YES if value else NO


def label_site_columns():
    """Head the unlabelled columns of Wagtail's list of sites with the fields'
    (translated) verbose names instead of "Port", "Site name", "Root page"."""
    from wagtail.sites.views import IndexView

    fields = {field.name: field for field in Site._meta.fields}
    for column in IndexView.columns:
        if column.name in fields and column.label == capfirst(column.name.replace("_", " ")):
            column.label = capfirst(fields[column.name].verbose_name)


# Wagtail's menu entries by `name`. The editor guide and "what's new" open
# Wagtail's English documentation: nobody is shown them.
ENGLISH_DOCS = {"editor-guide", "whats-new-in-wagtail"}
# Window and township staff work on their guides, pages and cases; Wagtail's
# site-wide reports are for the managers (待复核指南 is the staff's own report),
# and a help menu holding only keyboard shortcuts is not worth its place.
MANAGERS_ONLY = {
    "reports": {"locked-pages", "workflows", "workflow-tasks", "site-history", "aging-pages", "page-types-usage"},
    "help": {"keyboard-shortcuts-trigger"},
}


def hidden_menu_items(user, menu):
    """The names of the entries of Wagtail's `menu` ("reports", "help") that `user` is not shown."""
    hidden = set(ENGLISH_DOCS) if menu == "help" else set()
    if not is_manager(user):
        hidden |= MANAGERS_ONLY.get(menu, set())
    return hidden


def drop_hidden(user, menu, items):
    """Remove in place the entries of `items` that `user` is not shown (names
    that start like a hidden name count: "whats-new-in-wagtail-8.0")."""
    hidden = hidden_menu_items(user, menu)
    items[:] = [item for item in items if not any(item.name.startswith(name) for name in hidden)]
