from extractor import extract
from extractor.cleanup import furniture_ranges

from .helpers import seed_doc, seed_text


def excluded_text(prefix):
    text = seed_text(prefix)
    return "".join(text[a:b] for a, b in seed_doc(prefix).excluded)


def test_it_marks_the_membership_advert_of_seed_002_and_keeps_the_title():
    text, doc = seed_text("002"), seed_doc("002")
    gone = excluded_text("002")
    for advert in ["仅供学习", "订阅", "会员群", "QQ群", "举报倒卖"]:
        assert advert in gone
    assert "在全区重点工作推进会上的讲话" not in gone
    assert doc.excluded[0][0] == 0
    assert text.index("在全区重点工作推进会上的讲话") >= doc.excluded[0][1]


def test_it_marks_the_site_navigation_and_footer_of_seed_004():
    text = seed_text("004")
    gone = excluded_text("004")
    for furniture in [
        "当前位置",
        "发布时间",
        "字号",
        "视力保护色",
        "责任编辑",
        "分享到",
        "打印本页",
        "关闭窗口",
    ]:
        assert furniture in gone
    assert "各位代表" not in gone and "政府工作报告\n" in text
    assert seed_doc("004").excluded[-1][1] == len(text)


def test_it_leaves_documents_without_furniture_alone():
    assert seed_doc("000").excluded == [] and seed_doc("001").excluded == []


def test_it_keeps_masked_placeholders_as_content():
    assert excluded_text("003") == ""
    assert any("**" in t.text for t in seed_doc("003").tasks)
    assert any("×" in t.text for t in seed_doc("002").tasks)


def test_it_never_changes_the_text_it_was_given():
    text = seed_text("004")
    assert extract(text).text is text


def test_it_marks_page_numbers_of_pasted_pdf_pages():
    text = "一、总体要求\n要加快推进各项工作。\n- 2 -\n二、重点任务\n要确保完成。\n第 3 页 共 9 页\n"
    assert [text[a:b] for a, b in furniture_ranges(text)] == ["- 2 -", "第 3 页 共 9 页"]
