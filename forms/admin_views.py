"""Admin views for form definitions as files: download a form as JSON,
upload one (a preview of what it creates or changes, then all or nothing),
and 以此为模板新建 (a new unpublished form from an existing one).

The file format is the one of export_form / import_form
(`../shared/spec/form-definition.md`, with "settings"); the checks and the
writing are forms/importing.py's, so the admin, the commands and the editor
agree. Rights are Wagtail's page permissions: editing a form, adding a form
under a 在线申报 index, publishing."""

import json

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .definition import SLUG_RE
from .importing import (
    FormImportFailed,
    check_import,
    definition_changes,
    existing_form,
    guide_for,
    import_definition,
    parse_definition,
    target_folder,
    with_current_settings,
)
from .models import ApplicationFormPage, FormFolderPage, FormIndexPage

UPLOAD_SALT = "forms.admin.upload"
UPLOAD_MAX_AGE = 60 * 60  # seconds between the preview and its confirmation
UPLOAD_MAX_BYTES = 2 * 1024 * 1024


def editable_form(user, page_id):
    page = get_object_or_404(ApplicationFormPage, pk=page_id)
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    return page


def form_indexes(user):
    """The 在线申报 indexes under which the user may add a form: where they may
    add to the index itself (managers) or to one of its window folders (that
    window's staff)."""
    addable = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
    index_paths = {path[: -Page.steplen] for path in addable.type(FormFolderPage).values_list("path", flat=True)}
    direct = addable.type(FormIndexPage).values("pk")
    return FormIndexPage.objects.filter(Q(pk__in=direct) | Q(path__in=index_paths)).order_by("path")


def current_definition(page):
    """The form as its editor sees it now (its latest revision, published or not)."""
    return page.get_latest_revision_as_object().definition


def definition_json(definition):
    return json.dumps(definition, ensure_ascii=False, indent=2) + "\n"


# --- Download -------------------------------------------------------------------------


