"""The index page over all runs: latest first, the trend, links to each run's reports per language."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

from reports.render import render_reports
from reports.run_report import RunReport, TrendPoint


def hrefs(html: str) -> list[str]:
    found: list[str] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(v for k, v in attrs if k == "href" and v)

    P().feed(html)
    return found


def test_index_over_runs(report_kk: RunReport, tmp_path):
    older = report_kk.model_copy(update={"run_id": "run-2025-03-03", "run_date": date(2025, 3, 3),
                                         "trend": report_kk.trend[:2]})
    render_reports(older, tmp_path / older.run_id, ["html", "index"])
    render_reports(report_kk, tmp_path / report_kk.run_id, ["html", "index"])
    render_reports(report_kk.model_copy(update={"language": "ru"}), tmp_path / report_kk.run_id, ["html"])
    # re-rendering the older run again must not drop the later one from the index
    render_reports(older, tmp_path / older.run_id, ["html", "index"])
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    labels = older.labels
    assert labels("index.title") in html and "<svg" in html and "<script" not in html
    runs = re.findall(r"<td class=\"nowrap\">(run-[\d-]+)</td>", html)
    assert runs == ["run-2025-03-10", "run-2025-03-03", "run-2025-02-24"]  # latest first
    links = hrefs(html)
    assert "run-2025-03-10/report.kk.html" in links and "run-2025-03-10/report.ru.html" in links
    assert "run-2025-03-03/report.kk.html" in links
    assert all(h == "data:," or re.fullmatch(r"[\w.-]+/[\w.-]+\.html", h) for h in links), links
    assert report_kk.institution in html
    # the counts of each run, from its trend point
    row = re.search(r"<tr class=\"latest\">(.*?)</tr>", html, re.S).group(1)
    assert [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)] == [4, 1, 1, 6]


def test_damaged_state_is_rebuilt(report_kk: RunReport, tmp_path):
    (tmp_path / "index.json").write_text("{not json", encoding="utf-8")
    render_reports(report_kk, tmp_path / report_kk.run_id, ["index"])
    assert "run-2025-03-10" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert TrendPoint  # the state is TrendPoints
