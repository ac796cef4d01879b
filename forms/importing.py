"""export_form / import_form: a form definition as a file (spec:
`../shared/spec/form-definition.md`). A definition that fails any check is
rejected whole, naming the step and field; nothing is written."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from guides.importing import json_depth_error
from guides.models import ServiceGuidePage

from .blocks import steps_from_definition
from .definition import (
    ROLES,
    SETTINGS_LABELS,
    all_fields,
    check_definition,
    form_settings,
    parse_moment,
    publish_problems,
)
from .folders import ensure_form_index, file_form, folder_for
from .legacy_roles import guess_definition_roles, has_roles
from .models import ApplicationFormPage, FormFolderPage, FormIndexPage

TOP_KEYS = {"slug", "title", "guide", "intro", "steps", "settings"}


class FormImportFailed(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(map(str, errors)))
        self.errors = list(errors)


def read_definition(path):
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        raise FormImportFailed([f"无法读取文件 {path}：{exc.strerror}"]) from exc
    return parse_definition(content)


def parse_definition(content):
    """A definition from the bytes of a file (UTF-8, with or without BOM)."""
    try:
        text = content.decode("utf-8-sig")
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
    """--parent: a page id or a URL path such as /zaixian/ of an 在线申报 index
    (or of one of its window folders, meaning its index)."""
    if parent in (None, ""):
        return ensure_form_index()
    page = None
    if str(parent).isdigit():
        page = Page.objects.filter(pk=int(parent)).first()
    else:
        path = "/" + str(parent).strip("/") + "/"
        page = next((p for p in Page.objects.filter(depth__gt=1) if p.url == path), None)
    if page is not None and isinstance(page.specific, FormFolderPage):
        page = page.get_parent()
    if page is None or not isinstance(page.specific, FormIndexPage):
        raise FormImportFailed([f"--parent {parent} 不是在线申报目录页（FormIndexPage）"])
    return page.specific


def guide_for(definition):
    """The guide a definition's `guide` (事项编码) names, or None."""
    code = definition.get("guide") if isinstance(definition, dict) else None
    return ServiceGuidePage.objects.filter(code=code).select_related("window").first() if code else None


def target_folder(definition, index, guide=None):
    """Where a new form of this definition goes: its guide's window's folder under
    `index` (`guide`: the definition's guide when the caller has it already)."""
    guide = guide or guide_for(definition)
    return folder_for(guide.window if guide is not None else None, index)


def check_import(definition, guide):
    """Every problem of a definition about to be imported (the editor's checks,
    `check_definition`, and a 事项编码 that names no guide: `guide` is
    `guide_for(definition)`), and the warnings: FormImportFailed, or the warnings.

    A file written before fields carried roles (no field has a "role" key)
    gets them here, in place, by the one-time rules of `forms.legacy_roles`,
    and a warning lists what was assumed, for staff to check in the editor."""
    warnings = []
    if isinstance(definition.get("steps"), list) and not has_roles(definition) and guess_definition_roles(definition):
        assumed = "，".join(
            f"{field.get('label') or field.get('key')}→{ROLES.get(field['role'], field['role'])}"
            for _, field in all_fields(definition)
            if isinstance(field, dict) and field.get("role")
        )
        warnings.append(f"文件没有标出个人信息类别，已按旧规则推定：{assumed}。请在编辑器中核对")
    errors = check_definition(definition)
    code = definition.get("guide")
    if code and isinstance(code, str) and guide is None:
        errors.append(f"事项编码 {code} 没有对应的办事指南：请核对编码，或先导入该办事指南")
    if errors:
        raise FormImportFailed(errors)
    warnings += [f"顶层字段 {key} 不是定义格式中的字段，已忽略" for key in sorted(set(definition) - TOP_KEYS)]
    if guide is None:
        warnings.append("没有事项编码（guide）：申请表放在“未对应事项的申请表”中，选定办事指南后才能由窗口编辑")
    return warnings


def with_current_settings(definition, current):
    """The definition with every settings option: those the file leaves out
    keep the form's `current` ones (a definition), or the defaults for a new
    form, so a file in the format before "settings" changes no setting."""
    kept = form_settings(current or {})
    given = definition.get("settings") if isinstance(definition.get("settings"), dict) else {}
    return {**definition, "settings": {**kept, **given}}


def existing_form(definition):
    return ApplicationFormPage.objects.filter(slug=definition["slug"]).first()


def import_definition(definition, *, parent=None, dry_run=False, user=None, publish=True):
    """Create or update (as a new published revision) the form with this slug.
    Its `guide` (事项编码) must name an existing guide: a new form goes into the
    folder of that guide's window. With publish=False a new form is created
    unpublished and a changed one gets a draft revision. Publishing needs the
    applicant's identity marked (roles) first. Returns ("created" | "updated"
    | "unchanged", warnings)."""
    guide = guide_for(definition)  # looked up once for the checks, the page and its folder
    warnings = check_import(definition, guide)
    if publish and (problems := publish_problems(definition)):
        raise FormImportFailed(problems)
    existing = existing_form(definition)
    definition = with_current_settings(definition, existing.definition if existing else None)
    index = resolve_parent(parent) if existing is None else None
    if existing is not None and same_definition(existing.definition, definition):
        return "unchanged", warnings
    if dry_run:
        return ("updated" if existing else "created"), warnings
    with transaction.atomic():
        page = existing or ApplicationFormPage(slug=definition["slug"], live=publish)
        if existing is not None and not publish:
            page = existing.get_latest_revision_as_object()
        apply_definition(page, definition, guide)
        if existing is None:
            target_folder(definition, index, guide).add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
        if existing is not None:
            file_form(page)
    return ("updated" if existing else "created"), warnings


