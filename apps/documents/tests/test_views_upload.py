"""/documents/new/: a coordinator uploads (or pastes) a document and lands on the review screen."""

import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from fpdf import FPDF
from PIL import Image

from apps.audit.models import AuditEvent
from apps.documents.models import Draft

from .base import DocumentsTestCase
from .helpers import seed_text

URL = "/documents/new/"


def scanned_pdf() -> bytes:
    """A one-page PDF holding only a picture of a page, as a scanner makes it: no text layer."""
    picture = io.BytesIO()
    Image.new("L", (600, 800), color=235).save(picture, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=190)
    return bytes(pdf.output())


def docx_of(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html_of(text: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府网站</title>'
        "<script>var x = 1;</script><style>p { margin: 0 }</style></head>"
        f'<body><div class="article">{paragraphs}</div></body></html>'
    )
    return page.encode("utf-8")


class UploadTestCase(DocumentsTestCase):
    def setUp(self):
        self.text = seed_text("000")

    def post(self, file=None, text="", **fields):
        data = {"title": "2026年全面深化改革工作要点", "year": 2026, "owner_unit": self.city.pk, "text": text}
        if file is not None:
            data["file"] = file
        data.update(fields)
        return self.client.post(URL, data)

    def assert_reviewing(self, response) -> Draft:
        draft = Draft.objects.get()
        self.assertRedirects(response, f"/drafts/{draft.pk}/")
        titles = [a["title"] for a in draft.data["areas"]]
        self.assertIn("要在优化营商环境上突破提升", titles)
        self.assertIn("要在全面从严治党上突破提升", titles)
        return draft

    def test_it_shows_the_form_to_a_coordinator(self):
        self.login(self.coordinator)
        response = self.client.get(URL)
        self.assertContains(response, "解析文件生成台账")
        self.assertContains(response, 'name="file"')

    def test_it_lists_the_drafts_awaiting_review(self):
        draft = self.make_draft()
        self.login(self.coordinator)
        self.assertContains(self.client.get(URL), f'href="/drafts/{draft.pk}/"')

    def test_it_reads_a_utf8_text_file(self):
        self.login(self.coordinator)
        response = self.post(SimpleUploadedFile("讲话.txt", self.text.encode("utf-8")))
        draft = self.assert_reviewing(response)
        self.assertEqual(draft.document.text, self.text)
        self.assertEqual(draft.document.filename, "讲话.txt")
        self.assertEqual(draft.document.uploaded_by, self.coordinator)
        self.assertEqual(draft.created_by, self.coordinator)
        self.assertEqual(draft.owner_unit, self.city)
        self.assertEqual(draft.status, Draft.Status.REVIEW)

    def test_it_keeps_the_original_file(self):
        self.login(self.coordinator)
        raw = self.text.encode("gbk")
        self.post(SimpleUploadedFile("讲话.txt", raw))
        document = Draft.objects.get().document
        with document.file.open("rb") as f:
            self.assertEqual(f.read(), raw)

    def test_it_reads_a_gbk_text_file(self):
        self.login(self.coordinator)
        response = self.post(SimpleUploadedFile("讲话.txt", self.text.encode("gbk")))
        draft = self.assert_reviewing(response)
        self.assertEqual(draft.document.text, self.text)

    def test_it_reads_a_word_file(self):
        self.login(self.coordinator)
        response = self.post(SimpleUploadedFile("讲话.docx", docx_of(self.text)))
        draft = self.assert_reviewing(response)
        self.assertIn("要在深化农村改革上突破提升", draft.document.text)

    def test_it_reads_a_saved_web_page(self):
        self.login(self.coordinator)
        response = self.post(SimpleUploadedFile("讲话.html", html_of(self.text)))
        draft = self.assert_reviewing(response)
        self.assertNotIn("var x", draft.document.text)
        self.assertNotIn("<p>", draft.document.text)

    def test_it_reads_pasted_text(self):
        self.login(self.coordinator)
        response = self.post(text=self.text)
        draft = self.assert_reviewing(response)
        self.assertEqual(draft.document.filename, "粘贴的文本.txt")
        self.assertFalse(draft.document.file)

    def test_it_takes_the_year_from_the_form_when_the_document_names_none(self):
        self.login(self.coordinator)
        self.post(text="一、稳增长\n要加快项目建设，新建高标准农田50万亩以上。\n", year=2025)
        self.assertEqual(Draft.objects.get().year, 2025)

    def test_it_takes_the_year_the_document_names_over_the_form(self):
        self.login(self.coordinator)
        self.post(
            text="2027年重点工作安排\n一、稳增长\n要加快项目建设，新建高标准农田50万亩以上。\n", year=2025
        )
        self.assertEqual(Draft.objects.get().year, 2027)

    def test_it_records_the_upload_in_the_audit_log(self):
        self.login(self.coordinator)
        self.post(text=self.text)
        draft = Draft.objects.get()
        event = AuditEvent.objects.get(object_type="draft", object_id=draft.pk)
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.action, AuditEvent.Action.CREATE)

    def test_it_lets_a_county_coordinator_issue_only_for_the_county(self):
        self.login(self.county_coordinator)
        response = self.post(text=self.text)  # owner_unit: the city
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Draft.objects.count(), 0)

        response = self.post(text=self.text, owner_unit=self.county.pk)
        self.assert_reviewing(response)

    def test_it_is_for_coordinators_only(self):
        for user in (self.alice, self.approver, self.leader, self.inspector, self.admin, self.county_leader):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(URL).status_code, 403)
                self.assertEqual(self.post(text=self.text).status_code, 403)
        self.assertEqual(self.row_counts()["drafts"], 0)

    def test_it_sends_anonymous_users_to_log_in(self):
        for response in (self.client.get(URL), self.post(text=self.text)):
            self.assertRedirects(response, f"/login/?next={URL}", fetch_redirect_response=False)
        self.assertEqual(self.row_counts()["drafts"], 0)


