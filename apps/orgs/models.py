import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

ORDER_WIDTH, ID_WIDTH = 6, 8
MAX_ORDER = 10**ORDER_WIDTH - 1


def path_segment(order: int, unit_id: int) -> str:
    """One step of a materialised path: the unit's 排序 then its id, zero-padded ("000003.00000012/"), so
    that sorting paths as text lists the tree depth first with siblings by 排序 (then creation)."""
    return f"{order:0{ORDER_WIDTH}d}.{unit_id:0{ID_WIDTH}d}/"


def segment_id(segment: str) -> int:
    return int(segment.rpartition(".")[2])


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """Stores Chinese as itself rather than as \\u escapes, so a text search (aliases__icontains) finds it."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class Unit(models.Model):
    """A unit in the tree 市 → 县区 → 部门/乡镇. `path` is a materialised path of (排序, id) segments
    ("/000000.00000001/000003.00000004/", see path_segment) so that "this unit or any unit below it" is one
    indexed prefix filter and ordering by path lists the tree depth first, siblings by 排序. Names need
    not be unique (many townships have a 城关镇); `code` (统一社会信用代码 or an administrative code) is,
    when given; `aliases` are short names (简称)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县区"
        DEPARTMENT = "department", "部门"
        TOWNSHIP = "township", "乡镇"

    JURISDICTION_KINDS = (Kind.PROVINCE, Kind.CITY, Kind.COUNTY)

    name = models.CharField("单位名称", max_length=100, db_index=True)
    code = models.CharField(
        "单位代码",
        max_length=30,
        null=True,
        blank=True,
        unique=True,
        help_text="统一社会信用代码或行政区划代码，可不填；填写时不能与其他单位重复。",
    )
    aliases = models.JSONField("简称", default=list, blank=True, encoder=UnicodeJSONEncoder)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    order = models.PositiveIntegerField(
        "排序",
        default=0,
        validators=[MaxValueValidator(MAX_ORDER)],
        help_text="同一上级下按此数字从小到大排列",
    )
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "单位"

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit."""
        return [segment_id(i) for i in self.path.strip("/").split("/")]

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)

    def subtree_ids(self) -> list[int]:
        return list(self.subtree().values_list("id", flat=True))

    def jurisdiction(self) -> "Unit":
        """The nearest 省, 市 or 县区 at or above this unit: what its leaders and coordinators oversee."""
        ids = self.ancestor_ids
        levels = {u.id: u for u in Unit.objects.filter(id__in=ids, kind__in=self.JURISDICTION_KINDS)}
        for unit_id in reversed(ids):
            if unit_id in levels:
                return levels[unit_id]
        return Unit.objects.get(id=ids[0])

    def compute_path(self) -> str:
        return (self.parent.path if self.parent else "/") + path_segment(self.order, self.id)

    def clean(self):
        if self.code is not None:
            self.code = self.code.strip() or None
        self.aliases = list(dict.fromkeys(a.strip() for a in self.aliases or [] if a and a.strip()))


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    COORDINATOR = "coordinator", "牵头机关"
    LEADER = "leader", "领导"
    INSPECTOR = "inspector", "督查员"
    REPORTER = "reporter", "单位填报员"
    APPROVER = "approver", "单位审核人"
    STATISTICIAN = "statistician", "统计局"


# Roles whose members oversee the whole jurisdiction of their unit (a 市 or 县区) rather than only
# their own unit's tasks.
OVERSIGHT_ROLES = {Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.INSPECTOR}
# Roles whose members act for their own unit (and the units below it) only.
UNIT_ROLES = (Role.REPORTER, Role.APPROVER)


class User(AbstractUser):
    unit = models.ForeignKey(
        Unit, verbose_name="所属单位", null=True, on_delete=models.PROTECT, related_name="users"
    )
    full_name = models.CharField("姓名", max_length=50, blank=True)
    roles = models.JSONField("角色", default=list, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in self.roles if r in Role.values]

    @property
    def is_oversight(self) -> bool:
        return bool(OVERSIGHT_ROLES.intersection(self.roles))


class ApiToken(models.Model):
    """A per-user bearer token for machine clients. Only its SHA-256 is stored. It expires
    settings.API_TOKEN_DAYS after it was issued (so shortening the setting shortens existing tokens too)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(days=settings.API_TOKEN_DAYS)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple["ApiToken", str]:
        raw = "ls_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], digest=cls.hash(raw))
        return token, raw
