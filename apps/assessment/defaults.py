"""A starting scheme after the real ones (DOMAIN.md §1.2, from eleven published 考核办法): 承办任务完成 60
(weighted by priority), 报送时效 15, 督办响应 15, 领导评价 10; bonuses for 表彰 and 经验推广 by level and for
通报表扬 (capped at +10); deductions for 通报批评, 整改逾期, 回头看反弹 and 批示办理超时; a 三次督办 caps the
grade at 一般; 优秀 at most 30 % of a group, rounded up. The coordinator edits it before publishing."""

from apps.orgs.models import Unit


def default_config(owner_unit: Unit) -> dict:
    below = Unit.objects.filter(parent=owner_unit, archived_at__isnull=True).order_by("path")
    counties = [u.pk for u in below if u.kind == Unit.Kind.COUNTY]
    departments = [u.pk for u in below if u.kind != Unit.Kind.COUNTY]
    groups = [
        {"code": "G1", "name": "县（市、区）", "unit_ids": counties},
        {"code": "G2", "name": "市直单位", "unit_ids": departments},
    ]
    by_level = {"4": "2", "3": "1", "2": "0.5"}  # 国家级, 省部级, 市级
    return {
        "groups": [g for g in groups if g["unit_ids"]],
        "dimensions": [
            {
                "code": "D1",
                "name": "承办任务完成",
                "points": "60",
                "rules": [{"type": "proportional", "weights": {"重点": "3", "一般": "1"}}],
            },
            {
                "code": "D2",
                "name": "报送时效",
                "points": "15",
                "rules": [
                    {"type": "per_event", "name": "迟报", "kind": "late_report", "points": "-0.5"},
                    {"type": "per_event", "name": "未报", "kind": "missing_report", "points": "-1"},
                    {"type": "per_event", "name": "退回重报", "kind": "report_returned", "points": "-2"},
                ],
            },
            {
                "code": "D3",
                "name": "督办响应",
                "points": "15",
                "rules": [
                    {"type": "per_event", "name": "二次督办", "kind": "notice", "level": 2, "points": "-3"},
                    {
                        "type": "per_event",
                        "name": "三次督办",
                        "kind": "notice",
                        "min_level": 3,
                        "points": "-10",
                    },
                    {"type": "per_event", "name": "批示办理超时", "kind": "instruction_late", "points": "-1"},
                ],
            },
            {"code": "D4", "name": "领导评价", "points": "10", "rules": [{"type": "rating"}]},
        ],
        "bonuses": [
            {"type": "bonus_by_level", "name": "表彰", "kind": "honour", "points_by_level": by_level},
            {
                "type": "bonus_by_level",
                "name": "经验推广",
                "kind": "case_promoted",
                "points_by_level": by_level,
            },
            {"type": "per_event", "name": "通报表扬", "kind": "praise", "points": "1"},
        ],
        "bonus_cap": "10",
        "deductions": [
            {"type": "per_event", "name": "通报批评", "kind": "criticism", "points": "-1"},
            {"type": "per_event", "name": "整改逾期", "kind": "rectification_overdue", "points": "-1"},
            {"type": "per_event", "name": "回头看反弹", "kind": "recheck_rebound", "points": "-2"},
        ],
        "vetoes": [
            {
                "kind": "notice",
                "min_level": 3,
                "effect": "cap_grade",
                "grade": "一般",
                "name": "三次督办 取消评优",
            }
        ],
        "grades": [["优秀", "90"], ["良好", "80"], ["一般", "70"], ["较差", "0"]],
        "quota": {"grade": "优秀", "percent": "30", "rounding": "up"},
        "tie_break": ["D1", "D3"],
        "co_share": "0.5",
    }
