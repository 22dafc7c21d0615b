import copy
import json

from accounts.reference_data import default_format_file, load_report_format

NATIONAL_2022 = json.loads(default_format_file(2022).read_text(encoding="utf-8"))


def national_data():
    """Return a fresh copy of the shipped national 2022 format file's data."""
    return copy.deepcopy(NATIONAL_2022)


def region_data(region="testregion", year=2022, variant="", **fields):
    """Return a small format of another region: the national tables with 三公 printed as 表7."""
    data = national_data()
    numbers = {"official_expenses": 7, "government_fund": 8, "state_capital": 9}
    for table in data["tables"]:
        table["number"] = numbers.get(table["kind"], table["number"])
    data.update(region=region, year=year, name=f"{region} {year} 年格式{variant}", line_numbers=False)
    if variant:
        data["variant"] = variant
        # This variant lists 24 类: no 债务还本支出 and 债务付息支出.
        data["category_rows"] = [row for row in data["category_rows"] if row["code"] not in ("231", "232")]
        for position, row in enumerate(data["category_rows"], start=1):
            row.update(position=position, summary_line=31 + position, appropriation_line=32 + position)
        # Both sides of 表1 and 表4 keep their number of rows: two more blank lines after the 类.
        layouts = {table["kind"]: table["layout"] for table in data["tables"]}
        layouts["income_expenditure_summary"].update(
            expenditure_total=56, surplus_distribution=57, closing_balance=58, expenditure_blank=[59, 60, 61]
        )
        layouts["appropriation_summary"].update(
            expenditure_total=57, closing_balance=58, expenditure_blank=[59, 60, 61, 62, 63]
        )
    data.update(fields)
    return data


def load_region(region="testregion", year=2022, variant="", **fields):
    return load_report_format(region_data(region, year, variant, **fields))
