"""执行率得分 and 总分 computed as figures are typed; a stated score overrides the rule, and says so."""

from decimal import Decimal

from accounts import editing
from accounts.rules import check_final_account
from performance.document import _execution_score, _total
from performance.entry import check_and_total, suggestions
from performance.queries import evaluations_for_scoring
from performance.scoring import score_evaluation
from tests.performance.builders import make_evaluation, make_scored_project

D = Decimal


def scored(final_account):
    [evaluation] = evaluations_for_scoring(final_account)
    return score_evaluation(evaluation)


def test_blank_scores_are_computed_from_the_figures(final_account):
    # 预算 100 万元, 执行 80 万元: 20 × 80% = 16; indicators 9 and 28: 总分 53.
    make_scored_project(final_account, stated_execution_score=None, stated_total=None)
    score = scored(final_account)
    assert (score.effective_execution_score, score.effective_total, score.overrides) == (D("16"), D("53"), [])
    assert (_execution_score(score), _total(score)) == (D("16"), D("53"))
    notes = suggestions(score)
    assert (notes["execution_score"].note, notes["total"].note) == (
        "留空即按规则：20分×执行率＝16分",
        "留空即按各项得分计算：53分（填写即覆盖）",
    )


def test_the_total_follows_a_corrected_figure(final_account):
    make_scored_project(final_account, stated_execution_score=None, stated_total=None, executed="900000.00")
    score = scored(final_account)
    # 20 × 90% = 18: the total follows without being typed again.
    assert (score.effective_execution_score, score.effective_total) == (D("18"), D("55"))
    assert [f.rule_id for f in check_final_account(final_account) if f.rule_id in ("R39", "R40")] == []


def test_a_stated_score_overrides_the_rule_and_is_named(final_account):
    make_scored_project(final_account, stated_execution_score=D("14"), stated_total=None)
    score = scored(final_account)
    assert (score.effective_execution_score, score.effective_total) == (D("14"), D("51"))
    assert score.overrides == [("执行率得分", D("14"), D("16"))]
    assert suggestions(score)["execution_score"].note == "已覆盖：按规则 20分×执行率＝16分，填报14分"
    assert (_execution_score(score), _total(score)) == (D("14"), D("51"))
    # The rule engine names the override for the reviewer.
    [finding] = [f for f in check_final_account(final_account) if f.rule_id == "R39"]
    assert (finding.expected, finding.actual) == (D("16"), D("14"))


def test_a_stated_total_overrides_the_computed_one(final_account):
    make_scored_project(final_account, stated_execution_score=None, stated_total=D("60"))
    score = scored(final_account)
    assert score.overrides == [("总分", D("60"), D("53"))]
    assert _total(score) == D("60")
    assert suggestions(score)["total"].note == "已覆盖：按各项得分应为53分，填报60分"


def test_the_department_wide_figures_come_from_the_facts(final_account, accountant):
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="300", by=accountant
    )
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="project", amount="200", by=accountant
    )
    evaluation = make_evaluation(
        final_account, scope="department", position=0, name="", budget="600.00", executed="450.00"
    )
    [evaluation] = evaluations_for_scoring(final_account)
    score = score_evaluation(evaluation)
    findings, totals = check_and_total(final_account, [score])
    assert totals == {
        "executed": D("500.00"),
        "basic_expenditure": D("300.00"),
        "project_expenditure": D("200.00"),
    }
    notes = suggestions(score, totals)
    assert [(notes[key].note, notes[key].fill) for key in totals] == [
        ("按表5：500.00（点击填入）", "500.00"),
        ("按表5：300.00（点击填入）", "300.00"),
        ("按表5：200.00（点击填入）", "200.00"),
    ]
    # 450 typed instead of 500 is an override the rule names.
    assert [(f.rule_id, f.expected, f.actual) for f in findings if f.rule_id == "R41"] == [
        ("R41", D("500.00"), D("450.00"))
    ]
