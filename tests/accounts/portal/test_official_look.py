"""The site looks official: footer with 主办单位 and identifiers, Chinese error pages, CORS on the API."""

import hashlib

import pytest
from django.test import Client

from .conftest import published_departments


def test_footer_names_the_bureau_of_the_page_and_the_configured_identifiers(client, district, settings):
    published_departments(district, 1)
    settings.SITE_HOST = "武汉市财政局"
    settings.SITE_CONTACT = "027-12345678"
    settings.SITE_GOVERNMENT_ID = "4201000001"
    settings.SITE_ICP_RECORD = "鄂ICP备00000000号"
    settings.SITE_PUBLIC_SECURITY_RECORD = "鄂公网安备42011202000000号"
    disclosure = client.get("/dongxihu/hrss/2022/").content.decode()
    assert "主办单位：东西湖区财政局 · 联系方式：027-12345678" in disclosure
    assert "<span>网站标识码：4201000001</span>" in disclosure
    assert ">鄂ICP备00000000号</a>" in disclosure
    assert "<span>鄂公网安备42011202000000号</span>" in disclosure
    assert "主办单位：东西湖区财政局" in client.get("/bureaus/dongxihu/").content.decode()
    assert "主办单位：武汉市财政局" in client.get("/years/").content.decode()


def test_footer_shows_no_identifier_when_none_is_configured(client, district):
    published_departments(district, 1)
    years = client.get("/years/").content.decode()
    assert '<p class="footer-host">部门决算公开平台</p>' in years
    assert "网站标识码" not in years and "ICP" not in years


def test_hashes_sit_in_a_details_panel_not_in_the_version_box(client, district):
    (version,) = published_departments(district, 1)
    page = client.get("/dongxihu/hrss/2022/").content.decode()
    box = page[page.index('<aside class="version-box"') : page.index("</aside>")]
    assert version.html_sha256 not in box
    panel = page[page.index('<details class="version-details">') :]
    panel = panel[: panel.index("</details>")]
    assert f"<dd><code>{version.html_sha256}</code></dd>" in panel
    public_json = hashlib.sha256(client.get("/dongxihu/hrss/2022/v1/json/").content).hexdigest()
    assert f"<dd><code>{public_json}</code></dd>" in panel


@pytest.mark.django_db
def test_missing_page_is_a_chinese_404_with_debug_off(client, settings):
    settings.DEBUG = False
    response = client.get("/bureaus/nowhere/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>页面不存在</h1>" in page and "Not Found" not in page
    assert '<a href="/years/">按年度浏览已公开的部门决算</a>' in page


@pytest.mark.django_db
def test_server_error_is_a_chinese_500_with_debug_off(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.accounts.portal.failing_urls"
    response = Client(raise_request_exception=False).get("/fail/")
    assert response.status_code == 500
    assert "<h1>服务器内部错误</h1>" in response.content.decode()


def test_api_answers_any_origin_for_get_only(client, district):
    published_departments(district, 1)
    origin = {"HTTP_ORIGIN": "https://research.example.org"}
    api = client.get("/api/v1/final-accounts/", **origin)
    assert api.status_code == 200
    assert api["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/final-accounts/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **origin)
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Credentials" not in api
    assert "Access-Control-Allow-Origin" not in client.get("/years/", **origin)
