"""A clean syllabus, built in code, that every rule accepts: the seed syllabus (GMRK3301) with
its defects corrected. Rule cases are patches applied to it (see ``apply_patch``).

Layout used by case files (0-based list indexes):
  plan.0 = lectures (15 topics × 1 h, total row 15), plan.1 = practicals (9 topics, 30 h)
  assessment.periods.0 = rating 1 (practicals 1-4 × 20 + test 20)
  assessment.periods.1 = rating 2 (practicals 5-9 × 15 + test 25), periods.2 = exam
  assessment.scale.0 = A ... scale.11 = F;  literature.main (2), literature.additional (5)
"""

from __future__ import annotations

import copy
from datetime import date

from extractors.model import Syllabus

FILE = "base.docx"

LECTURES = [
    "Қазақстан аумағын геологиялық-геофизикалық зерттеудің тарихы мен негізгі кезеңдері",
    "Қазақстан гидрографиясының рельефі және негізгі белгілері",
    "Жердің негізгі тектоникалық құрылымы",
    "Қазақстанның жер қыртысының негізгі құрылымдық элементтері",
    "Қазақстан аумағын тектоникалық аудандастыру",
    "Каспий маңы синеклизасы. Шығыс Еуропа платформасы",
    "Орал-Моңғол қатпарлы белдігі: каледон қатпарлы жүйелері",
    "Орал-Моңғол қатпарлы белдігі: герцин қатпарлы жүйелері",
    "Қазақстан аумағындағы эпигерциндік платформа",
    "Қазақстанның минералдық ресурстары",
    "Қазақстанның жанғыш пайдалы қазбалары",
    "Қазақстанның металл пайдалы қазбалары: қара және түсті металдар",
    "Қазақстанның металл пайдалы қазбалары: сирек, асыл және радиоактивті металдар",
    "Металл емес пайдалы қазбалар: тау-кен-химиялық шикізат",
    "Металл емес пайдалы қазбалар: құрылыс материалдары, жер асты сулары",
]
PRACTICALS = [
    ("Қазақстанның орогидрографиялық схемалық картасын жасау", 3),
    ("Қазақстан аумағын геоморфологиялық аудандастырудың схемалық картасын жасау", 3),
    ("Қазақстан аумағын тектоникалық аудандастырудың схемалық картасын жасау", 3),
    ("Жер қыртысының мезозой-кайнозой құрылымдық элементтерін орналастыру схемасын жасау", 3),
    ("Пайдалы қазбаларды орналастырудың схемалық картасын жасау: қара металдар", 3),
    ("Пайдалы қазбаларды орналастырудың схемалық картасын жасау: түсті және асыл металдар", 4),
    ("Пайдалы қазбаларды орналастырудың схемалық картасын жасау: сирек және радиоактивті элементтер", 4),
    ("Пайдалы қазбаларды орналастырудың схемалық картасын жасау: жанғыш пайдалы қазбалар", 3),
    ("Пайдалы қазбаларды орналастырудың схемалық картасын жасау: құрылыс және қаптау материалдары", 4),
]
SCALE = [
    ("A", 4.0, 95, 100),
    ("A-", 3.67, 90, 94),
    ("B+", 3.33, 85, 89),
    ("B", 3.0, 80, 84),
    ("B-", 2.67, 75, 79),
    ("C+", 2.33, 70, 74),
    ("C", 2.0, 65, 69),
    ("C-", 1.67, 60, 64),
    ("D+", 1.33, 55, 59),
    ("D", 1.0, 50, 54),
    ("FX", 0.5, 25, 49),
    ("F", 0.0, 0, 24),
]


def S(value, text=None, *, page=None, paragraph=None, table=None, row=None, column=None, file=FILE):
    """A Sourced value as plain data."""
    if text is None:
        text = value.isoformat() if isinstance(value, date) else (", ".join(map(str, value)) if isinstance(value, list) else str(value))
    return {
        "value": value.isoformat() if isinstance(value, date) else value,
        "source": {"file": file, "page": page, "paragraph": paragraph, "table": table, "row": row, "column": column, "text": text},
    }


