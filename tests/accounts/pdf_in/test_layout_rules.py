"""The layout rules of the PDF reader on lines of words placed by hand: fast, no PDF rendered."""

from accounts.importing.pdf import Line, clean_text, merge_split_rows, read_unruled

SIZE = 10.0


def line(top, *words):
    """A Line of words given as (x0, text); each character 10 points wide."""
    placed = [
        {"text": text, "x0": x0, "x1": x0 + SIZE * len(text), "top": top, "size": SIZE} for x0, text in words
    ]
    text = " ".join(w["text"] for w in placed)
    return Line(page=3, top=top, x0=placed[0]["x0"], size=SIZE, text=text, chunks=[], words=placed)


def test_wrapped_and_letter_spaced_cell_text_is_one_name():
    assert clean_text("其他人力资源和社会保障管理事务\n支出") == "其他人力资源和社会保障管理事务支出"
    assert clean_text("收 入") == "收入"
    assert clean_text("因　公　出　国（境）费") == "因公出国（境）费"
    assert clean_text("2080101 行政运行") == "2080101 行政运行"
    assert clean_text("12,341.98") == "12,341.98"
    assert clean_text("  \n ") is None


def test_amounts_on_the_line_above_their_label_join_its_row():
    rows = [["项目", "决算数"], [None, "12,341.98"], ["本年收入合计", None], ["总计", "12,931.30"]]
    assert merge_split_rows(rows, 1) == [
        ["项目", "决算数"],
        ["本年收入合计", "12,341.98"],
        ["总计", "12,931.30"],
    ]


def test_a_name_wrapped_over_three_lines_joins_the_line_of_its_code():
    rows = [
        ["科目编码", "科目名称", "合计"],
        [None, "其他人力资源和", None],
        [None, "社会保障管理事", None],
        ["2080199", "务支出", "294.80"],
        ["2080501", "行政单位离退休", "9.89"],
    ]
    assert merge_split_rows(rows, 1)[1:] == [
        ["2080199", "其他人力资源和社会保障管理事务支出", "294.80"],
        ["2080501", "行政单位离退休", "9.89"],
    ]


def test_numbered_labels_of_their_own_rows_are_never_joined():
    rows = [["项目"], ["六、科学技术支出"], ["七、文化旅游体育与传媒支出"], ["208", "八、社会保障和就业支出"]]
    assert merge_split_rows(rows, 1) == rows


def test_an_unruled_table_is_read_into_columns_by_the_gaps_through_its_figures():
    # A right-aligned amount one space from the next column's left-aligned name; a header over a column
    # printed empty; a letter-spaced header.
    lines = [
        line(10, (100, "收入决算表")),
        line(30, (300, "单位：万元")),
        line(50, (10, "项目"), (120, "本年收入合计"), (250, "事业收入"), (340, "合"), (362, "计")),
        line(70, (10, "205"), (70, "教育支出"), (172, "395.00"), (330, "395.00")),
        line(90, (10, "20503"), (70, "职业教育"), (172, "395.00"), (330, "395.00")),
        line(110, (10, "注：本表反映部门本年度取得的各项收入情况。")),
    ]
    left, above, rows = read_unruled(lines, 3)
    assert [a.text for a in above] == ["收入决算表", "单位：万元"]
    assert [li.text for li in left] == ["注：本表反映部门本年度取得的各项收入情况。"]
    assert rows == [
        ["项目", None, "本年收入合计", "事业收入", "合计"],
        ["205", "教育支出", "395.00", None, "395.00"],
        ["20503", "职业教育", "395.00", None, "395.00"],
    ]
