"""The coverage report as a workbook: 认领情况 (each parent task × each lower plan), 四清检查 and 未承接上级的任务."""

import io

import xlsxwriter


def coverage_workbook(report) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format(
        {"bold": True, "bg_color": "#E8EEF6", "border": 1, "text_wrap": True, "valign": "top"}
    )
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    gap = book.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_color": "#B00020"})

    sheet = book.add_worksheet("认领情况")
    children = report["children"]
    columns = ["编号", "上级任务", *[f"{p.owner_unit}（{p.title}）" for p in children], "数量分解"]
    sheet.write_row(0, 0, columns, head)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 1 + len(children), 28)
    sheet.set_column(2 + len(children), 2 + len(children), 36)
    sheet.freeze_panes(1, 2)
    for r, row in enumerate(report["rows"], start=1):
        sheet.write(r, 0, row["task"].code, cell)
        sheet.write(r, 1, row["task"].title, cell)
        for c, claim in enumerate(row["claims"], start=2):
            if claim["links"]:
                text = "\n".join(
                    f"{link.get_relation_display()}：{link.task.title}" for link in claim["links"]
                )
                sheet.write(r, c, text, cell)
            else:
                sheet.write(r, c, "未认领", gap)
        splits = "\n".join(f"{s['target']}：合计 {s['total']}，{s['verdict']}" for s in row["splits"])
        sheet.write(r, 2 + len(children), splits, cell)

    sheet = book.add_worksheet("四清检查")
    sheet.write_row(0, 0, ["下级计划", "任务", "责任", "数量", "时间", "标准", "缺少"], head)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 50)
    sheet.set_column(6, 6, 20)
    for r, check in enumerate(report["checks"], start=1):
        task = check["task"]
        marks = ["✓" if check[key] else "✗" for key in ("lead", "quantity", "deadline", "standard")]
        sheet.write_row(r, 0, [str(task.plan), task.title, *marks, "、".join(check["missing"])], cell)

    sheet = book.add_worksheet("未承接上级的任务")
    sheet.write_row(0, 0, ["下级计划", "发文单位", "编号", "任务"], head)
    sheet.set_column(0, 1, 30)
    sheet.set_column(3, 3, 60)
    r = 1
    for entry in report["per_plan"]:
        for task in entry["orphans"]:
            sheet.write_row(
                r, 0, [str(entry["plan"]), str(entry["plan"].owner_unit), task.code, task.title], cell
            )
            r += 1
    book.close()
    return out.getvalue()
