"""Shared helpers for the .xlsx files users download, fill in Excel and upload back.

Writing: user text is always written as text, never as a formula (`text_cell`).
"""

from openpyxl.cell import WriteOnlyCell

# Excel (and LibreOffice) turn a cell typed as “=…”, “+…”, “-…” or “@…” into a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def text_cell(ws, value, **styles) -> WriteOnlyCell:
    """A write-only cell holding `value`; a string is stored as a string even when it starts with “=”
    (openpyxl would write a formula), and such text gets Excel's quote prefix, so that editing the cell
    in Excel keeps it text too."""
    cell = WriteOnlyCell(ws, value=value)
    for name, style in styles.items():
        setattr(cell, name, style)
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell
