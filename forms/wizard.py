"""The resident's step-by-step application, on django-formtools.

`ApplicationWizard` is a `NamedUrlWizardView` whose step list is computed
from the form page's definition and the answers so far: steps whose
condition is false are not in the list (so they are skipped and never
validated), and their answers are dropped from the draft at once. The last
step is always `review` (核对信息); submitting it hands the answers to the
one function named by `settings.FORMS_CASE_OPENER` (`cases.submissions.open_case`),
which opens the case. The forms app never imports the cases app above it.

Files are checked and kept the moment they arrive, whichever button was
pressed (`absorb_uploads`, rules in `forms.uploads`), so a good file is never
lost to another field's error; a file field's value is then its kept files
(`forms.fields.KeptFilesField`), each with its own 删除 button. 修改 on
核对信息 brings the resident back there after that one step.
"""

import json
from collections import OrderedDict

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string
from formtools.wizard.views import NamedUrlWizardView, WizardView

from core.roles import SUBMIT_ON_BEHALF_PERMISSION

from .compound import ADD_ROW, REMOVE_ROW, change_rows, read_rows, rows_data
from .definition import COMPOUND_TYPES, compound_text, group_table, resolve
from .fields import KeptFilesField, ReviewForm, StepForm, raw_value
from .notifications import queue_resume_link
from .storage import private_storage
from .uploads import accept_uploads, human_size

REVIEW = "review"
FROM_REVIEW = "review"  # ?from=review on a step opened by 修改, and the hidden from_review input


