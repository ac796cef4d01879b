"""Where wizard answers live between steps: a `Draft` row, not the session.

formtools keeps its state in `storage.data`; this backend keeps that dict in
the database, found through a token the session remembers (or a resume link
carries), so answers survive a closed browser, a new device and a restart.
Uploaded files wait in private storage (`STORAGES["private"]`)."""

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
        self.discard = False  # set once the draft has become a submission
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

    def update_response(self, response):
        super().update_response(response)
        if self.discard:
            if self.draft.pk:
                self.draft.delete()
            self.request.session.pop(self.session_key, None)
        elif self.draft.pk or self.data.get(self.step_data_key):
            self.save()

    def delete_files(self, file_dicts):
        """Forget uploads of steps or fields that became hidden."""
        for file_dict in file_dicts:
            self._tmp_files.append(file_dict["tmp_name"])