def apply_definition(page, definition, guide):
    """Put a checked definition, whose guide is `guide`, on a form page (not saved)."""
    page.title = definition["title"]
    page.guide = guide
    page.intro = definition.get("intro") or ""
    page.steps = steps_from_definition(definition["steps"])
    page.apply_settings(definition)


def same_definition(stored, incoming):
    return canonical(stored) == canonical({**incoming, "guide": incoming.get("guide") or None, "intro": incoming.get("intro") or ""})


def canonical_settings(definition):
    """Settings as the page stores them: every option, date-times as instants."""
    settings = form_settings(definition)
    for name in ("opens_at", "closes_at"):
        moment = parse_moment(settings[name])
        if moment is not None:
            if moment.tzinfo is None:
                moment = timezone.make_aware(moment)
            settings[name] = moment.astimezone(datetime.UTC).isoformat()
    return settings


def sample_text(value):
    """Samples compare as text: 3 and "3" are the same sample, also in a
    group's sample rows and an address's or signature's parts."""
    if isinstance(value, dict):
        return {k: str(v) for k, v in value.items() if v not in (None, "")}
    if isinstance(value, list):
        return [sample_text(item) if isinstance(item, dict) else item for item in value]
    return value if isinstance(value, bool) else str(value)


def canonical_field(field):
    """A field as export writes it (a group's sub-fields too)."""
    return {
        k: sample_text(v) if k == "sample" else [canonical_field(sub) for sub in v] if k == "fields" else v
        for k, v in field.items()
        if v not in (None, "", [])
    }


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
                "fields": [canonical_field(field) for field in step["fields"]],
            }
        )
    top = {k: definition.get(k) for k in TOP_KEYS}
    return json.dumps({**top, "steps": steps, "settings": canonical_settings(definition)}, sort_keys=True, ensure_ascii=False)


# --- What an import would change (the admin's upload preview) ---------------------

TOP_LABELS = {"title": "表单标题", "guide": "对应事项编码", "intro": "填写说明"}


@dataclass(frozen=True)
class Change:
    action: str  # 新增 | 修改 | 删除
    kind: str  # 表单 | 设置 | 步骤 | 字段
    label: str  # the step's title or the field's label (key in brackets)
    step: str = ""  # a field's step title


def definition_changes(old, new):
    """The steps, fields and form options that importing `new` over `old`
    (None for a new form) adds, changes or removes, in form order."""
    if old is None:
        return [Change("新增", "步骤", _step_label(step)) for step in new["steps"]] + [
            Change("新增", "字段", _field_label(field), step["title"]) for step in new["steps"] for field in step["fields"]
        ]
    old_c, new_c = json.loads(canonical(old)), json.loads(canonical(new))
    changes = [Change("修改", "表单", label) for key, label in TOP_LABELS.items() if (old_c.get(key) or None) != (new_c.get(key) or None)]
    changes += [Change("修改", "设置", label) for key, label in SETTINGS_LABELS.items() if old_c["settings"][key] != new_c["settings"][key]]
    old_steps = {step["key"]: step for step in old_c["steps"]}
    new_steps = {step["key"]: step for step in new_c["steps"]}
    old_fields = {field["key"]: (step, field) for step in old_c["steps"] for field in step["fields"]}
    new_fields = {field["key"]: (step, field) for step in new_c["steps"] for field in step["fields"]}
    for key, step in new_steps.items():
        if key not in old_steps:
            changes.append(Change("新增", "步骤", _step_label(step)))
        elif {k: v for k, v in step.items() if k != "fields"} != {k: v for k, v in old_steps[key].items() if k != "fields"} or [
            f["key"] for f in step["fields"]
        ] != [f["key"] for f in old_steps[key]["fields"]]:
            changes.append(Change("修改", "步骤", _step_label(step)))
    for key, (step, field) in new_fields.items():
        if key not in old_fields:
            changes.append(Change("新增", "字段", _field_label(field), step["title"]))
        elif field != old_fields[key][1] or step["key"] != old_fields[key][0]["key"]:
            changes.append(Change("修改", "字段", _field_label(field), step["title"]))
    changes += [Change("删除", "步骤", _step_label(step)) for key, step in old_steps.items() if key not in new_steps]
    changes += [
        Change("删除", "字段", _field_label(field), step["title"]) for key, (step, field) in old_fields.items() if key not in new_fields
    ]
    return changes


def _step_label(step):
    return f"{step.get('title') or step['key']}（{step['key']}）"


def _field_label(field):
    return f"{field.get('label') or field['key']}（{field['key']}）"