def base_data(file: str = FILE) -> dict:
    def s(value, text=None, **kw):
        return S(value, text, file=file, **kw)

    lectures = [
        {
            "number": s(i + 1, page=5, table=2, row=i + 2, column=0),
            "title": s(f"{i + 1} тақырып. {t}", page=5 if i < 12 else 6, table=2, row=i + 2, column=1),
            "hours": s(1.0, "1", page=5, table=2, row=i + 2, column=2),
            "references": s([1, 3, 4, 5, 7] if i < 8 else [2, 6], page=5, table=2, row=i + 2, column=3),
        }
        for i, t in enumerate(LECTURES)
    ]
    practicals = [
        {
            "number": s(i + 1, page=6, table=2, row=i + 19, column=0),
            "title": s(f"{i + 1} тақырып. {t}", page=6, table=2, row=i + 19, column=1),
            "hours": s(float(h), str(h), page=6, table=2, row=i + 19, column=2),
            "references": s([4, 5, 6], page=6, table=2, row=i + 19, column=3),
        }
        for i, (t, h) in enumerate(PRACTICALS)
    ]

    def item(n, points, row):
        title, _ = PRACTICALS[n - 1]
        return {
            "title": s(f"{n} практикалық жұмыс. {title}", page=8, table=5, row=row, column=1),
            "max_points": s(float(points), str(points), page=8, table=5, row=row, column=2),
            "practical_number": n,
        }

    rating1 = [item(n, 20, n) for n in range(1, 5)] + [
        {"title": s("Бақылау тест 1", page=8, table=5, row=5, column=1), "max_points": s(20.0, "20", page=8, table=5, row=5, column=2)}
    ]
    rating2 = [item(n, 15, n + 1) for n in range(5, 10)] + [
        {"title": s("Бақылау тесті 2", page=8, table=5, row=11, column=1), "max_points": s(25.0, "25", page=8, table=5, row=11, column=2)}
    ]
    lit_main = [
        ("Абдулин А.А. Геология и минеральные ресурсы Казахстана. Алматы: Ғылым ордасы, 2018. – 128 б.", 2018),
        ("Сапарғалиев Е.М., Дьячков Б.А. Рудноалтайский металлогенический пояс. Алматы, 2020. – 216 с.", 2020),
    ]
    lit_add = [
        ("Геология и минерагения Казахстана. Алматы: Казгео, 2015.", 2015),
        ("Большой Алтай: геология и металлогения. Алматы: Ғылым, 2016. – 304 с.", 2016),
        ("Сейітов Н., Жүнісов А.А. Қазақстан геологиясы. Алматы: ҚазҰТЗУ, 2019.", 2019),
        ("Атлас карт: Минеральные ресурсы Республики Казахстан. Алматы, 2021.", 2021),
        ("Байбатша Ә.Б. Пайдалы қазбалар кен орындарының геологиясы. Алматы, 2020.", 2020),
    ]

    def lit(entries, list_name, first_par):
        return [
            {
                "list_name": list_name,
                "number": s(i + 1, f"{i + 1}.", page=10, paragraph=first_par + i),
                "text": s(t, page=10, paragraph=first_par + i),
                "year": s(y, str(y), page=10, paragraph=first_par + i),
            }
            for i, (t, y) in enumerate(entries)
        ]

    return {
        "schema_version": "1",
        "file": file,
        "language": "kk",
        "document": {
            "format": "docx",
            "sha256": "0" * 64,
            "pages": 11,
            "has_text_layer": True,
            "has_tracked_changes": False,
            "unreadable_glyphs": 0,
            "sections_found": [
                "approval", "description", "outcomes", "prerequisites", "postrequisites", "hours",
                "plan", "independent_work", "schedule", "assessment", "policy", "literature",
            ],
        },
        "identity": {
            "course_code": s("GMRK3301", "Пәндерінің коды: GMRK3301", page=1, paragraph=12),
            "course_title": s("Қазақстанның геологиясы және минералдық ресурстары", page=1, paragraph=9),
            "programme_code": s("6B07204", page=1, paragraph=11),
            "programme_name": s("Геология және пайдалы қазба кен орнын барлау", page=1, paragraph=11),
            "credits": {"ects": s(5.0, "Кредиттер саны: 5", page=1, paragraph=13)},
            "cycle": s("КП", page=1, paragraph=14),
            "component": s("ЖК", page=1, paragraph=15),
            "year": s(2022, "Өскемен, 2022", page=1, paragraph=16),
            "university": s("Д. Серікбаев атындағы ШҚТУ", page=1, paragraph=2),
            "authors": [s("Зимановская Н.А.", page=2, paragraph=30)],
            "approval": {
                "present": True,
                "position": s("ЖТҒМ деканы", page=1, paragraph=4),
                "approver": s("Рахымбердина М.Е.", page=1, paragraph=5),
                "date": s(date(2022, 8, 29), "29.08.2022 ж.", page=1, paragraph=6),
                "date_blank": False,
                "date_text": s("29.08.2022 ж.", page=1, paragraph=6),
            },
            "protocol": {
                "number": s("1", "хаттама №1", page=2, paragraph=22),
                "date": s(date(2022, 8, 29), "Күні 29.08.2022 ж.", page=2, paragraph=22),
                "chair": s("Асылханова Ж.А.", page=2, paragraph=21),
            },
        },
        "hours": {
            "lectures": s(15.0, "15", page=5, table=1, row=1, column=1),
            "practicals": s(30.0, "30", page=5, table=1, row=2, column=1),
            "siwt": s(30.0, "30", page=5, table=1, row=3, column=1),
            "siw": s(75.0, "75", page=5, table=1, row=4, column=1),
            "final_control": s("емтихан", page=5, table=1, row=5, column=1),
        },
        "plan": [
            {
                "activity": "lectures",
                "heading": s("Дәрістік сабақтар", page=5, table=2, row=1, column=0),
                "topics": lectures,
                "stated_total": s(15.0, "15", page=6, table=2, row=17, column=2),
            },
            {
                "activity": "practicals",
                "heading": s("Практикалық сабақтар", page=6, table=2, row=18, column=0),
                "topics": practicals,
                "stated_total": s(30.0, "30", page=6, table=2, row=28, column=2),
            },
        ],
        "independent_work": [
            {
                "title": s(t, page=7, table=3, row=i + 1, column=0),
                "hours": s(float(h), str(h), page=7, table=3, row=i + 1, column=4),
                "references": s([4, 5], page=7, table=3, row=i + 1, column=5),
                "week": s([w], str(w), page=7, table=3, row=i + 1, column=3),
            }
            for i, (t, h, w) in enumerate(
                [
                    ("Титан, темір және хромит кендерінің минералдары", 20, 2),
                    ("Мыс, қорғасын және мырыш минералдары", 15, 4),
                    ("Молибден, вольфрам және қалайы минералдары", 20, 6),
                    ("Кобальт, никель, тантал, ниобий, литий минералдары", 20, 8),
                ]
            )
        ],
        "assessment": {
            "periods": [
                {"kind": "rating1", "name": s("1-й аралық бақылау", page=8, table=5, row=1, column=0), "items": rating1, "stated_total": s("0-100", page=8, table=5, row=1, column=3)},
                {"kind": "rating2", "name": s("2-й аралық бақылау", page=8, table=5, row=6, column=0), "items": rating2, "stated_total": s("0-100", page=8, table=5, row=6, column=3)},
                {"kind": "exam", "name": s("Қорытынды бақылау", page=8, table=5, row=12, column=0), "items": [{"title": s("Емтихан билет түрінде", page=8, table=5, row=12, column=1)}], "stated_total": s("0-100", page=8, table=5, row=12, column=3)},
            ],
            "formula": {
                "current_weight": s(0.6, "0,6", page=9, paragraph=80),
                "exam_weight": s(0.4, "0,4", page=9, paragraph=80),
                "text": s("И = 0,6 (P1 + P2)/2 + 0,4Э", page=9, paragraph=80),
            },
            "scale": [
                {
                    "letter": s(L, page=9, table=6, row=i + 1, column=0),
                    "points": s(p, str(p), page=9, table=6, row=i + 1, column=1),
                    "low": s(float(lo), f"{lo}-{hi}", page=9, table=6, row=i + 1, column=2),
                    "high": s(float(hi), f"{lo}-{hi}", page=9, table=6, row=i + 1, column=2),
                }
                for i, (L, p, lo, hi) in enumerate(SCALE)
            ],
        },
        "prerequisites": [s("Жалпы және тарихи геология", page=4, paragraph=60)],
        "postrequisites": [
            s("Геотектоника және металлогения", page=4, paragraph=62),
            s("Іздеу мен барлаудың геофизикалық әдістері", page=4, paragraph=63),
        ],
        "literature": {"main": lit(lit_main, "main", 100), "additional": lit(lit_add, "additional", 103)},
        "learning_outcomes": [s("PO10 - Қазіргі ақпараттық ағымдарда бағдарлау", page=3, table=0, row=1, column=1)],
    }


