import json
from collections import Counter
from decimal import Decimal

import pytest

from accounts.choices import Fund, NamedFigure
from accounts.models import (
    Department,
    ExpenditureFact,
    FinalAccount,
    FinanceBureau,
    PublishedCell,
    PublishedVersion,
    Unit,
)
from accounts.publishing import cell_values, read_verified
from accounts.rules import check_final_account, check_final_accounts
from accounts.rules.engine import Context
from accounts.rules.quantities import NAMED_FIGURE_QUANTITIES
from accounts.statements import build_statements, load_facts, load_facts_many
from accounts.synthetic import INJECTIONS, generate_province

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # scale: synthetic provinces


def final_accounts(prefix="syn"):
    return list(
        FinalAccount.objects.filter(department__bureau__slug__startswith=prefix)
        .select_related("department__bureau")
        .order_by("department__bureau__slug", "department__slug", "year")
    )


def findings_by_account(accounts):
    found = check_final_accounts(accounts)
    return {
        (pk, finding.rule_id, str(finding.severity)) for pk, findings in found.items() for finding in findings
    }


def test_a_tiny_province_has_its_bureaus_departments_and_final_accounts():
    province = generate_province(bureaus=2, departments=2, years=1, seed=7, inconsistent=0)
    assert (province.bureaus, province.departments, province.final_accounts) == (2, 4, 4)
    # 353 rows: figures, and the texts the format requires (the change reasons in the first year too).
    assert (province.units, province.facts, province.published, province.injections) == (9, 353, 0, ())
    root = FinanceBureau.objects.get(slug="syn")
    assert (root.name, root.parent) == ("江汉省财政厅", None)
    assert list(FinanceBureau.objects.filter(parent=root).values_list("slug", "name")) == [
        ("syn-c01", "东湖市财政局")
    ]
    assert list(
        Department.objects.order_by("bureau__slug", "slug").values_list("bureau__slug", "slug", "short_name")
    ) == [
        ("syn", "finance", "省财政厅"),
        ("syn", "hrss", "省人社厅"),
        ("syn-c01", "finance", "市财政局"),
        ("syn-c01", "hrss", "市人社局"),
    ]
    assert Unit.objects.count() == 9
    assert [(fa.department.slug, fa.year, fa.status, fa.edition) for fa in final_accounts()] == [
        ("finance", 2022, "draft", 2022),
        ("hrss", 2022, "draft", 2022),
        ("finance", 2022, "draft", 2022),
        ("hrss", 2022, "draft", 2022),
    ]


def test_generated_figures_keep_every_rule():
    generate_province(bureaus=3, departments=6, years=3, seed=11, inconsistent=0)
    accounts = final_accounts()
    assert len(accounts) == 54
    assert findings_by_account(accounts) == set()


def test_the_rules_report_exactly_the_injected_inconsistencies():
    province = generate_province(bureaus=2, departments=3, years=2, seed=5, inconsistent=0.5)
    assert len(province.injections) == 6
    assert {injection.kind for injection in province.injections} == set(INJECTIONS)
    # N1: an amount that names no quantity and matches no figure is a notice (an outcome, for the reader).
    severity = {"R23": "error", "R5": "error", "R26": "error", "P2": "warning", "N1": "notice"}
    expected = {(i.final_account_id, i.rule_id, severity[i.rule_id]) for i in province.injections}
    assert findings_by_account(final_accounts()) == expected
    counts = {
        pk: len(findings) for pk, findings in check_final_accounts(final_accounts()).items() if findings
    }
    assert counts == {injection.final_account_id: 1 for injection in province.injections}


def figures(prefix):
    """The facts of every final account of a province, keyed by place, without database ids."""
    accounts = final_accounts(prefix)
    loaded = load_facts_many(accounts)
    return {
        (fa.department.bureau.slug.removeprefix(prefix), fa.department.slug, fa.year): (
            loaded[fa.pk].income,
            loaded[fa.pk].expenditure,
            loaded[fa.pk].balances,
            loaded[fa.pk].basic_detail,
            loaded[fa.pk].budget_by_subject,
            loaded[fa.pk].official_expenses,
            loaded[fa.pk].free_texts,
        )
        for fa in accounts
    }


def test_the_same_seed_gives_the_same_figures_and_another_seed_others():
    generate_province(bureaus=2, departments=2, years=2, seed=3, inconsistent=0.25, prefix="a")
    generate_province(bureaus=2, departments=2, years=2, seed=3, inconsistent=0.25, prefix="b")
    generate_province(bureaus=2, departments=2, years=2, seed=4, inconsistent=0.25, prefix="c")
    assert figures("a") == figures("b")
    assert figures("a").keys() == figures("c").keys()
    assert figures("a") != figures("c")


