"""Photo time kept: a JPEG's EXIF DateTimeOriginal is stored on its Evidence and shown beside the file;
a file without one stores nothing; a crafted or garbled EXIF never fails the upload."""

import datetime
import io
import random
import struct
import tempfile
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings
from PIL import ExifTags, Image

from apps.audit.models import AuditEvent
from apps.evidence.actions import add_evidence
from apps.evidence.models import Evidence
from apps.evidence.photo_time import exif_segment, photo_taken_at
from apps.supervision.tests.base import InspectionTestCase

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)
TAKEN = "2026:11:05 09:30:12"


def jpeg(taken=TAKEN, offset=None, exif=True) -> bytes:
    """A small real JPEG; with an EXIF block holding DateTimeOriginal (and OffsetTimeOriginal) if given."""
    buf = io.BytesIO()
    image = Image.new("RGB", (16, 12), "green")
    if not exif:
        image.save(buf, "JPEG")
        return buf.getvalue()
    data = Image.Exif()
    data[ExifTags.Base.Make] = "HUAWEI"
    ifd = data.get_ifd(ExifTags.IFD.Exif)
    if taken is not None:
        ifd[ExifTags.Base.DateTimeOriginal] = taken
    if offset is not None:
        ifd[ExifTags.Base.OffsetTimeOriginal] = offset
    image.save(buf, "JPEG", exif=data)
    return buf.getvalue()


def app1_start(data: bytes) -> int:
    return data.index(b"\xff\xe1")


def patched(data: bytes, at: int, raw: bytes) -> bytes:
    return data[:at] + raw + data[at + len(raw) :]


def garbled() -> dict[str, bytes]:
    """Crafted EXIF blocks, each in an otherwise valid JPEG (the image still decodes)."""
    good = jpeg()
    app1 = app1_start(good)
    tiff = app1 + 10  # after FF E1, the length and "Exif\0\0"
    pointer = good.index(struct.pack(">HHI", ExifTags.IFD.Exif, 4, 1))  # IFD0's entry: tag, LONG, 1
    return {
        # the Exif IFD pointer (IFD0's only pointer entry) aimed far outside the block
        "ifd pointer out of range": patched(good, pointer + 8, struct.pack(">I", 0x7FFFFFF0)),
        # ... or aimed at the TIFF header itself, read as an IFD of 19789 entries
        "ifd pointer into the header": patched(good, pointer + 8, struct.pack(">I", 0)),
        # not a TIFF header at all after "Exif\0\0"
        "no tiff header": patched(good, tiff, b"XX\x00\x2a\xff\xff\xff\xff"),
        # random bytes in place of the whole TIFF structure
        "noise": patched(good, tiff, random.Random(9).randbytes(40)),
        # a date that is no date, and a date in a wrong type
        "zero date": jpeg(taken="0000:00:00 00:00:00"),
        "month thirteen": jpeg(taken="2026:13:05 09:30:12"),
        "text, not a date": jpeg(taken="yesterday noon"),
        # a camera clock years ahead of the upload
        "future": jpeg(taken="2031:01:01 00:00:00"),
    }


class PhotoTimeTestCase(SimpleTestCase):
    def taken(self, data):
        return photo_taken_at(data, tz=SHANGHAI, now=NOW)

    def test_it_reads_date_time_original_in_the_site_time_zone(self):
        self.assertEqual(self.taken(jpeg()), datetime.datetime(2026, 11, 5, 9, 30, 12, tzinfo=SHANGHAI))

    def test_it_uses_the_offset_the_camera_recorded(self):
        taken = self.taken(jpeg(offset="+00:00"))
        self.assertEqual(taken, datetime.datetime(2026, 11, 5, 9, 30, 12, tzinfo=datetime.UTC))

    def test_it_finds_nothing_in_a_jpeg_without_exif(self):
        self.assertIsNone(self.taken(jpeg(exif=False)))

    def test_it_finds_nothing_when_exif_has_no_date_time_original(self):
        self.assertIsNone(self.taken(jpeg(taken=None)))

    def test_it_finds_nothing_in_a_png(self):
        self.assertIsNone(self.taken(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))

    def test_it_answers_none_for_every_garbled_block(self):
        for name, data in garbled().items():
            with self.subTest(name):
                self.assertIsNone(self.taken(data))

    def test_it_never_raises_on_mutated_exif(self):
        good = jpeg(offset="+08:00")
        start = app1_start(good)
        end = start + 2 + int.from_bytes(good[start + 2 : start + 4], "big")
        rng = random.Random(20261123)
        for _ in range(300):
            data = bytearray(good)
            for _ in range(rng.randint(1, 6)):
                data[rng.randrange(start, end)] = rng.randrange(256)
            self.taken(bytes(data))  # any answer but an exception

    def test_it_keeps_the_date_of_a_segment_cut_short(self):
        # the APP1 segment says it is longer than the whole file (a file cut off in transfer): what is
        # there is read
        good = jpeg()
        data = patched(good, app1_start(good) + 2, b"\xff\xf0")
        self.assertEqual(self.taken(data), datetime.datetime(2026, 11, 5, 9, 30, 12, tzinfo=SHANGHAI))

    def test_it_looks_no_further_than_the_start_of_the_image_data(self):
        # an "Exif" APP1 after the start of scan is image data, not metadata
        data = b"\xff\xd8\xff\xda\x00\x02" + jpeg()[2:]
        self.assertIsNone(exif_segment(data))


