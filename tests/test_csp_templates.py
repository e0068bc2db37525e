"""The Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) allows only the app's own scripts and
style sheets. Every page must keep to it: no inline <script>, no on*= handler attribute (static/js/app.js
handles data-* attributes instead), no <style> block without the request's nonce, no eval in htmx."""

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from luoshi.test import BaseTestCase

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")) + sorted(
    Path(settings.BASE_DIR, "apps").rglob("templates/**/*.html")
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_BLOCK = re.compile(r"<style(?![^>]*nonce=\"\{\{ request\.csp_nonce \}\}\")[^>]*>", re.I)


class TemplatesTestCase(SimpleTestCase):
    def offenders(self, pattern):
        return [
            f"{p.relative_to(settings.BASE_DIR)}: {m.group(0)}"
            for p in TEMPLATES
            for m in pattern.finditer(p.read_text())
        ]

    def test_it_finds_the_templates(self):
        self.assertGreater(len(TEMPLATES), 50)

    def test_it_has_no_inline_script(self):
        self.assertEqual(self.offenders(INLINE_SCRIPT), [])

    def test_it_has_no_handler_attributes(self):
        self.assertEqual(self.offenders(HANDLER), [])

    def test_it_has_no_style_block_without_the_nonce(self):
        self.assertEqual(self.offenders(STYLE_BLOCK), [])

    def test_it_has_no_htmx_event_filter_that_needs_eval(self):
        self.assertEqual(self.offenders(re.compile(r"hx-trigger=\"[^\"]*\[[^\"]*\"|hx-on|js:")), [])


class HeaderTestCase(BaseTestCase):
    def policy(self, url):
        self.login(self.alice)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))

    def test_it_allows_only_the_apps_own_scripts(self):
        policy = self.policy("/plans/")
        self.assertEqual(policy["script-src"], "'self'")
        self.assertEqual(policy["style-src"], "'self'")
        self.assertEqual((policy["object-src"], policy["frame-ancestors"]), ("'none'", "'none'"))

    def test_it_tells_htmx_not_to_eval(self):
        self.login(self.alice)
        self.assertContains(self.client.get("/plans/"), '"allowEval": false, "includeIndicatorStyles": false')
