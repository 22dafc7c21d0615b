"""A corrected version says, on its public page, what changed from the version it replaces."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from accounts import editing, workflow
from accounts.addresses import Address
from accounts.open_data.corrections import correction_of

from .explained import explained_demo, publish_explained

DEMO = "/dongxihu/hrss/2022/"


def test_a_correction_of_the_demo_lists_the_cells_and_texts_it_changed(client, db):
    demo, reviewer = explained_demo()
    accountant = get_user_model().objects.get(username="kuaiji")
    assert correction_of(demo.published_versions.get()) is None
    reception = Address("official", ("reception", "budget"))
    budget = editing.stored_values(demo)[reception]
    functions = editing.stored_values(demo)[Address("text", ("main_functions", ""))]
    assert "扩大和稳定就业" in functions

    workflow.open_correction(demo, by=accountant, reason="更正公务接待费预算数")
    demo.refresh_from_db()
    actual = editing.stored_values(demo)[Address("official", ("reception", "actual"))]
    editing.set_official_expense(
        demo, item="reception", budget=budget + Decimal("12345.00"), actual=actual, by=accountant
    )
    editing.set_free_text(
        demo,
        key="main_functions",
        text=functions.replace("扩大和稳定就业", "扩大和稳定城乡就业", 1),
        by=accountant,
    )
    publish_explained(demo, reviewer)

    correction = correction_of(demo.published_versions.get(number=2))
    # 表9 prints its items as columns: 公务接待费 and the 合计, both under 预算数.
    by_column = {cell.column: cell for cell in correction.cells}
    assert len(by_column) == 2 and by_column["预算数 / 合计"].difference == "+1.23"
    (reception_cell,) = [cell for column, cell in by_column.items() if "公务接待费" in column]
    assert reception_cell.column.startswith("预算数") and reception_cell.difference == "+1.23"
    page = client.get(DEMO).content.decode()
    assert "本版对第1版的更正：2 处数字、1 处文字" in page
    wanyuan = [f"{(amount / 10000).quantize(Decimal('0.01')):,.2f}" for amount in (budget, budget + 12345)]
    assert reception_cell.table == "表9 财政拨款“三公”经费支出决算表"
    assert f"<td>{reception_cell.table}</td><td></td><td>{reception_cell.column}</td>" in page
    assert (
        f'<td class="amount">{wanyuan[0]}</td><td class="amount">{wanyuan[1]}</td><td class="amount">+1.23</td>'
        in page
    )
    assert "扩大和稳定<ins>城乡</ins>就业" in page
    assert "部门主要职能" in page
    # The first version's page names no correction: it replaced nothing.
    assert "本版对第" not in client.get(DEMO + "v1/").content.decode()
