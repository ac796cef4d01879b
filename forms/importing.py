"""export_form / import_form: a form definition as a file (spec:
`../shared/spec/form-definition.md`). A definition that fails any check is
rejected whole, naming the step and field; nothing is written."""

import json
from pathlib import Path

from django.db import transaction
from wagtail.models import Page

from guides.importing import json_depth_error
from guides.models import ServiceGuidePage

from .blocks import steps_from_definition
from .definition import check_definition
from .folders import ensure_form_index, file_form, folder_for
from .models import ApplicationFormPage, FormIndexPage

TOP_KEYS = {"slug", "title", "guide", "intro", "steps"}


class FormImportFailed(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(map(str, errors)))
        self.errors = list(errors)


def read_definition(path):
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise FormImportFailed([f"无法读取文件 {path}：{exc.strerror}"]) from exc
    except UnicodeDecodeError as exc:
        raise FormImportFailed(["文件不是 UTF-8 编码"]) from exc
    too_deep = json_depth_error(text)
    if too_deep:
        raise FormImportFailed([too_deep.replace("导入格式最多只有 4 层", "表单定义不会这么深")])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormImportFailed([f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}"]) from exc


def resolve_parent(parent):
    """--parent: a page id or a URL path such as /zaixian/."""
    if parent in (None, ""):
        return ensure_form_index()
    page = None
    if str(parent).isdigit():
        page = Page.objects.filter(pk=int(parent)).first()
    else:
        path = "/" + str(parent).strip("/") + "/"
        page = next((p for p in Page.objects.filter(depth__gt=1) if p.url == path), None)
    if page is None or not isinstance(page.specific, FormIndexPage):
        raise FormImportFailed([f"--parent {parent} 不是在线申报目录页（FormIndexPage）"])
    return page.specific


def import_definition(definition, *, parent=None, dry_run=False, user=None):
    """Create or update (as a new published revision) the form with this slug.
    Its `guide` (事项编码) must name an existing guide: the form goes into the
    folder of that guide's window. Returns ("created" | "updated" |
    "unchanged", warnings)."""
    errors = check_definition(definition)
    code = definition.get("guide") if isinstance(definition, dict) else None
    guide = ServiceGuidePage.objects.filter(code=code).select_related("window").first() if code else None
    if code and guide is None:
        errors.append(f"事项编码 {code} 没有对应的办事指南：请核对编码，或先导入该办事指南")
    if errors:
        raise FormImportFailed(errors)
    warnings = [f"顶层字段 {key} 不是定义格式中的字段，已忽略" for key in sorted(set(definition) - TOP_KEYS)]
    if guide is None:
        warnings.append("没有事项编码（guide）：申请表放在“未对应事项的申请表”中，选定办事指南后才能由窗口编辑")
    existing = ApplicationFormPage.objects.filter(slug=definition["slug"]).first()
    index = resolve_parent(parent) if existing is None else None
    if existing is not None and same_definition(existing.definition, definition):
        return "unchanged", warnings
    if dry_run:
        return ("updated" if existing else "created"), warnings
    with transaction.atomic():
        page = existing or ApplicationFormPage(slug=definition["slug"])
        page.title = definition["title"]
        page.guide = guide
        page.intro = definition.get("intro") or ""
        page.steps = steps_from_definition(definition["steps"])
        if existing is None:
            folder_for(guide.window if guide is not None else None, index).add_child(instance=page)
        page.save_revision(user=user, log_action=True).publish(user=user)
        if existing is not None:
            file_form(page)
    return ("updated" if existing else "created"), warnings


def same_definition(stored, incoming):
    return canonical(stored) == canonical({**incoming, "guide": incoming.get("guide") or None, "intro": incoming.get("intro") or ""})


def sample_text(value):
    """Samples compare as text: 3 and "3" are the same sample."""
    return value if isinstance(value, (bool, list)) else str(value)


def canonical(definition):
    """The definition as export writes it, so equal forms compare equal."""
    steps = []
    for step in definition["steps"]:
        steps.append(
            {
                "key": step["key"],
                "title": step["title"],
                "help": step.get("help") or "",
                "show_if": step.get("show_if") or None,
                "fields": [
                    {k: sample_text(v) if k == "sample" else v for k, v in field.items() if v not in (None, "", [])}
                    for field in step["fields"]
                ],
            }
        )
    return json.dumps({**{k: definition.get(k) for k in TOP_KEYS}, "steps": steps}, sort_keys=True, ensure_ascii=False)
