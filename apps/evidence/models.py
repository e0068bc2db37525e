"""佐证材料: a file that supports a record — a progress report, a 销号 application, later an inspection
finding or a rectification item. One owner per file, of any model (a generic relation)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Evidence(models.Model):
    """A supporting file (pdf, jpg, png, docx, xlsx), type checked by content. The table was created by
    the cycles app and keeps its name."""

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    name = models.CharField("文件名", max_length=255)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # a JPEG's EXIF DateTimeOriginal (photo_time.py): when the photo was taken, kept beside the upload time
    taken_at = models.DateTimeField("拍摄时间", null=True, blank=True)

    class Meta:
        db_table = "cycles_evidence"
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="evidence_owner_idx")]

    def __str__(self):
        return self.name
