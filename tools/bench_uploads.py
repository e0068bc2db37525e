"""Upload benchmark: hostile and oversized .xlsx uploads, each through the real URL (middleware, CSRF
parsing, view, import, error page) in a fresh child process; prints status, time, peak RSS and the size
of the page sent back. Goal for every case: under 2 s and 200 MB (the child's Django alone is ~70 MB).

    .venv/bin/python -m tools.bench_uploads          # also run by `make bench`

A scratch SQLite database in a temporary directory: a city, two departments, a reporter, a coordinator,
one plan with 20 tasks and an open cycle (one report per task).
"""

import datetime
import html
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.xlsx_files import add_rows, claim_dimension, inflated_sheet, replace_sheet, text_cell_xml
from tools.bench import LAUNCHER, log

GOAL_S, GOAL_MB = 2, 200
CHILD_TIMEOUT_S = int(os.environ.get("BENCH_UPLOAD_TIMEOUT", "600"))
ROOT = Path(__file__).resolve().parent.parent
HEADERS = ["编号", "领域", "任务名称", "任务描述", "牵头单位", "配合单位", "责任领导"]
HEADERS += ["开始日期", "完成时限", "类型", "优先级", "量化指标", "节点安排"]


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("LUOSHI_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()


def generate() -> dict:
    from django.core.management import call_command

    from apps.cycles import actions
    from apps.cycles.models import Cycle
    from apps.orgs.models import Role, Unit
    from apps.plans.models import Plan, Task, TaskUnit
    from luoshi.test import make_unit, make_user

    call_command("migrate", verbosity=0)
    city = make_unit("定西市", Unit.Kind.CITY)
    office = make_unit("市委改革办", Unit.Kind.DEPARTMENT, city)
    fgw = make_unit("市发改委", Unit.Kind.DEPARTMENT, city)
    make_user("coordinator", office, Role.COORDINATOR)
    make_user("reporter", fgw, Role.REPORTER)
    plan = Plan.objects.create(title="上传基准", year=2026, owner_unit=city, status=Plan.Status.PUBLISHED)
    for i in range(1, 21):
        task = Task.objects.create(
            plan=plan, code=f"1.{i}", title=f"任务{i}", due_date=datetime.date(2026, 12, 31)
        )
        TaskUnit.objects.create(task=task, unit=fgw, role=TaskUnit.Role.LEAD)
    cycle = Cycle.objects.create(
        plan=plan,
        kind="month",
        label="2026年11月",
        period_start=datetime.date(2026, 11, 1),
        period_end=datetime.date(2026, 11, 30),
        opens_on=datetime.date(2026, 11, 15),
        due_on=datetime.date(2026, 11, 25),
    )
    actions.open_cycle(cycle)
    return {"plan": plan.pk, "cycle": cycle.pk}


def ledger_xlsx(rows) -> bytes:
    """A ledger workbook of `rows` (lists in the order of HEADERS), written streaming."""
    import io

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def bad_rows(count):
    return ([f"9.{i}", "", f"任务{i}", "", "不存在的局"] + [None] * 8 for i in range(1, count + 1))


def build_files(ids, directory) -> list:
    """(label, url, user, path) of each case."""
    from django.db.models import QuerySet  # noqa: F401 - Django is set up

    from apps.cycles.excel import export_sheet
    from apps.cycles.models import Cycle, Report

    cycle = Cycle.objects.get(pk=ids["cycle"])
    with open(export_sheet(cycle, Report.objects.filter(cycle=cycle).order_by("task_id")), "rb") as f:
        sheet = f.read()
    sheet_url, ledger_url = f"/cycles/{ids['cycle']}/sheet/", f"/plans/{ids['plan']}/import/"
    wide = "".join(f'<row r="{n}">{text_cell_xml(f"XFD{n}", "x")}</row>' for n in range(22, 10_022))
    cases = [
        (
            "进展表：声明 1,048,576 行 × 16,384 列，末行有格式",
            sheet_url,
            "reporter",
            add_rows(
                claim_dimension(sheet, "A1:XFD1048576"), '<row r="1048576"><c r="A1048576" s="1"/></row>'
            ),
        ),
        (
            "进展表：第 1,000,000 行有数据",
            sheet_url,
            "reporter",
            add_rows(sheet, f'<row r="1000000">{text_cell_xml("A1000000", "1")}</row>'),
        ),
        ("进展表：10,000 行在 XFD 列有值", sheet_url, "reporter", add_rows(sheet, wide)),
        (
            "进展表：压缩炸弹（工作表解压 1 GB）",
            sheet_url,
            "reporter",
            replace_sheet(sheet, inflated_sheet(1024**3)),
        ),
        ("台账：10,000 行错误（超过行数上限）", ledger_url, "coordinator", ledger_xlsx(bad_rows(10_000))),
        ("台账：4,999 行错误（上限之内）", ledger_url, "coordinator", ledger_xlsx(bad_rows(4_999))),
        (
            "台账：150,000 个空单元格",
            ledger_url,
            "coordinator",
            add_rows(ledger_xlsx([]), ("<row>" + "<c/>" * 50 + "</row>") * 3100),
        ),
        (
            "台账：压缩炸弹（工作表解压 1 GB）",
            ledger_url,
            "coordinator",
            replace_sheet(ledger_xlsx([]), inflated_sheet(1024**3)),
        ),
    ]
    out = []
    for n, (label, url, user, content) in enumerate(cases):
        path = Path(directory) / f"case{n}.xlsx"
        path.write_bytes(content)
        out.append((label, url, user, str(path)))
    out.append(("请求体声明 1 GB（不读取）", ledger_url, "coordinator", "--claim-1gb"))
    return out


def child(url, username, path):
    """In the child: POST the file as a browser would; print one JSON line of figures."""
    setup_django(os.environ["DATABASE_URL"])
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from apps.orgs.models import User

    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=False)
    client.force_login(User.objects.get(username=username))
    client.get(url)  # warm up: templates, URL resolver
    if path == "--claim-1gb":
        t0 = time.perf_counter()
        response = client.post(
            url, data=b"--x\r\n", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(1024**3)
        )
        size = 1024**3
    else:
        content = Path(path).read_bytes()
        size = len(content)
        upload = SimpleUploadedFile("upload.xlsx", content)
        del content
        t0 = time.perf_counter()
        response = client.post(url, {"file": upload})
    seconds = time.perf_counter() - t0
    page = response.content.decode()
    listed = re.search(r'class="errors-list">(.*?)</ul>', page, re.S)
    errors = re.findall(r"<li[^>]*>(.*?)</li>", listed[1], re.S) if listed else []
    errors += re.findall(r'<p class="error">(上传的内容过大.*?)</p>', page)
    errors += re.findall(r"(另有 \d+ 处问题未列出)", page)
    print(
        "BENCH-JSON "
        + json.dumps(
            {
                "status": response.status_code,
                "seconds": seconds,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "page_kb": len(response.content) / 1024,
                "file_kb": size / 1024,
                "first": " … ".join(html.unescape(e) for e in errors[:1] + errors[1:][-1:]),
            },
            ensure_ascii=False,
        ),
        flush=True,
    )


