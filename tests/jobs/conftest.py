import pytest

from forms.importing import import_definition
from forms.models import ApplicationFormPage
from tests.support import definition


@pytest.fixture
def form_page(guide):
    import_definition(definition())
    return ApplicationFormPage.objects.get(slug="test-application")
