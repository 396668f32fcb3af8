"""The HTML report without a browser: self-contained, escaped, in the chosen language."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reports.location import place_words
from reports.run_report import RunReport
from reports.writers import html_writer

URL_ATTRIBUTES = {"src", "href", "xlink:href", "action", "formaction", "data", "poster", "srcset", "background", "ping"}


def references(html: str) -> list[str]:
    """Every URL-valued attribute of every element actually in the page (not escaped text)."""
    found: list[str] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(v or "" for k, v in attrs if k in URL_ATTRIBUTES)

    Collector().feed(html)
    return found


def test_self_contained(report: RunReport, tmp_path):
    html = html_writer.render(report, tmp_path).read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    refs = references(html)
    # in-page anchors, and the department pages written beside the report (same folder, no URL)
    local = [r for r in refs if not (r.startswith("#") or r == "data:,")]
    assert refs and all("/" not in r and ":" not in r and (tmp_path / r).is_file() for r in local), refs
    assert not any(r.startswith("//") for r in refs)
    assert "@import" not in html and "url(" not in html
    assert len(re.findall(r"<script\b", html)) == 1 and "<script src" not in html
    assert "<link rel=\"stylesheet\"" not in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src &#39;none&#39;" in csp and "unsafe-inline" not in csp


def test_syllabus_text_escaped(report_kk: RunReport, tmp_path):
    html = html_writer.render(report_kk, tmp_path).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Гармония" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<b>Music</b>" not in html and "&lt;b&gt;Music&lt;/b&gt; &amp; Education" in html


def test_sections_and_language(report: RunReport, tmp_path):
    html = html_writer.render(report, tmp_path).read_text(encoding="utf-8")
    labels = report.labels
    assert f'<html lang="{report.language}">' in html
    for key in ("section.summary", "section.findings", "section.syllabi", "section.trend", "chart.by_rule",
                "chart.by_severity", "chart.by_department", "chart.verdicts"):
        assert labels(key) in html
    # a section per syllabus read, plus evidence of its findings
    assert html.count('<section class="syllabus"') == len(report.syllabi)
    assert "БАРЛЫҒЫ 145" in html and "plan/practicals" not in html
    assert place_words("plan/practicals", report.language) in html
    assert labels("syllabus.no_findings") in html  # the clean syllabus
    assert labels("syllabus.extraction_error") in html  # the unreadable one
    assert html.count("<svg") == 5  # four summary charts and the trend


def test_language_does_not_follow_the_syllabus(report_kk: RunReport, tmp_path):
    en = report_kk.model_copy(update={"language": "en"})
    html = html_writer.render(en, tmp_path).read_text(encoding="utf-8")
    assert "Hours do not match credits" in html and "Сағаттар кредиттерге" not in html
    assert "Syllabus audit report" in html