def run_child(url, user, path) -> dict:
    args = [
        sys.executable,
        "-c",
        LAUNCHER,
        sys.executable,
        "-m",
        "tools.bench_uploads",
        "--child",
        url,
        user,
        path,
    ]
    try:
        done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"status": "—", "seconds": CHILD_TIMEOUT_S, "peak_mb": 0, "page_kb": 0, "file_kb": 0,
                "first": f"超时（{CHILD_TIMEOUT_S} s 后停止）"}  # fmt: skip
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            return json.loads(line[len("BENCH-JSON ") :])
    raise RuntimeError(f"child failed (rc {done.returncode}):\n{done.stderr[-3000:]}")


def main():
    with tempfile.TemporaryDirectory(prefix="luoshi-bench-uploads-") as directory:
        url = f"sqlite:///{directory}/bench.sqlite3"
        setup_django(url)
        ids = generate()
        cases = build_files(ids, directory)
        log(f"Uploads (each in a fresh process; goal < {GOAL_S} s and < {GOAL_MB} MB peak RSS)")
        missed = 0
        for label, case_url, user, path in cases:
            f = run_child(case_url, user, path)
            ok = f["seconds"] < GOAL_S and f["peak_mb"] < GOAL_MB
            missed += not ok
            log(
                f"  {label}\n    {f['file_kb']:10.0f} KB → {f['status']}  {f['seconds']:6.2f} s  "
                f"{f['peak_mb']:6.0f} MB  page {f['page_kb']:.0f} KB  {'ok' if ok else 'MISSED'}"
                + (f"\n    {f['first']}" if f["first"] else "")
            )
        log(f"  {len(cases) - missed}/{len(cases)} within the goal")
        return 1 if missed else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    else:
        sys.exit(main())