class BadUploadTestCase(DocumentsTestCase):
    """Every failure: a clear Chinese message on the form, status 400, and nothing created."""

    def setUp(self):
        self.login(self.coordinator)
        self.before = self.row_counts()

    def assert_refused(self, response, message):
        self.assertContains(response, message, status_code=400)
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertEqual(self.row_counts(), self.before)

    def post(self, name, content, **fields):
        data = {"title": "2026年工作要点", "year": 2026, "owner_unit": self.city.pk}
        data.update(fields)
        if name is not None:
            data["file"] = SimpleUploadedFile(name, content)
        return self.client.post(URL, data)

    def test_it_refuses_an_empty_file(self):
        self.assert_refused(self.post("讲话.txt", b""), "所提交的是空文件")

    def test_it_refuses_a_file_of_blank_lines(self):
        self.assert_refused(self.post("讲话.txt", "\n\u3000 \n".encode()), "文件中没有可提取的文字")

    def test_it_refuses_a_binary_file(self):
        png = io.BytesIO()
        Image.new("RGB", (40, 40), color="red").save(png, format="PNG")
        self.assert_refused(self.post("扫描.png", png.getvalue()), "无法识别的文件格式")

    def test_it_refuses_an_old_word_file(self):
        self.assert_refused(self.post("讲话.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 600), "旧版 Word")

    def test_it_refuses_a_scanned_pdf(self):
        self.assert_refused(self.post("讲话.pdf", scanned_pdf()), "PDF 没有可提取的文字（可能是扫描件）")

    def test_it_refuses_a_broken_pdf(self):
        self.assert_refused(self.post("讲话.pdf", b"%PDF-1.4\n%broken"), "PDF 文件已损坏")

    @override_settings(IMPORT_MAX_BYTES=2048)
    def test_it_refuses_a_file_over_the_limit(self):
        response = self.post("讲话.txt", seed_text("000").encode("utf-8"))
        self.assert_refused(response, "文件超过")
        self.assertContains(response, "2 KB", status_code=400)

    def test_it_refuses_an_unknown_encoding(self):
        latin1 = "Résumé du café à Paris, très élégant, ÿ.\n".encode("latin-1") * 20
        self.assert_refused(self.post("讲话.txt", latin1), "无法识别文件的文字编码")

    def test_it_refuses_neither_file_nor_text(self):
        self.assert_refused(self.post(None, b"", text="  "), "请上传文件或粘贴文本")

    def test_it_refuses_both_file_and_text(self):
        response = self.post("讲话.txt", seed_text("000").encode(), text="要加快推进。")
        self.assert_refused(response, "请只选择一种方式")

    def test_it_refuses_a_missing_title(self):
        response = self.post("讲话.txt", seed_text("000").encode(), title="")
        self.assert_refused(response, "这个字段是必填项")


class UploadLimitTestCase(DocumentsTestCase):
    @override_settings(IMPORT_MAX_BYTES=1024 * 1024)
    def test_it_refuses_a_request_body_over_the_limit_before_reading_it(self):
        client = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check must not read it either
        client.force_login(self.coordinator)
        response = client.post(
            URL,
            data=b"--x\r\n" * 10,  # reading past these 50 bytes would fail the test client
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(3 * 1024 * 1024),
        )
        self.assertContains(response, "上传的内容过大（3.0 MB），上限为 1 MB", status_code=413)
        self.assertFalse(Draft.objects.exists())
