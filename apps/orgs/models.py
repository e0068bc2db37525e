import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone


class Unit(models.Model):
    """A unit in the tree 市 → 县区 → 部门/乡镇. `path` is a materialised path ("/1/4/") so that
    "this unit or any unit below it" is one indexed prefix filter."""

    class Kind(models.TextChoices):
        CITY = "city", "市"
        COUNTY = "county", "县区"
        DEPARTMENT = "department", "部门"
        TOWNSHIP = "township", "乡镇"

    JURISDICTION_KINDS = (Kind.CITY, Kind.COUNTY)

    name = models.CharField("单位名称", max_length=100, unique=True)
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
    order = models.PositiveIntegerField("排序", default=0)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "单位"

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)

    def subtree_ids(self) -> list[int]:
        return list(self.subtree().values_list("id", flat=True))

    def jurisdiction(self) -> "Unit":
        """The nearest 市 or 县区 at or above this unit: what its leaders and coordinators oversee."""
        ids = [int(i) for i in self.path.strip("/").split("/")]
        levels = {u.id: u for u in Unit.objects.filter(id__in=ids, kind__in=self.JURISDICTION_KINDS)}
        for unit_id in reversed(ids):
            if unit_id in levels:
                return levels[unit_id]
        return Unit.objects.get(id=ids[0])

    def compute_path(self) -> str:
        return f"{self.parent.path if self.parent else '/'}{self.id}/"


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    COORDINATOR = "coordinator", "牵头机关"
    LEADER = "leader", "领导"
    INSPECTOR = "inspector", "督查员"
    REPORTER = "reporter", "单位填报员"
    APPROVER = "approver", "单位审核人"


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
    """A per-user bearer token for machine clients. Only its SHA-256 is stored."""

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

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple["ApiToken", str]:
        raw = "ls_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], digest=cls.hash(raw))
        return token, raw
