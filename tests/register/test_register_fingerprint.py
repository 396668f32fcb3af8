"""The same defect keeps its record when the file is renamed, moved or re-exported; two defects
never share one."""

from __future__ import annotations

from register_helpers import finding, night, ref

from reports.register import build_records


def only(records):
    assert len(records) == 1
    return next(iter(records))


def test_rename_move_and_pdf_reexport_keep_the_fingerprint():
    docx = only(build_records([(finding(file="2025/GMRK3301.docx", paragraph=41), ref(file="2025/GMRK3301.docx"))],
                              "r1", night(2)))
    renamed = only(build_records([(finding(file="2025/Syllabus final v2.docx", paragraph=41),
                                   ref(file="2025/Syllabus final v2.docx"))], "r2", night(3)))
    moved = only(build_records([(finding(file="archive/kaf/GMRK3301.docx", paragraph=44),
                                 ref(file="archive/kaf/GMRK3301.docx"))], "r3", night(4)))
    # a PDF export: other file, other bytes, pages instead of paragraphs
    pdf = only(build_records([(finding(file="2025/GMRK3301.pdf", page=3), ref(file="2025/GMRK3301.pdf", sha="b" * 64))],
                             "r4", night(5)))
    assert docx == renamed == moved == pdf


def test_two_defects_are_two_records():
    r = ref()
    records = build_records(
        [
            (finding("HRS001", "hours/total"), r),
            (finding("HRS001", "plan/practicals/topic 5"), r),  # same rule, other place
            (finding("HRS002", "hours/total"), r),  # same place, other rule
            (finding("HRS001", "hours/total", code="MATH1101"), ref(code="MATH1101")),  # other course
        ],
        "r1",
        night(2),
    )
    assert len(records) == 4


def test_same_values_other_actual_is_still_the_same_defect():
    a = only(build_records([(finding(actual="140"), ref())], "r1", night(2)))
    b = only(build_records([(finding(actual="145"), ref())], "r2", night(3)))
    assert a == b


def test_docx_and_its_pdf_side_by_side_make_one_record():
    records = build_records(
        [(finding(file="x/GMRK3301.docx"), ref(file="x/GMRK3301.docx")),
         (finding(file="x/GMRK3301.pdf"), ref(file="x/GMRK3301.pdf", sha="c" * 64))],
        "r1",
        night(2),
    )
    nc = records[only(records)]
    assert nc.syllabus.file == "x/GMRK3301.docx"
    assert nc.evidence["also_found_in"] == ["x/GMRK3301.pdf"]


def test_course_without_code_is_identified_by_title():
    no_code = ref(code=None, file="a.docx")
    a = only(build_records([(finding(code=None, file="a.docx"), no_code)], "r1", night(2)))
    b = only(build_records([(finding(code=None, file="b/renamed.pdf"), ref(code=None, file="b/renamed.pdf", sha="d" * 64))],
                           "r2", night(3)))
    assert a == b


def test_waived_findings_make_no_record_and_root_cause_links():
    r = ref()
    records = build_records(
        [(finding("HRS001", "hours/total"), r),
         (finding("PLN001", "plan/lectures", root_cause="hours/total"), r),
         (finding("ASM001", "assessment/r1", waived=True), r)],
        "r1",
        night(2),
    )
    assert len(records) == 2
    by_rule = {nc.rule: nc for nc in records.values()}
    assert by_rule["PLN001"].root_cause_fingerprint == by_rule["HRS001"].fingerprint


def test_renamed_file_through_the_register_is_one_record(register):
    register.record_run("n1", [(finding(file="a/GMRK3301.docx"), ref(file="a/GMRK3301.docx"))], [ref()], night(2))
    out = register.record_run("n2", [(finding(file="b/GMRK3301 (1).pdf"), ref(file="b/GMRK3301 (1).pdf", sha="e" * 64))],
                              [ref(file="b/GMRK3301 (1).pdf", sha="e" * 64)], night(3))
    assert out.counts()["new"] == 0 and len(out.still_open) == 1
    [nc] = register.list()
    assert nc.syllabus.file == "b/GMRK3301 (1).pdf"  # the record shows where it was last seen
    assert nc.first_run == "n1" and nc.last_seen_run == "n2"