def test_a_prefix_in_use_is_refused():
    from django.core.exceptions import ValidationError

    generate_province(bureaus=1, departments=1, years=1, inconsistent=0)
    with pytest.raises(ValidationError) as excinfo:
        generate_province(bureaus=1, departments=1, years=1, inconsistent=0)
    assert excinfo.value.messages == ["标识前缀“syn”已被使用：请换一个前缀，或在新的数据库中生成。"]


def test_opening_balances_and_prior_year_figures_are_last_years():
    generate_province(bureaus=1, departments=3, years=2, seed=9, inconsistent=0)
    accounts = final_accounts()
    by_place = {(fa.department.slug, fa.year): fa for fa in accounts}
    for slug in ("finance", "hrss", "civil-affairs"):
        last, this = load_facts(by_place[(slug, 2021)]), load_facts(by_place[(slug, 2022)])
        context = Context(facts=last, statements=build_statements(last))
        assert {key: amount for key, (amount, _source) in this.prior_year.items()} == {
            key: context.quantity(NAMED_FIGURE_QUANTITIES[key]).value for key in NamedFigure
        }
        assert {key: opening for key, (opening, _closing) in this.balances.items()} == {
            key: closing for key, (_opening, closing) in last.balances.items()
        }
        assert this.prior_year[NamedFigure.INCOME_TOTAL][1] == "2021年度部门决算（系统内数据）"


def test_published_versions_freeze_the_facts_and_their_cells():
    province = generate_province(
        bureaus=1, departments=2, years=2, seed=2, inconsistent=0, publish_fraction=0.5
    )
    assert province.published == 2
    versions = list(PublishedVersion.objects.select_related("final_account").order_by("pk"))
    assert [(v.final_account.status, v.number) for v in versions] == [("published", 1), ("published", 1)]
    for version in versions:
        data = json.loads(read_verified(version, "json"))
        assert read_verified(version, "pdf")[:5] == b"%PDF-"
        assert (data["final_account"]["year"], data["findings"]) == (version.final_account.year, [])
        expected = Counter(
            (c["table_kind"], c["line"], c["column"], c["code"], c["key"], c["value"])
            for c in cell_values(data)
        )
        stored = Counter(
            PublishedCell.objects.filter(version=version).values_list(
                "table_kind", "line", "column", "code", "key", "value"
            )
        )
        assert stored == expected
        assert version.final_account.transitions.get().to_status == "published"
    assert FinalAccount.objects.filter(status="draft").count() == 2


def test_a_rendered_sample_is_published_through_the_real_freeze():
    generate_province(
        bureaus=1, departments=1, years=1, seed=2, inconsistent=0, publish_fraction=1, render_sample=1
    )
    version = PublishedVersion.objects.get()
    assert "部门决算公开" in read_verified(version, "html").decode()
    assert version.html_file == "published/syn/hrss/2022/v1/document.html"
    assert version.cells.filter(table_kind="expenditure", key="total", code="").get().value == sum(
        ExpenditureFact.objects.filter(final_account=version.final_account).values_list("amount", flat=True),
        Decimal("0.00"),
    )


def test_the_bulk_check_finds_what_the_per_account_check_finds():
    generate_province(bureaus=2, departments=3, years=2, seed=5, inconsistent=0.5)
    accounts = final_accounts()
    assert check_final_accounts(accounts) == {fa.pk: check_final_account(fa) for fa in accounts}


def test_bulk_loading_gives_the_facts_load_facts_gives():
    generate_province(bureaus=1, departments=3, years=2, seed=8, inconsistent=0, publish_fraction=0.5)
    accounts = final_accounts()
    assert load_facts_many(accounts) == {fa.pk: load_facts(fa) for fa in accounts}
    assert Fund.GENERAL_BUDGET in {fund for fund, _code in load_facts(accounts[0]).balances}


@pytest.mark.parametrize("item_count", [1, 3])
def test_bulk_loading_takes_fifteen_queries_whatever_the_number_of_accounts(
    django_assert_num_queries, item_count
):
    generate_province(bureaus=1, departments=3, years=1, seed=8, inconsistent=0)
    accounts = final_accounts()[:item_count]
    with django_assert_num_queries(15):
        loaded = load_facts_many(accounts)
    assert len(loaded) == item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_bulk_check_takes_a_constant_number_of_queries(django_assert_num_queries, item_count):
    generate_province(bureaus=1, departments=3, years=1, seed=8, inconsistent=0)
    accounts = final_accounts()[:item_count]
    # 21: the department-wide self-evaluations are read with their goals and indicators.
    with django_assert_num_queries(21):
        found = check_final_accounts(accounts)
    assert found == {fa.pk: [] for fa in accounts}
