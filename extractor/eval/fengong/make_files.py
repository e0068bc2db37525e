"""Build the Word and Excel documents of the 分工方案 corpus from the .tsv sources kept beside them.

    .venv/bin/python -m extractor.eval.fengong.make_files          # rebuild every .docx / .xlsx
    .venv/bin/python -m extractor.eval.fengong.make_files --check  # fail if a built file is stale

A source `fNN_slug.tsv` becomes `fNN_slug.docx` (a Word document whose table has real cells), or
`fNN_slug.xlsx` when its name is listed in XLSX. Source format, one line each:

    # comment                 ignored (the first line says what the file is)
    > text                    a paragraph before the table ("> " removed, the rest kept as written)
    a<TAB>b<TAB>c             a table row; the first row is the header
    \\n inside a cell          a line break inside the cell (a new paragraph in Word, a newline in Excel)
    ^                         this cell continues the cell above (vertical merge)
    <                         this cell continues the cell to its left (horizontal merge)

The output is deterministic: fixed core properties and fixed zip entry dates, so rebuilding an
unchanged source gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime
import io
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
XLSX = {"f08_chuzhou", "f21_ningbo"}
FIXED = datetime.datetime(2026, 1, 1, 0, 0, 0)
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def parse(path: Path) -> tuple[list[str], list[list[str]]]:
    """(paragraphs before the table, table rows) of a .tsv source."""
    paragraphs, rows = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith(">"):
            paragraphs.append(line[2:] if line.startswith("> ") else line[1:])
        elif line.strip():
            rows.append([cell.replace("\\n", "\n") for cell in line.split("\t")])
    width = max(len(r) for r in rows)
    return paragraphs, [r + [""] * (width - len(r)) for r in rows]


def build_docx(paragraphs: list[str], rows: list[list[str]]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            if value == "^":
                table.cell(i - 1, j).merge(cell)
            elif value == "<":
                table.cell(i, j - 1).merge(cell)
            else:
                lines = value.split("\n")
                cell.text = lines[0]
                for extra in lines[1:]:
                    cell.add_paragraph(extra)
    props = document.core_properties
    props.author = props.last_modified_by = "luoshi"
    props.created = props.modified = FIXED
    props.revision = 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "任务清单"
    for row in rows:
        sheet.append(row)
    book.properties.creator = book.properties.lastModifiedBy = "luoshi"
    book.properties.created = FIXED
    out = io.BytesIO()
    book.save(out)  # openpyxl stamps `modified` with the current time; normalise() fixes it
    return out.getvalue()


def normalise(data: bytes) -> bytes:
    """The same package with fixed entry dates and a fixed modified time, entries in their order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = MODIFIED.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", blob)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, blob)
    return out.getvalue()


def build(source: Path) -> tuple[Path, bytes]:
    paragraphs, rows = parse(source)
    if source.stem in XLSX:
        return source.with_suffix(".xlsx"), normalise(build_xlsx(rows))
    return source.with_suffix(".docx"), normalise(build_docx(paragraphs, rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report built files that differ")
    args = parser.parse_args(argv)
    stale = 0
    for source in sorted(HERE.glob("f*.tsv")):
        target, data = build(source)
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                print(f"stale: {target.name}")
                stale += 1
        else:
            target.write_bytes(data)
            print(f"wrote {target.name} ({len(data)} bytes)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
