"""Where wizard answers live between steps: a `Draft` row, not the session.

formtools keeps its state in `storage.data`; this backend keeps that dict in
the database, found through a token the session remembers (or a resume link
carries), so answers survive a closed browser, a new device and a restart.
Uploaded files wait in private storage (`STORAGES["private"]`).

A submitted draft is kept (emptied, with `submitted_at` and the URL of its
confirmation) so that a repeated final POST, or any wizard URL visited
afterwards, shows that confirmation instead of opening a second case.

Files are kept per field, not per step as formtools would: `data["uploads"]`
maps a field key to the list of accepted files (records described in
`forms.uploads`), each saved in private storage the moment it passed its
checks. They stay with the draft until the resident deletes or replaces
them, the field becomes hidden, the draft is reset, submitted or expires
(`purge_drafts`). formtools' own per-step files are not used."""

import uuid

from django.core.files.storage import storages
from django.utils.text import get_valid_filename
from formtools.wizard.storage.base import BaseStorage

from .models import Draft


def private_storage():
    return storages["private"]


class DraftStorage(BaseStorage):
    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.session_key = f"{self.prefix}_draft"
        self.page = request.wizard_page
        self.draft = self._load()
        if not self.draft.data:
            self.init_data()
        self._upgrade_step_files()

    def _load(self):
        token = self.request.session.get(self.session_key)
        if token:
            draft = Draft.objects.filter(token=token, page=self.page).first()
            if draft is not None and not draft.expired:
                return draft
        return Draft(page=self.page)

    def _get_data(self):
        return self.draft.data

    def _set_data(self, value):
        self.draft.data = value

    data = property(_get_data, _set_data)

    def save(self):
        """Write the draft now (every step, and on 保存草稿)."""
        from .models import draft_expiry

        self.draft.expires_at = draft_expiry()
        self.draft.save()
        self.request.session[self.session_key] = self.draft.token

    @property
    def submitted(self):
        return self.draft.submitted_at is not None

    def lock(self):
        """Lock the draft's row until the end of the current transaction and
        read whether another request has submitted it meanwhile. False if
        the row is gone (reset or expired by another request)."""
        if self.draft.pk is None:
            return True
        fresh = (
            Draft.objects.select_for_update()
            .filter(pk=self.draft.pk)
            .values("submitted_at", "confirmation_url")
            .first()
        )
        if fresh is None:
            return False
        self.draft.submitted_at, self.draft.confirmation_url = fresh["submitted_at"], fresh["confirmation_url"]
        return True

    def consume(self, confirmation_url):
        """Mark the draft submitted (its answers now live in the case); called
        under `lock()` in the transaction that opened the case."""
        from django.utils import timezone

        self.draft.submitted_at = timezone.now()
        self.draft.confirmation_url = confirmation_url
        self.init_data()
        self.draft.save()

    def start_over(self):
        """重新开始填写: forget this draft and its uploads; the next step saved
        starts a new one."""
        self.reset()  # queues the uploads for deletion at the end of the response
        if self.draft.pk and not self.submitted:
            self.draft.delete()
        self.request.session.pop(self.session_key, None)
        self.draft = Draft(page=self.page)
        self.init_data()

    def update_response(self, response):
        super().update_response(response)
        if self.submitted:
            return  # written once, under the row lock; never overwritten by a late request
        if self.draft.pk or self.data.get(self.step_data_key):
            self.save()

    # --- Kept files ---------------------------------------------------------

    uploads_key = "uploads"

    def init_data(self):
        super().init_data()
        self.data[self.uploads_key] = {}

    @property
    def uploads(self):
        return self.data.setdefault(self.uploads_key, {})

    def kept_files(self, key):
        """The files kept for one field, in the order they were added."""
        return list(self.uploads.get(key) or [])

    def keep(self, key, upload):
        """Save an accepted upload in private storage and add it to the field."""
        name = get_valid_filename(upload.name) or "upload"
        upload.seek(0)
        tmp_name = self.file_storage.save(f"drafts/{uuid.uuid4().hex}-{name}", upload)
        record = {
            "id": uuid.uuid4().hex[:12],
            "tmp_name": tmp_name,
            "name": upload.name,
            "size": upload.size,
            "content_type": getattr(upload, "content_type", "") or "",
        }
        self.uploads.setdefault(key, []).append(record)
        return record

    def discard(self, key, file_ids=None):
        """Delete some (by id) or all of a field's kept files. True if any went."""
        kept = self.kept_files(key)
        gone = [record for record in kept if file_ids is None or record["id"] in file_ids]
        self.delete_files(gone)
        remaining = [record for record in kept if record not in gone]
        if remaining:
            self.uploads[key] = remaining
        else:
            self.uploads.pop(key, None)
        return bool(gone)

    def delete_files(self, records):
        """Queue files for deletion at the end of the response."""
        for record in records:
            self._tmp_files.append(record["tmp_name"])

    def reset(self):
        for records in self.uploads.values():
            self.delete_files(records)
        super().reset()

    # formtools' per-step files: not used (the wizard passes kept files itself).
    def get_step_files(self, step):
        return None

    def set_step_files(self, step, files):
        if files:
            raise ValueError("uploads are kept per field with keep(), not per step")

    def _upgrade_step_files(self):
        """A draft saved before files were kept per field: move its
        {step: {"step-key": file dict}} into uploads."""
        legacy = self.data.get(self.step_files_key) or {}
        for step, files in legacy.items():
            for name, info in files.items():
                key = name.removeprefix(f"{step}-")
                record = {field: info.get(field) for field in ("tmp_name", "name", "size", "content_type")}
                self.uploads.setdefault(key, []).append({"id": uuid.uuid4().hex[:12], **record})
        self.data[self.step_files_key] = {}


def draft_file_names(data):
    """Every stored file of a draft's data (kept files and any legacy ones)."""
    names = [record["tmp_name"] for records in (data.get("uploads") or {}).values() for record in records]
    names += [info["tmp_name"] for files in (data.get("step_files") or {}).values() for info in files.values()]
    return names