def upload(data, name="现场照片.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
@time_machine.travel(NOW, tick=False)
class EvidencePhotoTimeTestCase(InspectionTestCase):
    def add(self, data, name="现场照片.jpg"):
        return add_evidence(upload=upload(data, name), actor=self.alice, owner=self.item)

    def test_it_keeps_the_time_a_photo_was_taken(self):
        evidence = self.add(jpeg())
        evidence.refresh_from_db()
        self.assertEqual(evidence.taken_at, datetime.datetime(2026, 11, 5, 9, 30, 12, tzinfo=SHANGHAI))

    def test_it_audits_the_time_taken(self):
        evidence = self.add(jpeg())
        event = AuditEvent.objects.get(object_type="evidence", object_id=evidence.pk)
        self.assertEqual(event.changes["taken_at"], [None, "2026-11-05T09:30:12+08:00"])

    def test_it_stores_no_time_for_a_photo_without_exif(self):
        self.assertIsNone(self.add(jpeg(exif=False)).taken_at)

    def test_it_stores_no_time_for_a_pdf(self):
        self.assertIsNone(self.add(b"%PDF-1.7\n" + b"0" * 64, name="说明.pdf").taken_at)

    def test_it_accepts_every_garbled_photo_without_a_time(self):
        for name, data in garbled().items():
            with self.subTest(name):
                evidence = self.add(data)
                self.assertEqual((evidence.kind, evidence.taken_at), ("jpg", None))
        self.assertEqual(Evidence.objects.filter(owner_id=self.item.pk).count(), len(garbled()))

    def test_it_shows_the_time_taken_beside_the_file_on_the_item_page(self):
        self.login(self.alice)
        response = self.client.post(
            f"/rectifications/{self.item.pk}/progress/",
            {"progress": "已完成整改", "done": "on", "files": [upload(jpeg(), "整改后.jpg")]},
        )
        self.assertRedirects(response, f"/rectifications/{self.item.pk}/")
        self.assertContains(self.client.get(f"/rectifications/{self.item.pk}/"), "拍摄于 2026-11-05 09:30")

    def test_it_shows_the_time_taken_beside_a_findings_photo(self):
        self.login(self.inspector)
        response = self.client.post(
            f"/inspections/{self.inspection.pk}/findings/new/",
            {
                "unit": self.zjj.pk,
                "dimension": "progress",
                "severity": 1,
                "text": "工地扬尘未覆盖",
                "needs_rectification": "on",
                "files": [upload(jpeg())],
            },
        )
        self.assertRedirects(response, f"/inspections/{self.inspection.pk}/")
        page = self.client.get(f"/inspections/{self.inspection.pk}/")
        self.assertContains(page, "现场照片.jpg</a>（<span")
        self.assertContains(page, "拍摄于 2026-11-05 09:30")

    def test_it_shows_nothing_for_a_photo_without_a_time(self):
        self.login(self.alice)
        self.client.post(
            f"/rectifications/{self.item.pk}/progress/",
            {"progress": "已完成整改", "done": "on", "files": [upload(jpeg(exif=False), "整改后.jpg")]},
        )
        page = self.client.get(f"/rectifications/{self.item.pk}/")
        self.assertContains(page, "整改后.jpg")
        self.assertNotContains(page, "拍摄于")