class ApplicationWizard(NamedUrlWizardView):
    storage_name = "forms.storage.DraftStorage"
    template_name = "forms/wizard_step.html"
    done_step_name = "done"

    @property
    def file_storage(self):
        return private_storage()

    def dispatch(self, request, *args, page, **kwargs):
        self.page = page
        self.definition = page.definition
        self.upload_errors = {}  # field key → messages about this request's refused uploads
        request.wizard_page = page
        return super().dispatch(request, *args, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        return f"application_{self.page.pk}"

    def get(self, *args, **kwargs):
        if self.storage.submitted:  # the application is in: show its confirmation, not step 1
            return redirect(self.storage.draft.confirmation_url)
        if kwargs.get("step") == self.done_step_name:
            # Submitting happens on the POST of 核对信息, never on a GET.
            return redirect(self.get_step_url(REVIEW))
        return super().get(*args, **kwargs)

    def render_done(self, form, **kwargs):
        """Open the case once per draft. The draft's row is locked first, so of
        two final POSTs at once the second waits, then finds the draft
        submitted and shows the same confirmation (it never reads the uploads
        the first has already handed to the case)."""
        self.confirmation_url = None
        with transaction.atomic():
            if not self.storage.lock():
                messages.error(self.request, "草稿已不存在，请重新填写。")
                return redirect(self.get_step_url(self.steps.first))
            if self.storage.submitted:
                return redirect(self.storage.draft.confirmation_url)
            response = WizardView.render_done(self, form, **kwargs)
            if self.confirmation_url:
                self.storage.consume(self.confirmation_url)
        return response

    def get_step_url(self, step):
        return self.page.step_url(step)

    # --- Steps ------------------------------------------------------------

    def entered_answers(self):
        """step key → {field key: value as entered}, from the draft."""
        specs = {step["key"]: step for step in self.definition["steps"]}
        entered = {}
        for step_key, data in self.storage.data[self.storage.step_data_key].items():
            step = specs.get(step_key)
            if step is None:
                continue
            entered[step_key] = {}
            for field in step["fields"]:
                name = f"{step_key}-{field['key']}"
                if name in data or any(key.startswith(name + "-") for key in data):  # a group's or address's inputs
                    entered[step_key][field["key"]] = raw_value(_Lists(data), name, field)
            for field in step["fields"]:
                kept = self.storage.kept_files(field["key"]) if field["type"] == "file" else []
                if kept:
                    entered[step_key][field["key"]] = [record["name"] for record in kept]
        return entered

    def resolved(self):
        """(visible steps, answers) for the draft as it is now. Asked many
        times a request; worked out again only when the draft's answers or
        kept files have changed since."""
        state = json.dumps(
            [self.storage.data[self.storage.step_data_key], self.storage.uploads], sort_keys=True, default=str
        )
        if getattr(self, "_resolved", (None,))[0] != state:
            self._resolved = state, resolve(self.definition, self.entered_answers())
        return self._resolved[1]

    def get_form_list(self):
        steps, _ = self.resolved()
        form_list = OrderedDict((step["key"], StepForm) for step in steps)
        form_list[REVIEW] = ReviewForm
        # formtools clears these after each valid step; the list is recomputed every time.
        self._resolved_form_list, self._cache_signature = form_list, None
        return form_list

    def get_form_kwargs(self, step=None):
        step = step or self.steps.current
        if step == REVIEW:
            return {"can_proxy": can_submit_on_behalf(self.request.user)}
        steps, answers = self.resolved()
        spec = next(s for s in self.definition["steps"] if s["key"] == step)
        before = {}
        for earlier in steps:
            if earlier["key"] == step:
                break
            before.update({f["key"]: answers[f["key"]] for f in earlier["fields"] if f["key"] in answers})
        kept = {f["key"]: self.storage.kept_files(f["key"]) for f in spec["fields"] if f["type"] == "file"}
        return {
            "definition": self.definition,
            "step": spec,
            "answers": before,
            "kept_files": kept,
            "upload_errors": self.upload_errors,
        }

    def get_form(self, step=None, data=None, files=None):
        """Files never come from formtools: a file field's value is its kept files."""
        return super().get_form(step=step, data=data, files=None)

    # Only visible fields reach the draft: a forged field or a hidden step's
    # data never does.
    def process_step(self, form):
        return form.stored_data()

    def process_step_files(self, form):
        return {}  # kept by absorb_uploads as they arrived

    def prune(self):
        """Drop the draft's answers to steps and fields that are now hidden."""
        steps, answers = self.resolved()
        visible_steps = {step["key"] for step in steps}
        step_data = self.storage.data[self.storage.step_data_key]
        for step_key in list(step_data):
            if step_key == REVIEW:
                continue
            if step_key not in visible_steps:
                del step_data[step_key]
                continue
            step_data[step_key] = {
                name: value
                for name, value in step_data[step_key].items()
                if field_key(step_key, name) in answers
            }
        for key in list(self.storage.uploads):
            if key not in answers:
                self.storage.discard(key)

    def post(self, *args, **kwargs):
        if "wizard_reset" in self.request.POST:  # 重新开始填写 (a POST, so a link cannot do it)
            self.storage.start_over()
            return redirect(self.get_step_url(self.steps.first))
        if self.storage.submitted:  # a repeated 确认提交, or a stale tab
            return redirect(self.storage.draft.confirmation_url)
        form_list = self.get_form_list()
        posted_step = self.request.POST.get(f"{self.get_prefix(self.request)}-current_step")
        if posted_step is not None and posted_step not in form_list:
            # A step that is hidden (or unknown): nothing of it is read or stored.
            current = self.steps.current if self.steps.current in form_list else self.steps.first
            return redirect(self.get_step_url(current))
        if self.storage.current_step is None and posted_step is not None:
            self.storage.current_step = posted_step  # a new draft whose first request posts a later step
        self.absorb_uploads(posted_step)
        if "wizard_remove_file" in self.request.POST:
            return self.remove_file(posted_step)
        if "save_draft" in self.request.POST:
            self.report_upload_errors()
            return self.save_draft()
        if ADD_ROW in self.request.POST or REMOVE_ROW in self.request.POST:
            return self.change_rows(form_list)
        if self.request.POST.get("wizard_goto_step") in self.get_form_list():
            self.report_upload_errors()
            self.keep_unchecked_input()  # going back must not lose what was typed here
        response = super().post(*args, **kwargs)
        if not self.storage.submitted:
            if response.status_code == 200:  # the step came back with its errors: keep what was typed
                self.keep_unchecked_input()
            self.prune()
        return response

    # --- Files --------------------------------------------------------------

    def absorb_uploads(self, step):
        """Check each file sent with this step and keep the good ones at once;
        the refusals, each naming its file, go to `upload_errors`."""
        if step in (None, REVIEW) or not self.request.FILES:
            return
        form = self.get_form(step=step, data=self.request.POST)
        for key in form.file_keys():  # visible given what was just chosen
            uploads = self.request.FILES.getlist(form.add_prefix(key))
            if not uploads:
                continue
            accepted, replaced, problems = accept_uploads(form.fields[key].spec, self.storage.kept_files(key), uploads)
            self.storage.discard(key, {record["id"] for record in replaced})
            for upload in accepted:
                self.storage.keep(key, upload)
            if problems:
                self.upload_errors[key] = problems

    def report_upload_errors(self):
        """Refused uploads when the step is left without being checked (上一步,
        保存草稿, 删除): said as messages on the next page."""
        for problems in self.upload_errors.values():
            for problem in problems:
                messages.error(self.request, problem)

    def remove_file(self, step):
        """删除 beside a kept file: forget that file, keep what was typed, show the step again."""
        key, _, file_id = self.request.POST["wizard_remove_file"].partition(":")
        form = self.get_form(step=step, data=self.request.POST)
        record = next((r for r in self.storage.kept_files(key) if r["id"] == file_id), None)
        if key in form.file_keys() and record and self.storage.discard(key, {file_id}):
            messages.success(self.request, f"已删除“{record['name']}”")
        self.report_upload_errors()
        self.keep_unchecked_input()
        self.prune()
        url = self.get_step_url(step)
        if self.request.POST.get("from_review"):
            url += f"?from={FROM_REVIEW}"
        return redirect(url)

    def open_kept(self, record):
        """A kept file, opened for the case to copy."""
        return UploadedFile(
            file=self.file_storage.open(record["tmp_name"]),
            name=record["name"],
            content_type=record.get("content_type") or "",
            size=record["size"],
        )

    # --- 修改 from 核对信息 -------------------------------------------------

    def render_next_step(self, form, **kwargs):
        """After a step opened by 修改, go back to 核对信息, unless the change
        made a later step appear that has not been filled (or no longer
        passes): then go there first, saying why."""
        if not self.request.POST.get("from_review") or self.steps.current == REVIEW:
            return super().render_next_step(form, **kwargs)
        target = self.first_unfinished_step_after(self.steps.current)
        if target is None:
            self.storage.current_step = REVIEW
            return redirect(self.get_step_url(REVIEW))
        title = next(s["title"] for s in self.definition["steps"] if s["key"] == target)
        messages.info(self.request, f"根据您的修改，还需要填写“{title}”，填好后回到核对信息。")
        self.storage.current_step = target
        return redirect(self.get_step_url(target) + f"?from={FROM_REVIEW}")

    def first_unfinished_step_after(self, step):
        keys = [key for key in self.get_form_list() if key != REVIEW]
        for key in keys[keys.index(step) + 1 :]:
            data = self.storage.get_step_data(key)
            if data is None or not self.get_form(step=key, data=data).is_valid():
                return key
        return None

    def keep_unchecked_input(self):
        """Store this step's input as typed (not validated: it is checked again
        when the step is submitted and before the application is)."""
        step = self.request.POST.get(f"{self.get_prefix(self.request)}-current_step", self.steps.current)
        if step in self.get_form_list() and step != REVIEW:
            form = self.get_form(step=step, data=self.request.POST)
            self.storage.set_step_data(step, form.stored_data())
            self.storage.current_step = step

    def change_rows(self, form_list):
        """再添加一行 / 删除此行: keep what was typed on this step (unchecked, as
        going back does), add or remove the row, and show the step again
        without error messages (they come when the step is submitted)."""
        step = self.request.POST.get(f"{self.get_prefix(self.request)}-current_step", self.steps.current)
        if step not in form_list or step == REVIEW:
            return redirect(self.get_step_url(self.steps.current if self.steps.current in form_list else self.steps.first))
        form = self.get_form(step=step, data=self.request.POST)
        data = form.stored_data()
        change = form.row_change()
        focus = None
        if change is not None:
            spec, add, remove = change
            name = form.add_prefix(spec["key"])
            rows, focus = change_rows(spec, read_rows(_Lists(data), name, spec), add=add, remove=remove)
            data = {key: value for key, value in data.items() if not key.startswith(name + "-")} | rows_data(name, rows)
        self.storage.set_step_data(step, data)
        self.storage.current_step = step
        self.prune()
        form = self.get_form(step=step, data=self.storage.get_step_data(step))
        form.quiet = True
        if change is not None and focus is not None:
            form.fields[change[0]["key"]].widget.focus_row = focus
        return self.render(form)

    def save_draft(self):
        """保存草稿: keep what is on this step so far and show the resume link."""
        self.keep_unchecked_input()
        self.prune()
        self.storage.save()
        _, answers = self.resolved()
        email = next((answers[f["key"]] for s in self.definition["steps"] for f in s["fields"] if f["type"] == "email" and answers.get(f["key"])), "")
        if email:
            self.storage.draft.email = email
            self.storage.draft.save(update_fields=["email"])
            queue_resume_link(self.storage.draft, resume_url(self.request, self.page, self.storage.draft))
        return TemplateResponse(
            self.request,
            "forms/draft_saved.html",
            {"page": self.page, "draft": self.storage.draft, "resume_url": resume_url(self.request, self.page, self.storage.draft), "emailed": bool(email)},
        )

    # --- Rendering --------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        steps, answers = self.resolved()
        step_keys = [step["key"] for step in steps]
        current = self.steps.current
        context.update(
            {
                "page": self.page,
                "definition": self.definition,
                "step_number": self.steps.step1,
                "step_count": self.steps.count,
                "step_title": "核对信息" if current == REVIEW else next(s["title"] for s in steps if s["key"] == current),
                "step_help": "" if current == REVIEW else next(s.get("help", "") for s in steps if s["key"] == current),
                "progress": [
                    {"key": key, "title": step["title"], "url": self.get_step_url(key)} for key, step in zip(step_keys, steps, strict=True)
                ]
                + [{"key": REVIEW, "title": "核对信息", "url": self.get_step_url(REVIEW)}],
                "draft": self.storage.draft,
                "availability": self.page.availability,
                "from_review": current != REVIEW
                and (self.request.GET.get("from") == FROM_REVIEW or bool(self.request.POST.get("from_review"))),
            }
        )
        if current == REVIEW:
            context["review"] = review_rows(steps, self.cleaned_answers(steps), self.get_step_url)
        return context

    def cleaned_answers(self, steps):
        """The checked values of every visible step, as they will be stored."""
        answers = {}
        for step in steps:
            form = self.get_form(step=step["key"], data=self.storage.get_step_data(step["key"]))
            if form.is_valid():
                answers.update({k: v for k, v in form.cleaned_data.items() if v is not None})
        return answers

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        messages.error(self.request, "有一步的内容需要修改，请检查后再提交。")
        return super().render_revalidation_failure(failed_step, form, **kwargs)

    def done(self, form_list, form_dict, **kwargs):
        answers, uploads = {}, {}
        for step_key, form in form_dict.items():
            if step_key == REVIEW:
                continue
            for key, value in form.cleaned_data.items():
                if value is None:
                    continue
                if isinstance(form.fields[key], KeptFilesField):
                    uploads[key] = [self.open_kept(record) for record in value]
                else:
                    answers[key] = value
        review = form_dict[REVIEW].cleaned_data
        proxy = bool(review.get("proxy")) and can_submit_on_behalf(self.request.user)
        open_case = import_string(settings.FORMS_CASE_OPENER)
        confirmation_url = open_case(
            request=self.request,
            page=self.page,
            definition=self.definition,
            answers=answers,
            uploads=uploads,
            submitted_by=self.request.user if proxy else None,
            proxy_note=review.get("proxy_note", "") if proxy else "",
        )
        self.confirmation_url = confirmation_url  # the draft is consumed by render_done
        return redirect(confirmation_url)


def field_key(step_key, name):
    """The field an input of a step belongs to: "members-family-0-name" → "family"."""
    return name.removeprefix(step_key + "-").split("-", 1)[0]


class _Lists(dict):
    """formtools stores step data as {name: [values]}; read it like a QueryDict."""

    def getlist(self, name):
        return list(self.get(name) or [])


def review_rows(steps, answers, step_url):
    """Every visible answer grouped by step, for 核对信息."""
    groups = []
    for step in steps:
        rows = []
        for field in step["fields"]:
            if field["type"] == "heading" or field["key"] not in answers:
                continue
            if field["type"] == "file":
                files = [f"{record['name']}（{human_size(record['size'])}）" for record in answers[field["key"]]]
                rows.append({"label": field["label"], "value": "、".join(files), "files": files})
                continue
            value = answers[field["key"]]
            row = {"label": field["label"], "value": display_value(field, value)}
            if field["type"] == "group":
                row["table"] = group_table(field, value)
            rows.append(row)
        groups.append({"title": step["title"], "url": step_url(step["key"]), "rows": rows})
    return groups


def display_value(field, value):
    if field["type"] == "agree":
        return "已同意" if value else ""
    if field["type"] in COMPOUND_TYPES:
        return compound_text(field, value)
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    return "" if value is None else str(value)


def can_submit_on_behalf(user):
    return user.is_authenticated and user.has_perm(SUBMIT_ON_BEHALF_PERMISSION)


def resume_url(request, page, draft):
    return request.build_absolute_uri(page.url + page.reverse_subpage("resume", args=[draft.token]))
