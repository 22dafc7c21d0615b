"""Bureau files of an edition, written here as a bureau's office software would write them."""

import io

from openpyxl import Workbook


def csv_bytes(rows, *, encoding="utf-8"):
    return "\n".join(",".join(row) for row in rows).encode(encoding) + b"\n"


def xlsx_bytes(rows, *, title="2024年政府收支分类科目"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "支出功能分类"
    if title:
        sheet.append([title])
        sheet.append([])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def shipped_rows(kind="functional"):
    """[(code, name)] of the shipped 2022 list, in code order."""
    from accounts.reference_data import default_economic_file, default_functional_file, read_csv

    path = default_functional_file(2022) if kind == "functional" else default_economic_file(2022)
    return [(row["code"], row["name"]) for row in read_csv(path)]


def generated_edition(sections=15, items=10):
    """A whole-edition-sized list (some thousands of rows): every shipped subject, and under each shipped
    类 `sections` 款 with `items` 项 each, generated where the shipped list has none."""
    rows = dict(shipped_rows())
    for category in [code for code in list(rows) if len(code) == 3]:
        for s in range(1, sections + 1):
            section = f"{category}{s:02d}"
            rows.setdefault(section, f"{rows[category]}第{s}款")
            for i in range(1, items + 1):
                rows.setdefault(f"{section}{i:02d}", f"{rows[section]}第{i}项")
    return sorted(rows.items())
