"""What the ranking page shows of a unit's breakdown, worked out once when the run is stored: each
dimension's points in the scheme's order, the grade's reasons, and why the unit is on the 负面清单."""


def negative_reasons(breakdown: dict, grade: str) -> list[str]:
    """A veto, grade 较差, repeated 督办 (two or more at 催办 or above), rectification overdue or rebounding."""
    lines = [line for d in breakdown.get("dimensions", []) for line in d.get("lines", [])]
    lines += breakdown.get("deductions", [])
    refs = {line.get("ref", "") for line in lines if line.get("delta") not in (None, "0")}
    why = [f"否决：{v.get('text', '')}" for v in breakdown.get("vetoed_by", [])]
    if grade == "较差":
        why.append("等次较差")
    notices = [r for r in refs if r.startswith("notice:")]
    if len(notices) >= 2:
        why.append(f"被督办 {len(notices)} 次")
    overdue = [r for r in refs if r.startswith("rectification:")]
    if overdue:
        why.append(f"整改逾期或反弹 {len(overdue)} 项")
    return why


def summarise(breakdown: dict, grade: str) -> dict:
    return {
        "dims": {d["code"]: d["points"] for d in breakdown.get("dimensions", [])},
        "why": "；".join(breakdown.get("grade_notes", [])),
        "ineligible": breakdown.get("ineligible_reason", ""),
        "negative": negative_reasons(breakdown, grade),
    }
