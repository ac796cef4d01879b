"""Site-wide settings (中心设置) reach the header, the footer and the handout PDF."""

import io

import pytest
from django.test import RequestFactory
from pypdf import PdfReader
from wagtail.models import Site

from core.models import CentreSettings
from core.site_info import centre_contact, centre_name

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def centre(guide):
    site = Site.objects.get(is_default_site=True)
    found = CentreSettings.for_site(site)
    found.name = "青石镇便民服务中心"
    found.address = "青石镇人民路 8 号"
    found.phone = "0000-5550101"
    found.hours = "周一至周五 8:30-17:00"
    found.save()
    return found


def test_settings_reach_the_handout_pdf(client, guide, centre):
    response = client.get(guide.url + "handout/")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "青石镇便民服务中心" in text
    assert "青石镇人民路 8 号" in text and "0000-5550101" in text
    metadata = PdfReader(io.BytesIO(response.content)).metadata
    assert metadata.author == "青石镇便民服务中心"


def test_settings_reach_header_and_footer(client, guide, centre):
    html = client.get(guide.url).content.decode()
    assert '<a class="site-name" href="/">青石镇便民服务中心</a>' in html
    assert "青石镇人民路 8 号" in html and 'href="tel:0000-5550101"' in html


def test_settings_are_escaped(client, guide, centre):
    centre.name = "<b>中心</b>"
    centre.save()
    html = client.get(guide.url).content.decode()
    assert "<b>中心</b>" not in html and "&lt;b&gt;中心&lt;/b&gt;" in html


def test_empty_name_falls_back_to_the_deployment_setting(client, guide, settings):
    settings.CENTRE_NAME = "部署配置中心"
    assert centre_name(Site.objects.get(is_default_site=True)) == "部署配置中心"
    assert "部署配置中心" in client.get(guide.url).content.decode()
    assert centre_contact(None) == ""


def test_helper_answers_for_request_and_site(guide, centre):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    assert centre_name(request) == "青石镇便民服务中心"
    assert centre_name(Site.objects.get(is_default_site=True)) == "青石镇便民服务中心"