def base_syllabus(file: str = FILE) -> Syllabus:
    return Syllabus.model_validate(base_data(file))


# ----------------------------------------------------------------------------- patches


def _expand(value, file):
    """``{"$v": x}`` (optionally with "$text", "$page", "$table", "$row", "$column") -> Sourced data."""
    if isinstance(value, dict):
        if "$v" in value:
            kw = {k[1:]: v for k, v in value.items() if k not in ("$v", "$text")}
            return S(value["$v"], value.get("$text"), file=file, **kw)
        return {k: _expand(v, file) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, file) for v in value]
    return value


def _walk(data, path: str, create: bool = False):
    parts = path.split(".")
    node = data
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p] if not create else node.setdefault(p, {})
    last = parts[-1]
    return node, (int(last) if isinstance(node, list) else last)


def _text(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def apply_patch(data: dict, patch: dict) -> dict:
    """Apply a case's patch to plain syllabus data.

    ``set``: {"dotted.path": value} — a value at a Sourced field's ``.value`` path sets the value
    (and its source text); ``{"$v": x}`` builds a new Sourced. ``delete``: ["dotted.path"] sets a
    field to None or removes a list element (applied from the last index down).
    ``append``: {"dotted.path.to.list": item}. ``file``: rename the syllabus file.
    ``coverage``: the reader's read status per part (``Syllabus.coverage``), applied last:
    ``{"hours": "not_read"}`` or, with where the label was seen (0-based like ``Source``),
    ``{"prerequisites": {"status": "empty", "page": 4, "paragraph": 59, "text": "Пререквизиттер:"}}``;
    the key ``"*"`` gives every part of ``checks.coverage.PARTS`` that status first. Without it the
    coverage stays empty (a reader that does not fill it).
    """
    data = copy.deepcopy(data)
    file = patch.get("file", data["file"])
    if "file" in patch:
        data = base_data(file) if data["file"] == FILE else data
    for path, value in patch.get("set", {}).items():
        node, key = _walk(data, path, create=True)
        node[key] = _expand(value, file)
        if key == "value" and isinstance(node, dict) and "source" in node and not isinstance(value, dict):
            node["source"]["text"] = ", ".join(map(_text, value)) if isinstance(value, list) else _text(value)
    for path in sorted(patch.get("delete", []), key=lambda p: [int(x) if x.isdigit() else -1 for x in p.split(".")], reverse=True):
        node, key = _walk(data, path)
        if isinstance(node, list):
            del node[key]
        else:
            node[key] = None
    for path, item in patch.get("append", {}).items():
        node, key = _walk(data, path)
        node[key].append(_expand(item, file))
    if "coverage" in patch:
        data["coverage"] = coverage_data(patch["coverage"], file, data.get("coverage") or {})
    return data


def coverage_data(spec: dict, file: str = FILE, base: dict | None = None) -> dict:
    """``Syllabus.coverage`` as plain data from a case's short form (see ``apply_patch``)."""
    from checks.coverage import PARTS

    out = dict(base or {})
    spec = dict(spec)
    if "*" in spec:
        everything = spec.pop("*")
        out.update({p: {"status": everything} for p in PARTS})
    for part, value in spec.items():
        if isinstance(value, str):
            out[part] = {"status": value}
            continue
        value = dict(value)
        entry = {"status": value.pop("status")}
        if "how" in value:
            entry["how"] = value.pop("how")
        if value:
            entry["where"] = {"file": file, "text": value.pop("text", ""), **value}
        out[part] = entry
    return out


def patched_syllabus(patch: dict) -> Syllabus:
    return Syllabus.model_validate(apply_patch(base_data(patch.get("file", FILE)), patch))
