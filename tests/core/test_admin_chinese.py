"""The admin speaks Chinese: the pages window staff and managers use show none
of the English that Wagtail's own zh_Hans catalogue leaves (the project's
catalogue in locale/zh_Hans fills it in), boolean columns read 是/否, the page
types report names apps in Chinese, and staff are not shown Wagtail's reports
or its English help (core/admin_ui.py)."""

import ast
import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page, Site

from guides.models import ServiceGuidePage
from guides.site_setup import ensure_structure
from network.models import TownshipHomePage
from network.permissions import setup_township_group
from pages.models import ContentPage
from search.models import Synonym

pytestmark = pytest.mark.django_db

# What staff met in English (issue 13), and what a walk through the admin found besides.
ENGLISH = [
    "Autosave is paused",
    "Autosave is <span>paused",
    "There are validation errors, click save to highlight them",
    "Correct the validation errors to resume preview",
    "Save your changes before leaving",
    "View latest version",
    "A network error occurred",
    "Saved</",
    "New: ",
    "Page types usage",
    "editor guide",
    "Editor Guide",
    "What's new in Wagtail",
    "What&#x27;s new in Wagtail",
    "Your pages and snippets in a workflow",
    "Privacy and access",
    "Edit account avatar",
    "Search all pages",
    "Exploring",
    "Has child pages",
    "Date updated",
    "Edited by",
    "Toggle checks",
    "Content metrics",
    "Reading time",
    "Readability",
    "Show keyboard shortcuts",
    "Keyboard shortcuts are currently",
    "Paste without formatting",
    "JavaScript is required",
    "Choose when this page should go live",
    "Choose who can view the live version",
    "Schedule to publish",
    "Anyone can edit this",
    "Locking: ",
    "To be created by",
    "Sort by &#x27;",
    "in ascending order",
    "There are no ",
    "Theme preferences",
    "More contrast",
    "Use server language",
    'aria-label="Actions"',
    '"Shortcuts"',
    "- Wagtail</title>",  # every page's title
    "Moderators",  # Wagtail's default groups and workflow (core migration 0004)
    "Editors",
    "Site name",  # the list of sites
    "Root page",
]
ENGLISH_PATTERNS = [
    re.compile(r"\b\d+ Pages?\b"),  # 105 Pages (the dashboard)
    re.compile(r"\b\d+-\d+ of \d+"),  # 1-7 of 7 (listings)
    re.compile(r">\s*(True|False)\s*<"),  # boolean columns
    re.compile(r">\s*Port\s*<"),  # the list of sites
    # Strings handed to Wagtail's scripts as {"English": "translation"} (the
    # table block's, for one) that came back untranslated.
    re.compile(r"&quot;([A-Z][A-Za-z ,.?]{3,})&quot;: &quot;\1&quot;"),
    # forms.applicationformpage shown as text (page types report); not the page
    # chooser's configuration in attributes and scripts, which nobody reads.
    re.compile(r">[^<>]*\b[a-z]+\.[a-z]+page\b[^<>]*<"),
]
# Strings of Wagtail's JavaScript (the jsi18n catalogue) that its zh_Hans catalogue lacks.
JS_STRINGS = {
    "Insert a block": "插入内容块",
    "Autosave in progress…": "正在自动保存…",
    "Changes have been autosaved.": "修改已自动保存。",
    "Split block": "拆分内容块",
    "Blocks": "内容块",
    "(New)": "（新）",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def english_in(html):
    found = [text for text in ENGLISH if text in html]
    shown = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    found += [m.group(0) for pattern in ENGLISH_PATTERNS for m in pattern.finditer(shown)]
    return found


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def sidebar(html):
    """The sidebar's menu as (name, url) pairs, submenus flattened."""
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    items = []

    def walk(node):
        if isinstance(node, dict):
            args = node.get("_args") or [None]
            if str(node.get("_type")).endswith("MenuItem") and isinstance(args[0], dict):
                items.append((args[0].get("name"), args[0].get("url")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return items


@pytest.fixture
def admin_world(desk):
    """The case desk's windows, guides, forms and people, a case of the 民政窗口,
    an active and an inactive synonym, a staff member of a township and a
    content page."""
    desk.case()
    manager = desk.users["manager"]
    Synonym.objects.create(terms="低保", expansions="最低生活保障", active=True, created_by=manager)
    Synonym.objects.create(terms="医保", expansions="医疗保险", active=False, created_by=manager)
    home = Page.get_first_root_node().add_child(instance=TownshipHomePage(title="东山镇", slug="dongshan-home"))
    site = Site.objects.create(hostname="dongshan.localhost", port=80, root_page=home, site_name="东山镇")
    township_staff = get_user_model().objects.create_user("dongshan", password="pw", is_staff=True)
    township_staff.groups.add(setup_township_group(site))
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    about = ensure_structure().home.add_child(instance=ContentPage(title="中心简介", slug="about"))
    return {
        "content_page": about,
        "staff": desk.users["民政窗口"],
        "manager": manager,
        "township": township_staff,
        "guide": guide,
        "form": desk.pages["MZ-001"],
    }


def staff_pages(world):
    guide = world["guide"]
    return [
        "/admin/",
        f"/admin/pages/{guide.get_parent().pk}/",  # the window's page in the explorer
        f"/admin/pages/{guide.pk}/edit/",
        "/admin/snippets/guides/windowstaff/",
        "/admin/casedesk/cases/",
        "/admin/pages/search/?q=低保",
        "/admin/account/",
    ]


def manager_pages(world):
    return staff_pages(world) + [
        f"/admin/pages/{world['form'].pk}/edit/",
        f"/admin/pages/{world['content_page'].pk}/edit/",  # its body offers a table block
        "/admin/snippets/search/synonym/",
        "/admin/snippets/search/synonym/add/",
        "/admin/reports/page-types-usage/",
        "/admin/sites/",
        "/admin/groups/",
        "/admin/snippets/guides/window/edit/{}/".format(world["guide"].window_id),
    ]


@pytest.mark.parametrize("role", ["staff", "manager"])
def test_admin_pages_show_no_english(admin_world, role):
    client = client_for(admin_world[role])
    pages = staff_pages(admin_world) if role == "staff" else manager_pages(admin_world)
    english = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert CJK.search(html), url
        if found := english_in(html):
            english[url] = found
    assert english == {}


def test_wagtail_config_strings_are_chinese(admin_world):
    """window.wagtailConfig.STRINGS, the strings Wagtail's scripts take from the page."""
    html = client_for(admin_world["staff"]).get(f"/admin/pages/{admin_world['guide'].pk}/edit/").content.decode()
    config = json.loads(re.search(r'<script id="wagtail-config" type="application/json">(.*?)</script>', html, re.S).group(1))

    def strings(value, path=""):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from strings(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from strings(item, f"{path}[{index}]")
        elif isinstance(value, str):
            yield path, value

    texts = list(strings(config["STRINGS"]))
    assert len(texts) > 40  # the strings are there at all
    english = [
        (path, text) for path, text in texts
        if re.search(r"[A-Za-z]{3,}", re.sub(r"%\(\w+\)[sd]|\{\w+\}", "", text)) and not CJK.search(text)
    ]
    assert english == []


def test_javascript_catalogue_is_chinese(admin_world):
    """Django's JavaScriptCatalog of wagtail.admin (gettext() in Wagtail's scripts)."""
    response = client_for(admin_world["staff"]).get("/admin/jsi18n/")
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S).group(1))
    assert {msgid: catalogue.get(msgid) for msgid in JS_STRINGS} == JS_STRINGS
    untranslated = {
        msgid: text for msgid, text in catalogue.items()
        if re.search(r"[A-Za-z]{3,}", re.sub(r"%\(\w+\)s", "", msgid)) and not CJK.search(str(text))
    }
    assert untranslated == {}


def test_boolean_column_reads_yes_or_no(admin_world):
    html = client_for(admin_world["manager"]).get("/admin/snippets/search/synonym/").content.decode()
    cells = re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", html)
    assert cells.count("是") == 1 and cells.count("否") == 1
    assert not re.search(r">\s*(True|False)\s*<", html)


def test_page_types_report_names_apps_in_chinese(admin_world):
    html = client_for(admin_world["manager"]).get("/admin/reports/page-types-usage/").content.decode()
    assert "在线申报" in html and "办事指南" in html  # the apps of the form and the guide pages
    assert "forms.applicationformpage" not in html and "guides.serviceguidepage" not in html


@pytest.mark.parametrize("role", ["staff", "township"])
def test_staff_are_not_shown_reports_or_help(admin_world, role):
    menu = sidebar(client_for(admin_world[role]).get("/admin/").content.decode())
    names = {name for name, _ in menu}
    urls = {url for _, url in menu if url}
    assert "explorer" in names  # the menu is there
    assert not names & {"reports", "help", "editor-guide", "keyboard-shortcuts-trigger", "page-types-usage", "site-history"}
    assert not [url for url in urls if url.startswith("/admin/reports/") or "wagtail.org" in url]


def test_managers_keep_reports_and_shortcuts_but_not_the_english_guides(admin_world):
    menu = sidebar(client_for(admin_world["manager"]).get("/admin/").content.decode())
    names = {name for name, _ in menu}
    assert {"reports", "page-types-usage", "site-history", "workflows", "help", "keyboard-shortcuts-trigger"} <= names
    assert "editor-guide" not in names and not [name for name in names if name and name.startswith("whats-new")]
    assert not [url for _, url in menu if url and "wagtail.org" in url]


def read_po(path):
    """{key: msgstr} of a .po file as gettext keys its catalogue: "msgid" (or
    "msgctxt\x04msgid") for a message, (msgid, 0) for a plural one. Enough of
    the format for ours; the header entry (empty msgid) is left out."""
    entries, entry, key = {}, {}, None
    for line in Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry.get("msgid"):
                msgid = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
                if "msgid_plural" in entry:
                    entries[(msgid, 0)] = entry["msgstr[0]"]
                else:
                    entries[msgid] = entry["msgstr"]
            entry, key = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, value = line.split(" ", 1)
            entry[key] = ast.literal_eval(value)
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogues_match_their_sources(domain):
    """The .mo files are committed (no gettext tools are needed to run the site
    or the tests): each must say exactly what its .po says."""
    folder = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
    with open(folder / f"{domain}.mo", "rb") as compiled:
        catalogue = dict(gettext.GNUTranslations(compiled)._catalog)
    catalogue.pop("", None)  # the header
    source = read_po(folder / f"{domain}.po")
    assert len(source) > 10
    assert catalogue == source
