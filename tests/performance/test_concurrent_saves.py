"""Two people saving the same self-evaluation form: each field is refused like a cell of the grids.

The form posts each field with the value it was shown with: the second save writes only what its author
changed, and a field the first one saved meanwhile is refused with their name, never silently reverted.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from accounts.models import Membership
from performance.forms import EvaluationEntry
from performance.models import Evaluation
from performance.queries import evaluations_for_scoring


@pytest.fixture
def colleague(department):
    user = get_user_model().objects.create_user(username="zhangsan", password="x", first_name="张三")
    Membership.objects.create(user=user, role=Membership.Role.ACCOUNTANT, department=department)
    return user


def shown_form(evaluation, **overrides):
    """Return the POST data of the entry form as the browser sends it: the fields and the values shown."""
    evaluation = evaluations_for_scoring(evaluation.final_account).get(pk=evaluation.pk)
    entry = EvaluationEntry(evaluation)
    data = {"shown": entry.shown()}
    for _key, form in entry.forms():
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form[name].html_name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.update(overrides)
    return data


def test_the_form_posts_what_it_showed_in_one_field(client, accountant, project):
    client.force_login(accountant)
    content = client.get(f"/performance/{project.pk}/").content.decode()
    assert (content.count('name="shown"'), content.count('name="initial-')) == (1, 0)


def save(client, user, evaluation, data):
    client.force_login(user)
    response = client.post(f"/performance/{evaluation.pk}/update/", data)
    assert response.status_code == 302
    # The page the browser is sent to shows (and uses up) the messages of this save.
    shown = client.get(response.url)
    return [str(message) for message in get_messages(shown.wsgi_request)]


def test_a_second_save_keeps_the_field_the_first_one_saved(client, accountant, colleague, project):
    mine = shown_form(project, **{"evaluation-stated_total": "52"})
    theirs = shown_form(project, **{"evaluation-deviation_reasons": "培训场地调整。"})
    assert save(client, colleague, project, mine) == ["已保存 1 处修改。"]
    assert save(client, accountant, project, theirs) == ["已保存 1 处修改。"]
    project = Evaluation.objects.get(pk=project.pk)
    assert (str(project.stated_total), project.deviation_reasons) == ("52.00", "培训场地调整。")


def test_a_field_both_changed_is_refused_with_who_changed_it(client, accountant, colleague, project):
    mine = shown_form(project, **{"evaluation-stated_total": "52"})
    theirs = shown_form(
        project, **{"evaluation-stated_total": "50", "evaluation-deviation_reasons": "培训场地调整。"}
    )
    save(client, colleague, project, mine)
    assert save(client, accountant, project, theirs) == [
        "已保存 1 处修改。",
        "张三 已将项目“职业培训”的总分（填报）改为 52.00。您的修改未保存；再次保存将以您的值覆盖。",
    ]
    project = Evaluation.objects.get(pk=project.pk)
    assert (str(project.stated_total), project.deviation_reasons) == ("52.00", "培训场地调整。")
    # Saving again from the page as it now shows overwrites knowingly.
    assert save(client, accountant, project, shown_form(project, **{"evaluation-stated_total": "50"})) == [
        "已保存 1 处修改。"
    ]
    assert str(Evaluation.objects.get(pk=project.pk).stated_total) == "50.00"


def test_an_indicator_both_changed_is_refused_and_the_rest_saved(client, accountant, colleague, project):
    indicator = project.goals.get().categories.first().subcategories.first().indicators.first()
    key = f"indicator-{indicator.pk}"
    mine = shown_form(project, **{f"{key}-actual_text": "1200人"})
    theirs = shown_form(project, **{f"{key}-actual_text": "1100人", f"{key}-unit": indicator.unit})
    save(client, colleague, project, mine)
    messages = save(client, accountant, project, theirs)
    assert messages == [
        "没有修改。",
        f"张三 已将“{indicator.name}”的实际完成值（B）改为 1200人。您的修改未保存；再次保存将以您的值覆盖。",
    ]
    indicator.refresh_from_db()
    assert indicator.actual_text == "1200人"
