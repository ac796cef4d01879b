"""Where wizard answers live between steps: a `Draft` row, not the session.

formtools keeps its state in `storage.data`; this backend keeps that dict in
the database, found through a token the session remembers (or a resume link
carries), so answers survive a closed browser, a new device and a restart.
Uploaded files wait in private storage (`STORAGES["private"]`).

A submitted draft is kept (emptied, with `submitted_at` and the URL of its
confirmation) so that a repeated final POST, or any wizard URL visited
afterwards, shows that confirmation instead of opening a second case."""

from django.core.files.storage import storages
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

    def delete_files(self, file_dicts):
        """Forget uploads of steps or fields that became hidden."""
        for file_dict in file_dicts:
            self._tmp_files.append(file_dict["tmp_name"])
