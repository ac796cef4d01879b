"""Loading the demo centre from `fixtures/`: windows, themes, regulations,
guides (through the real importer), staff groups and demo users.
Every step is idempotent, so `load_demo` can run on every start."""

import json
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

from core.text import normalise_title

from .importing import import_items, read_items
from .models import RegulationPage, Theme, Window, WindowIndexPage, WindowStaff
from .permissions import setup_manager_group, setup_window_group
from .site_setup import ensure_structure

FIXTURES = settings.BASE_DIR / "fixtures"
STATUS_BY_LABEL = {label: value for value, label in RegulationPage.Status.choices}


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str


def read_fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def load_windows():
    for entry in read_fixture("windows.json"):
        Window.objects.update_or_create(
            name=entry["name"],
            defaults={
                "slug": entry["slug"],
                "department": entry.get("department", ""),
                "location": entry.get("location", ""),
                "phone": entry.get("phone", ""),
                "hours": entry.get("hours", ""),
                "sort_order": entry.get("order", 0),
            },
        )


def load_window_staff(today=None):
    """窗口工作人员 from fixtures/window_staff.json: each A岗 names its B岗.
    An entry with `away_days` is on leave from `today` for that many days, so
    the demo always shows an AB岗 cover (顶岗) on that window's page."""
    from datetime import timedelta

    from django.utils import timezone

    today = today or timezone.localdate()
    windows = {window.slug: window for window in Window.objects.all()}
    for order, entry in enumerate(read_fixture("window_staff.json"), start=1):
        window = windows.get(entry["window"])
        if window is None:
            continue
        backup = WindowStaff.objects.filter(window=window, name=entry["backup"]).first() if entry.get("backup") else None
        away = entry.get("away_days")
        WindowStaff.objects.update_or_create(
            window=window,
            name=entry["name"],
            defaults={
                "post": entry["post"],
                "staff_number": entry.get("staff_number", ""),
                "weekdays": entry.get("weekdays", "12345"),
                "backup": backup,
                "away_from": today if away else None,
                "away_until": today + timedelta(days=away - 1) if away else None,
                "away_reason": entry.get("away_reason", ""),
                "sort_order": order,
            },
        )


def load_themes():
    for order, entry in enumerate(read_fixture("themes.json"), start=1):
        Theme.objects.update_or_create(
            name=entry["name"],
            defaults={"slug": entry["slug"], "audience": entry.get("audience", "person"), "sort_order": order},
        )


def regulation_slug(title):
    """Short ASCII slug from the pinyin initials, e.g. 社会救助暂行办法 → shjzzxbf."""
    return slugify("".join(lazy_pinyin(title, style=Style.FIRST_LETTER)))[:50] or "regulation"


def load_regulations(parent):
    existing = {page.title for page in RegulationPage.objects.child_of(parent)}
    for entry in read_fixture("regulations.json"):
        title = normalise_title(entry["title"])
        if title in existing:
            continue
        slug, n = regulation_slug(title), 2
        while parent.get_children().filter(slug=slug).exists():
            slug, n = f"{regulation_slug(title)}-{n}", n + 1
        body = [{"type": "article", "value": {"number": a["number"], "text": a["text"]}} for a in entry.get("articles", [])]
        page = parent.add_child(
            instance=RegulationPage(
                title=title,
                slug=slug,
                doc_number=entry.get("doc_number", ""),
                issuer=entry.get("issuer", ""),
                issued_on=date.fromisoformat(entry["issued"]) if entry.get("issued") else None,
                effective_on=date.fromisoformat(entry["effective"]) if entry.get("effective") else None,
                status=STATUS_BY_LABEL.get(entry.get("status"), RegulationPage.Status.IN_FORCE),
                summary=entry.get("summary", ""),
                body=body,
            )
        )
        page.save_revision(log_action=True).publish()
        existing.add(title)


def ensure_user(username, password, *, superuser=False, groups=(), first_name=""):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.is_staff = True
    user.is_superuser = superuser
    user.first_name = first_name
    user.set_password(password)
    user.save()
    user.groups.set(groups)
    return user


def load_users(home):
    logins = []
    ensure_user("admin", "admin-demo", superuser=True, first_name="系统管理员")
    logins.append(DemoLogin("admin", "admin-demo", "超级管理员"))
    manager_group = setup_manager_group(home)
    ensure_user("manager", "manager-demo", groups=[manager_group], first_name="中心主任")
    logins.append(DemoLogin("manager", "manager-demo", "中心管理员（审核发布全部指南）"))
    for page in WindowIndexPage.objects.select_related("window").order_by("window__sort_order"):
        group = setup_window_group(page)
        username = page.window.slug
        ensure_user(username, f"{username}-demo", groups=[group], first_name=page.window.name)
        logins.append(DemoLogin(username, f"{username}-demo", f"{page.window.name}工作人员"))
    return logins


def load_demo():
    """Load everything; returns (import report, demo logins)."""
    structure = ensure_structure()
    load_windows()
    load_themes()
    load_regulations(structure.regulation_index)
    report = import_items(read_items(FIXTURES / "guides.json"))
    load_window_staff()
    logins = load_users(structure.home)
    return report, logins


DEMO_REVISION_SUFFIX = "（演示用修订稿）"


def load_review_scenario(regulation_index, author):
    """A regulation revision waiting for a manager's approval: approving it
    marks the old text 已修订 and flags every guide that cites it."""
    from wagtail.models import Workflow

    from .permissions import MODERATION_WORKFLOW

    old = (
        RegulationPage.objects.live()
        .filter(title="社会救助暂行办法")
        .first()
        or RegulationPage.objects.live().first()
    )
    if old is None or RegulationPage.objects.filter(replaces=old).exists():
        return None
    draft = RegulationPage(
        title=old.title + DEMO_REVISION_SUFFIX,
        slug=f"{old.slug}-demo-revision",
        doc_number="",
        issuer=old.issuer,
        replaces=old,
        summary="演示数据：用来展示法规更新的审核流程，不是真实文件。批准发布后，原办法标为“已修订”，引用它的办事指南标记为待复核。",
        body=old.body.raw_data,
        live=False,
    )
    regulation_index.add_child(instance=draft)
    revision = draft.save_revision(user=author, log_action=True)
    Workflow.objects.get(name=MODERATION_WORKFLOW).start(draft, author)
    return revision
