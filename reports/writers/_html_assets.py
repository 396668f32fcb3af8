"""Static CSS, JS and the Jinja template of the HTML report. The CSS and JS are inlined and allowed
by the page's Content-Security-Policy through their SHA-256 hashes, so nothing else can run."""

CSS = """
:root { --fg:#1c2833; --muted:#5d6d7e; --line:#d5dbdb; --bg:#fbfcfc; --accent:#1f618d; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color:var(--fg); background:var(--bg); }
header.top { background:#1f3a56; color:#fff; padding:16px 28px; }
header.top h1 { margin:0 0 4px; font-size:22px; }
header.top .meta { opacity:.9; }
header.top .meta span + span::before { content:" · "; }
nav.toc { padding:8px 28px; background:#eaf2f8; border-bottom:1px solid var(--line); position:sticky; top:0; z-index:2; }
nav.toc a { margin-right:18px; color:var(--accent); text-decoration:none; font-weight:600; }
main { padding:8px 28px 40px; max-width:1500px; }
h2 { margin:28px 0 10px; font-size:19px; border-bottom:2px solid var(--line); padding-bottom:4px; }
h3 { margin:22px 0 6px; font-size:16px; }
.cards { display:flex; flex-wrap:wrap; gap:12px; margin:12px 0; }
.card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:10px 16px; min-width:150px; }
.card .n { font-size:26px; font-weight:700; }
.card .l { color:var(--muted); font-size:12.5px; }
.card.new .n { color:#2e86c1; } .card.resolved .n { color:#239b56; } .card.recurred .n { color:#b03a2e; }
.charts { display:flex; flex-wrap:wrap; gap:18px; }
figure { margin:0; background:#fff; border:1px solid var(--line); border-radius:6px; padding:8px 10px; }
figcaption { font-weight:600; margin-bottom:4px; }
svg.chart { display:block; max-width:100%; height:auto; font-size:12px; fill:var(--fg); }
svg.chart .axis, svg.chart .muted { fill:var(--muted); font-size:11px; }
svg.chart .grid { stroke:#e5e8e8; stroke-width:1; }
.filters { display:flex; flex-wrap:wrap; gap:10px; align-items:end; margin:8px 0 10px; }
.filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); }
.filters input, .filters select, .filters button { font:inherit; padding:4px 6px; border:1px solid #aab7b8; border-radius:4px; background:#fff; }
.filters input { min-width:260px; }
.count { color:var(--muted); margin-left:auto; }
table { border-collapse:collapse; width:100%; background:#fff; }
th, td { border:1px solid var(--line); padding:5px 7px; vertical-align:top; text-align:left; }
thead th { background:#eef2f3; position:sticky; top:37px; }
th button { all:unset; cursor:pointer; font-weight:700; display:block; width:100%; }
th button::after { content:" ↕"; color:#aab7b8; }
th[aria-sort="ascending"] button::after { content:" ▲"; color:var(--fg); }
th[aria-sort="descending"] button::after { content:" ▼"; color:var(--fg); }
td.num { text-align:right; white-space:nowrap; }
td.nowrap { white-space:nowrap; }
td.text { min-width:220px; }
.sev { display:inline-block; padding:1px 7px; border-radius:10px; color:#fff; font-size:12px; white-space:nowrap; }
.sev.major { background:#b03a2e; } .sev.minor { background:#d68910; } .sev.observation { background:#2e86c1; }
.chg { font-size:12px; white-space:nowrap; }
.chg.new { color:#2e86c1; font-weight:700; } .chg.recurred { color:#b03a2e; font-weight:700; } .chg.resolved { color:#239b56; }
.kind { font-size:11.5px; border:1px dashed #85929e; border-radius:3px; padding:0 4px; color:var(--muted); white-space:nowrap; }
tr.resolved td { color:var(--muted); }
tr.follow-on td { background:#f8f9f9; }
.badge { display:inline-block; font-size:11.5px; border-radius:3px; padding:0 5px; white-space:nowrap; }
.badge.overdue { background:#b03a2e; color:#fff; } .badge.recurrence { background:#fdedec; color:#922b21; border:1px solid #b03a2e; }
.overdue { color:#922b21; font-weight:700; } .card.overdue .n { color:#b03a2e; }
td.state { font-size:12.5px; min-width:200px; } td.state .action { margin:3px 0; } .recurrence { color:#922b21; }
.muted { color:var(--muted); }
tr.follow-on td:first-child { padding-left:22px; }
.arrow { color:var(--muted); }
small.follows { color:var(--muted); white-space:normal; }
.card.roots .n { color:var(--accent); }
q, .quote { font-family:"DejaVu Sans Mono", monospace; font-size:12.5px; background:#f4f6f6; padding:0 3px; white-space:pre-wrap; }
q::before, q::after { content:""; }
.empty { padding:14px; color:var(--muted); text-align:center; }
section.syllabus { background:#fff; border:1px solid var(--line); border-radius:6px; padding:4px 16px 14px; margin:14px 0; }
section.syllabus dl { display:grid; grid-template-columns:max-content 1fr; gap:2px 14px; margin:6px 0 10px; }
section.syllabus dt { color:var(--muted); }
section.syllabus dd { margin:0; }
.verdict { font-weight:700; }
.verdict.accepted { color:#239b56; } .verdict.accepted_with_remarks { color:#7d6608; }
.verdict.incomplete { color:#8e44ad; }
.verdict.to_revise { color:#ca6f1e; } .verdict.rejected { color:#b03a2e; } .verdict.none { color:#566573; }
.error { color:#b03a2e; }
ul.coverage { list-style:none; margin:0; padding:0; display:flex; flex-wrap:wrap; gap:4px; }
ul.coverage li { font-size:12px; border-radius:3px; padding:0 6px; border:1px solid var(--line); white-space:nowrap; }
ul.coverage li.read { background:#eafaf1; } ul.coverage li.not_read { background:#f5eef8; border-color:#8e44ad; font-weight:700; }
ul.coverage li.empty { background:#fef5e7; } ul.coverage li.absent { background:#fdedec; }
.by-hand { border-left:4px solid #8e44ad; background:#f5eef8; padding:6px 10px; margin:0 0 10px; }
.by-hand ul { margin:4px 0 0; padding-left:18px; }
a { color:var(--accent); }
.toplink { font-size:12px; }
nav.departments { margin:6px 0 12px; } nav.departments a { white-space:nowrap; }
@page { size: A4 landscape; margin: 10mm 8mm; }
@media print {
  nav.toc, .filters, .toplink, nav.departments, .dept-nav, th button::after { display:none; }
  body { background:#fff; font-size:9pt; line-height:1.3; }
  main { padding:0; max-width:none; }
  header.top { background:none; color:#000; padding:0 0 4pt; border-bottom:1pt solid #000; }
  thead { display:table-header-group; }
  thead th { position:static; background:#eee; }
  table { width:100%; table-layout:auto; font-size:8pt; }
  th, td { padding:2pt 3pt; overflow-wrap:anywhere; word-break:break-word; }
  td.text, td.state { min-width:0; }
  td.nowrap, td.num, .chg, .sev, .badge, ul.coverage li { white-space:normal; }
  tr { break-inside:avoid; }
  section.syllabus { break-inside:auto; border:none; padding:0; }
  h2, h3 { break-after:avoid; }
  .charts figure { break-inside:avoid; }
  svg.chart { max-width:100%; }
  .sev, .badge.overdue { color:#000; border:1pt solid #000; background:none; }
  a { color:#000; text-decoration:none; }
}
"""

