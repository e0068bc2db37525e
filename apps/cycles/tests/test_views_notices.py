import datetime
from zoneinfo import ZoneInfo

import time_machine

from apps.audit.models import AuditEvent
from apps.cycles import actions
from apps.cycles.models import Notice
from luoshi.test import BaseTestCase

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)  # a Monday


def at(*args):
    return time_machine.travel(datetime.datetime(*args, 10, 0, tzinfo=SHANGHAI), tick=False)


def events(obj, action=None):
    rows = AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)
    return rows.filter(action=action) if action else rows


class NoticeTestCase(BaseTestCase):
    def setUp(self):
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)

    def issue(self, unit=None, level=Notice.Level.REMIND, reply_by=datetime.date(2026, 11, 30), **kwargs):
        return actions.issue_notice(
            task=self.task,
            unit=unit or self.fgw,
            level=level,
            reason=kwargs.get("reason", "11月进展报告逾期未报"),
            reply_by=reply_by,
            actor=self.coordinator,
        )

    def reply(self, notice, user=None):
        return actions.reply_notice(notice, reply="已报送并说明原因", actor=user or self.alice)
