"""A department view for the head who must act, department name variants under one name, and the
institution's name on every report; both come from the settings file."""

from __future__ import annotations

import re

import pytest
from docx import Document
from report_factory import DEP_KK, DEP_RU

from reports.departments import canonical
from reports.render import render_reports

EARTH = "Жер туралы ғылымдар мектебі"
TABLE = {EARTH: ["ЖТҒМ", "Школа наук о Земле", "School of Earth Sciences"]}


@pytest.mark.parametrize("variant", ["ЖТҒМ", "жтғм", "Школа наук о Земле", "School of  Earth Sciences", "«ЖТҒМ»",
                                     EARTH])
def test_variants_map_to_one_department(variant):
    assert canonical(variant, TABLE) == EARTH


def test_unknown_name_kept():
    assert canonical("Кафедра истории", TABLE) == "Кафедра истории" and canonical(None, TABLE) is None


def test_report_shows_one_department_for_its_variants(report_kk):
    entries = list(report_kk.entries)
    names = ["ЖТҒМ", "Школа наук о Земле", "School of Earth Sciences"]
    for i, name in enumerate(names):
        ref = entries[i].record.syllabus.model_copy(update={"department": name})
        entries[i] = entries[i].model_copy(update={"record": entries[i].record.model_copy(update={"syllabus": ref})})
    data = report_kk.model_dump()
    data.update(entries=[e.model_dump() for e in entries], departments=TABLE)
    report = type(report_kk).model_validate(data)
    deps = report.summary_frames(localised=False)["by_department"]["department"].tolist()
    assert EARTH in deps and not set(names) & set(deps)
    ids = {e.record.id for e in entries[:3]}
    assert {r["department"] for r in report.as_records() if r["id"] in ids} == {EARTH}


def test_one_page_per_department(report_kk, tmp_path):
    paths = render_reports(report_kk, tmp_path / "run", ["html"])
    pages = [p for p in paths if p.name.startswith("department_")]
    assert len(pages) == len(report_kk.department_names()) == 4
    main = (tmp_path / "run" / "report.kk.html").read_text(encoding="utf-8")
    for p in pages:
        assert f'href="{p.name}"' in main
    kk_page = next(p for p in pages if "Музыкатану" in p.name).read_text(encoding="utf-8")
    assert f"{report_kk.labels('report.title')}: {DEP_KK}" in kk_page
    assert "NC-2025-0001" in kk_page and "NC-2025-0003" not in kk_page  # another department's record
    assert DEP_RU not in re.sub(r"<option[^>]*>[^<]*</option>", "", kk_page)
    assert 'href="report.kk.html"' in kk_page
    # each department page shows only its syllabi
    assert kk_page.count('<section class="syllabus"') == sum(1 for s in report_kk.syllabi if s.department == DEP_KK)


def test_institution_on_every_report(report_kk, tmp_path):
    paths = render_reports(report_kk, tmp_path / "run", ["html", "plan-docx", "index"])
    for p in paths:
        if p.suffix == ".html":
            assert report_kk.institution in p.read_text(encoding="utf-8"), p.name
        else:
            assert report_kk.institution in "\n".join(x.text for x in Document(p).paragraphs), p.name


def test_settings_file_keys(tmp_path):
    from pipeline.config import ConfigError, load_config, report_settings

    cfg = tmp_path / "syllabus-audit.toml"
    cfg.write_text('institution = "Сәтбаев университеті"\nlang = "kk"\n[departments]\n'
                   '"Жер туралы ғылымдар мектебі" = ["ЖТҒМ", "Школа наук о Земле"]\n', encoding="utf-8")
    settings = load_config(cfg)
    assert report_settings(settings) == {"institution": "Сәтбаев университеті",
                                         "departments": {EARTH: ["ЖТҒМ", "Школа наук о Земле"]}}
    cfg.write_text('departments = ["ЖТҒМ"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="departments"):
        load_config(cfg)