JS = """
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var table = document.getElementById("findings-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.querySelectorAll("tr[data-row]"));
  var text = document.getElementById("filter-text");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var shown = document.getElementById("filter-shown");
  var empty = document.getElementById("filter-empty");
  var reset = document.getElementById("filter-reset");
  function norm(s) { return s.normalize("NFKC").toLocaleLowerCase(lang).replace(/\\s+/g, " "); }
  rows.forEach(function (r) { r.dataset.text = norm(r.textContent); });
  function apply() {
    var q = norm(text.value).trim();
    var n = 0;
    rows.forEach(function (r) {
      var ok = q === "" || r.dataset.text.indexOf(q) !== -1;
      selects.forEach(function (s) {
        if (ok && s.value !== "" && r.getAttribute("data-" + s.dataset.filter) !== s.value) { ok = false; }
      });
      r.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
    empty.hidden = n !== 0;
  }
  text.addEventListener("input", apply);
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  reset.addEventListener("click", function () {
    text.value = "";
    selects.forEach(function (s) { s.value = ""; });
    apply();
  });
  var collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var numeric = th.dataset.type === "number";
      function key(r) {
        var cell = r.cells[col];
        return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
      }
      rows.sort(function (a, b) {
        var ka = key(a), kb = key(b);
        if (numeric) {
          var na = ka === "" ? Infinity : Number(ka), nb = kb === "" ? Infinity : Number(kb);
          return (na - nb || 0) * dir;
        }
        return collator.compare(ka, kb) * dir;
      });
      rows.forEach(function (r) { body.insertBefore(r, empty); });
    });
  });
  apply();
})();
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>{{ L('report.title') }} · {{ report.run_id }}</title>
<style>{{ css }}</style>
</head>
<body>
{% macro state_short(st) -%}
<span class="status {{ st.status }}">{{ V('status', st.status) }}</span>{% if st.overdue %} <span class="badge overdue">{{ L('register.overdue') }}</span>{% endif %}{% if st.recurrences %} <span class="badge recurrence">{{ L('register.recurred').format(n=st.recurrences) }}</span>{% endif %}
{%- endmacro %}
{% macro state_full(st) -%}
<div>{{ state_short(st) }}</div>
{% if st.recurrences %}<div class="recurrence">{{ L('register.earlier_action') }}: {{ st.earlier_action or L('register.no_earlier_action') }}</div>{% endif %}
{% for a in st.actions %}<div class="action">{{ C('corrective_actions') }}: {{ a.action }}<br>{{ C('responsible') }}: {{ a.responsible }}{% if a.due %}<br><span class="{{ 'overdue' if a.overdue }}">{{ L('register.action_due') }}: {{ a.due }}{% if a.overdue %} ({{ L('register.overdue') }}){% endif %}</span>{% endif %}{% if a.result %}<br>{{ C('result_mark') }}: {{ a.result }}{% endif %}</div>{% else %}<div class="muted">{{ L('register.no_action') }}</div>{% endfor %}
{% if st.root_cause %}<div>{{ L('register.root_cause') }}: {{ st.root_cause }}</div>{% endif %}
<div class="{{ 'overdue' if st.review_overdue }}">{{ L('register.review_by') }}: {{ st.review_deadline }}{% if st.review_overdue %} ({{ L('register.overdue') }}){% endif %}</div>
<div class="{{ 'overdue' if st.cause_overdue }}">{{ L('register.cause_by') }}: {{ st.cause_analysis_deadline }}{% if st.cause_overdue %} ({{ L('register.overdue') }}){% endif %}</div>
{%- endmacro %}
{# a finding's row and a syllabus's card, each made once a night and shared by the run's page and
   its department's (``html_writer.Shared``): the loops below only place them #}
{% macro finding_row(r, anchor) %}
      <tr data-row data-severity="{{ r.severity }}" data-department="{{ r.department_key }}" data-change="{{ r.change }}" class="{{ 'resolved' if r.change == 'resolved' }}{{ ' follow-on' if r.root_cause_id }}">
        <td class="nowrap">{% if r.root_cause_id %}<span class="arrow">↳</span> {% endif %}{{ r.id }}{% if r.root_cause_id %}<br><small class="follows">{{ r.follows_from }}</small>{% elif r.follow_count %}<br><small class="follows">{{ L('summary.follow_on_list') }}: {{ r.follow_count }}</small>{% endif %}</td>
        <td data-sort="{{ r.change_rank }}"><span class="chg {{ r.change }}">{{ V('change', r.change) }}</span></td>
        <td data-sort="{{ r.severity_rank }}"><span class="sev {{ r.severity }}">{{ V('severity', r.severity) }}</span></td>
        <td>{{ r.department }}</td>
        <td><a href="#{{ anchor }}">{{ r.course_code }}</a> {{ r.course_title }}</td>
        <td class="nowrap">{{ r.rule }}</td>
        <td class="text">{{ r.description }}{% if r.kind == 'potential' %} <span class="kind">{{ V('kind', r.kind) }}</span>{% endif %}</td>
        <td>{{ r.expected }}</td>
        <td>{{ r.actual }}</td>
        <td data-sort="{{ r.page if r.page is not none else '' }}">{{ r.location }}</td>
        <td>{{ state_short(r.state) }}</td>
      </tr>
{% endmacro %}
{% macro syllabus_section(s, anchor) %}
  <section class="syllabus" id="{{ anchor }}">
    <h3>{% if s.course_code %}{{ s.course_code }} — {% endif %}{{ s.course_title or s.file }}</h3>
    <dl>
      <dt>{{ C('file') }}</dt><dd>{{ s.file }}</dd>
      {% if s.copies %}<dt>{{ C('copies') }}</dt><dd>{{ s.copies | join(' = ') }}</dd>{% endif %}
      <dt>{{ C('department') }}</dt><dd>{{ s.department or L('department.none') }}</dd>
      {% if s.programme %}<dt>{{ C('programme') }}</dt><dd>{{ s.programme }}</dd>{% endif %}
      {% if s.language %}<dt>{{ C('language') }}</dt><dd>{{ V('language', s.language) }}</dd>{% endif %}
      <dt>{{ C('verdict') }}</dt><dd>{% if s.in_run %}<span class="verdict {{ s.verdict or 'none' }}">{{ V('verdict', s.verdict) }}</span>{% else %}{{ L('syllabus.not_in_run') }}{% endif %}</dd>
      {% if s.in_run and s.verdict %}<dt>{{ C('findings') }}</dt><dd>{{ s.findings }} ({{ C('major') }}: {{ s.major }}, {{ C('minor') }}: {{ s.minor }}, {{ C('observation') }}: {{ s.observation }})</dd>{% endif %}
      {% if s.error %}<dt>{{ C('error') }}</dt><dd class="error">{{ L('syllabus.extraction_error') }}: {{ s.error }}</dd>{% endif %}
      {% if s.coverage_items %}<dt>{{ L('coverage.title') }}</dt><dd><ul class="coverage">
        {% for c in s.coverage_items %}<li class="{{ c.status }}"{% if c.where %} title="{{ L('coverage.seen_at') }}: {{ c.where }}"{% endif %}>{{ c.part }}: {{ c.status_label }}</li>{% endfor %}
      </ul></dd>{% endif %}
    </dl>
    {% if s.not_read_items %}
    <div class="by-hand" role="note"><strong>{{ L('coverage.not_verified') }}</strong>
      <ul>
      {% for c in s.not_read_items %}
        <li>{{ c.part }}{% if c.where %} — {{ L('coverage.seen_at') }}: {{ c.where }}{% endif %}{% if c.quote %} <span class="quote">{{ c.quote }}</span>{% endif %}{% if c.rules %}; {{ L('coverage.rules_not_run') }}: {{ c.rules }}{% endif %}</li>
      {% endfor %}
      </ul>
    </div>
    {% endif %}
    {% if s.rows %}
    <table>
      <thead><tr>
        <th>{{ C('id') }}</th><th>{{ C('severity') }}</th><th>{{ C('change') }}</th><th>{{ C('rule') }}</th>
        <th>{{ C('description') }}</th>
        <th>{{ C('location') }}</th><th>{{ C('expected') }}</th><th>{{ C('actual') }}</th><th>{{ C('quote') }}</th>
        <th>{{ L('register.state') }}</th>
      </tr></thead>
      <tbody>
      {% for r in s.rows %}
        <tr class="{{ 'resolved' if r.change == 'resolved' }}{{ ' follow-on' if r.root_cause_id }}">
          <td class="nowrap">{% if r.root_cause_id %}<span class="arrow">↳</span> {% endif %}{{ r.id }}{% if r.root_cause_id %}<br><small class="follows">{{ r.follows_from }}</small>{% endif %}</td>
          <td><span class="sev {{ r.severity }}">{{ V('severity', r.severity) }}</span></td>
          <td><span class="chg {{ r.change }}">{{ V('change', r.change) }}</span></td>
          <td class="nowrap" title="{{ r.rule_name }}">{{ r.rule }}</td>
          <td class="text">{{ r.description }}{% if r.kind == 'potential' %} <span class="kind">{{ V('kind', r.kind) }}</span>{% endif %}<br><small>{{ C('requirement') }}: {{ r.requirement }}</small></td>
          <td data-sort="{{ r.page if r.page is not none else '' }}">{{ r.location }}</td>
          <td>{{ r.expected }}</td>
          <td>{{ r.actual }}</td>
          <td>{% if r.quote %}<span class="quote">{{ r.quote }}</span>{% endif %}</td>
          <td class="state">{{ state_full(r.state) }}</td>
        </tr>
      {% endfor %}
      </tbody>
    </table>
    {% elif s.in_run and s.verdict %}
    <p>{{ L('syllabus.no_findings') }}</p>
    {% endif %}
    <a class="toplink" href="#top">↑ {{ L('report.back_to_top') }}</a>
  </section>
{% endmacro %}
<header class="top" id="top">
  <h1>{{ L('report.title') }}{% if department_title %}: {{ department_title }}{% endif %}</h1>
  <div class="meta">
    {% if report.institution %}<span>{{ report.institution }}</span>{% endif %}
    <span>{{ L('report.run') }}: {{ report.run_id }}</span>
    <span>{{ L('report.date') }}: {{ day(report.run_date) }}</span>
  </div>
</header>
<nav class="toc" aria-label="{{ L('report.contents') }}">
  <a href="#summary">{{ L('section.summary') }}</a>
  <a href="#findings">{{ L('section.findings') }}</a>
  <a href="#syllabi">{{ L('section.syllabi') }}</a>
  <a href="#trend">{{ L('section.trend') }}</a>
</nav>
<main>
<section id="summary">
  <h2>{{ L('section.summary') }}</h2>
  <div class="cards">
    <div class="card"><div class="n">{{ report.syllabi | length }}</div><div class="l">{{ L('summary.syllabi_audited') }}</div></div>
    <div class="card roots"><div class="n">{{ root_count }}</div><div class="l">{{ L('summary.root_causes') }}</div></div>
    <div class="card"><div class="n">{{ current_count }}</div><div class="l">{{ L('summary.current_findings') }}{% if current_count > root_count %} ({{ L('summary.follow_ons') }}: {{ current_count - root_count }}){% endif %}</div></div>
    <div class="card new"><div class="n">{{ changes['new'] }}</div><div class="l">{{ L('summary.new_findings') }}</div></div>
    <div class="card resolved"><div class="n">{{ changes['resolved'] }}</div><div class="l">{{ L('summary.resolved_findings') }}</div></div>
    <div class="card recurred"><div class="n">{{ changes['recurred'] }}</div><div class="l">{{ L('summary.recurred_findings') }}</div></div>
    {% if overdue_count %}<div class="card overdue"><div class="n">{{ overdue_count }}</div><div class="l">{{ L('register.overdue_count') }}</div></div>{% endif %}
    {% if unread %}<div class="card"><div class="n error">{{ unread }}</div><div class="l">{{ L('summary.unread') }}</div></div>{% endif %}
    {% if incomplete %}<div class="card incomplete"><div class="n verdict incomplete">{{ incomplete }}</div><div class="l">{{ L('summary.incomplete') }}</div></div>{% endif %}
  </div>
  {% if department_title %}<p class="dept-nav"><a href="{{ main_file }}">← {{ L('department.whole_run') }}</a></p>{% endif %}
  {% if department_links %}
  <nav class="departments" aria-label="{{ L('department.pages') }}"><strong>{{ L('department.pages') }}:</strong>
    {% for name, href in department_links %}<a href="{{ href }}">{{ name }}</a>{% if not loop.last %} · {% endif %}{% endfor %}
  </nav>
  {% endif %}
  <div class="charts">
    {% for caption, svg in charts %}
    <figure><figcaption>{{ caption }}</figcaption>{{ svg }}</figure>
    {% endfor %}
  </div>
</section>

<section id="findings">
  <h2>{{ L('section.findings') }}</h2>
  <div class="filters" role="search">
    <label>{{ L('filter.text') }}<input id="filter-text" type="search" autocomplete="off"></label>
    {% for name, caption, options in selects %}
    <label>{{ caption }}<select data-filter="{{ name }}" id="filter-{{ name }}">
      <option value="">{{ L('filter.all') }}</option>
      {% for value, text in options %}<option value="{{ value }}">{{ text }}</option>{% endfor %}
    </select></label>
    {% endfor %}
    <button type="button" id="filter-reset">{{ L('filter.reset') }}</button>
    <span class="count">{{ L('filter.shown') }}: <b id="filter-shown">{{ rows | length }}</b> {{ L('filter.of') }} {{ rows | length }}</span>
  </div>
  <table id="findings-table">
    <thead><tr>
      {% for key, type in columns %}<th scope="col" data-type="{{ type }}"><button type="button" title="{{ L('filter.sort_hint') }}">{{ C(key) }}</button></th>{% endfor %}
    </tr></thead>
    <tbody>
    {% for r in rows %}{{ shared(finding_row, r, anchors[r.file]) }}{% endfor %}
      <tr id="filter-empty"{% if rows %} hidden{% endif %}><td class="empty" colspan="{{ columns | length }}">{{ L('filter.none') }}</td></tr>
    </tbody>
  </table>
</section>

<section id="syllabi">
  <h2>{{ L('section.syllabi') }}</h2>
  {% for s in syllabi %}{{ shared(syllabus_section, s, s.anchor) }}{% endfor %}
</section>

<section id="trend">
  <h2>{{ L('section.trend') }}</h2>
  {% if report.trend %}
  <figure><figcaption>{{ L('chart.trend') }}</figcaption>{{ trend_chart }}</figure>
  <table>
    <thead><tr><th>{{ C('run') }}</th><th>{{ C('date') }}</th><th>{{ C('new') }}</th><th>{{ C('resolved') }}</th><th>{{ C('recurred') }}</th><th>{{ C('open') }}</th></tr></thead>
    <tbody>
    {% for p in report.trend %}
      <tr><td>{{ p.run_id }}</td><td class="nowrap">{{ day(p.date) }}</td><td class="num">{{ p.new }}</td><td class="num">{{ p.resolved }}</td><td class="num">{{ p.recurred }}</td><td class="num">{{ p.open }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  {% else %}
  <p>{{ L('trend.empty') }}</p>
  {% endif %}
</section>
</main>
<script>{{ js }}</script>
</body>
</html>
"""