def download_definition(request, page_id):
    page = editable_form(request.user, page_id)
    response = HttpResponse(definition_json(current_definition(page)), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{page.slug}.json")
    return response


# --- Upload -------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(label="表单定义文件（JSON）", help_text="由“下载定义（JSON）”或 export_form 导出的文件")
    parent = forms.ModelChoiceField(
        label="新表单放在", queryset=FormIndexPage.objects.none(), required=False, empty_label=None,
        help_text="文件中的 slug 已有表单时，更新那张表单，不用这一项",
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = form_indexes(user)


def upload_rights(user, definition, parent):
    """(may write, will publish, the existing form or None) for importing
    `definition`: a new form is added to its guide's window folder under
    the index `parent`, so the rights are those on that folder."""
    existing = existing_form(definition)
    if existing is not None:
        permissions = existing.permissions_for_user(user)
        return permissions.can_edit(), permissions.can_publish(), existing
    if parent is None:
        return False, False, None
    permissions = target_folder(definition, parent).permissions_for_user(user)
    return permissions.can_add_subpage(), permissions.can_publish_subpage(), None


@require_http_methods(["GET", "POST"])
def upload_definition(request):
    user = request.user
    if not form_indexes(user).exists() and not PagePermissionPolicy().instances_user_has_permission_for(user, "change").type(ApplicationFormPage).exists():
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        return confirm_upload(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=user)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parent = form.cleaned_data["parent"]
        try:
            if upload.size > UPLOAD_MAX_BYTES:
                raise FormImportFailed([f"文件太大（最多 {UPLOAD_MAX_BYTES // 1024 // 1024} MB）"])
            definition = parse_definition(upload.read())
            warnings = check_import(definition, guide_for(definition))
        except FormImportFailed as failure:
            context["errors"] = [str(error) for error in failure.errors]
            return TemplateResponse(request, "forms/admin/upload.html", context, status=400)
        may_write, will_publish, existing = upload_rights(user, definition, parent)
        if not may_write:
            raise PermissionDenied
        old = current_definition(existing) if existing else None
        definition = with_current_settings(definition, old)
        context.update(
            {
                "definition": definition,
                "existing": existing,
                "parent": parent,
                "changes": definition_changes(old, definition),
                "warnings": warnings,
                "will_publish": will_publish,
                "signed": signing.dumps({"definition": definition, "parent": parent.pk if parent else None}, salt=UPLOAD_SALT, compress=True),
            }
        )
        return TemplateResponse(request, "forms/admin/upload_preview.html", context)
    return TemplateResponse(request, "forms/admin/upload.html", context)


def confirm_upload(request):
    """Write what the preview showed: checked again, all or nothing."""
    try:
        payload = signing.loads(request.POST.get("signed", ""), salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, "预览已过期或无效，请重新上传文件。")
        return redirect("forms_upload_definition")
    definition = payload["definition"]
    parent = FormIndexPage.objects.filter(pk=payload["parent"]).first() if payload["parent"] else None
    may_write, will_publish, existing = upload_rights(request.user, definition, parent)
    if not may_write:
        raise PermissionDenied
    try:
        outcome, _ = import_definition(
            definition, parent=None if existing else parent.pk, user=request.user, publish=will_publish
        )
    except FormImportFailed as failure:
        context = {"form": UploadForm(user=request.user), "errors": [str(error) for error in failure.errors]}
        return TemplateResponse(request, "forms/admin/upload.html", context, status=400)
    page = ApplicationFormPage.objects.get(slug=definition["slug"])
    done = {"created": "已新建", "updated": "已更新", "unchanged": "没有变化："}[outcome]
    state = "并发布" if will_publish and outcome != "unchanged" else ("（草稿，待发布）" if outcome != "unchanged" else "")
    messages.success(request, f"{done}{state}“{page.title}”。")
    return redirect("wagtailadmin_pages:edit", page.pk)


# --- 以此为模板新建 ----------------------------------------------------------------------


class CopyForm(forms.Form):
    title = forms.CharField(label="新表单标题", max_length=255)
    slug = forms.CharField(label="新表单 slug", max_length=255, help_text="网址中的标识，只能用字母、数字和横线，全站唯一")
    parent = forms.ModelChoiceField(label="放在", queryset=FormIndexPage.objects.none(), empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = form_indexes(user)

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip()
        if not SLUG_RE.match(slug):
            raise forms.ValidationError("只能用字母、数字和横线")
        if slug in ApplicationFormPage.taken_slugs():  # other forms' and the window folders'
            raise forms.ValidationError("已有表单使用这个 slug")
        return slug


def template_definition(source, title, slug):
    """The source's definition for a new form: same steps, fields and keys, a
    new title and slug; the opening period is not copied (a new form sets its own)."""
    definition = current_definition(source)
    settings = {**definition.get("settings", {}), "opens_at": None, "closes_at": None}
    return {**definition, "title": title, "slug": slug, "settings": settings}


@require_http_methods(["GET", "POST"])
def copy_form(request, page_id):
    source = editable_form(request.user, page_id)
    if not form_indexes(request.user).exists():
        raise PermissionDenied  # a template is a form the user works on (their window's, or any for managers)
    index = source.get_parent().specific
    if isinstance(index, FormFolderPage):
        index = index.get_parent()
    initial = {"title": f"{source.title}（副本）", "slug": f"{source.slug}-copy", "parent": index.pk}
    form = CopyForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        parent = form.cleaned_data["parent"]
        definition = template_definition(source, form.cleaned_data["title"], form.cleaned_data["slug"])
        if not target_folder(definition, parent).permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        try:
            import_definition(definition, parent=parent.pk, user=request.user, publish=False)
        except FormImportFailed as failure:
            for error in failure.errors:
                form.add_error(None, str(error))
        else:
            page = ApplicationFormPage.objects.get(slug=definition["slug"])
            messages.success(request, f"已以“{source.title}”为模板新建“{page.title}”（草稿，未发布）。")
            return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "forms/admin/copy.html", {"form": form, "source": source})
