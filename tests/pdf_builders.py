"""Small syllabus-like DOCX files for the PDF reader tests, exported to PDF by LibreOffice the
way real syllabus PDFs are made.

Every document repeats a 2-row, 3-column page-header table (university | QMS code | "N бет M",
the page-number cell merged over both rows), like the seed syllabus. The texts that the tests
assert on are module constants, so a test compares the PDF's words with the DOCX's words.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

UNIVERSITY = "Д. СЕРІКБАЕВ атындағы ШЫҒЫС ҚАЗАҚСТАН ТЕХНИКАЛЫҚ УНИВЕРСИТЕТІ"
QMS = "Сапа менеджменті жүйесі"
QMS_CODE = "И-НАО ВКТУ 026-ІІ-2021 силлабус әзірлеу"

INTRO_LINES = ["Кредиттер саны: 5", "Цикл: КП", "Компонент: ЖК"]
LONG_PARAGRAPH = (
    "Курстың негізгі бөлімі кен орындарының генетикалық типтері, жасы, генезисі және кен "
    "денелерінің кеңістіктік жағдайы, кендердің негізгі түрлерінің минералогиялық құрамы "
    "туралы жалпы мәліметтерді құрайды."
)
BULLETS = [
    "- Қазақстанның қазіргі тау-кен өнеркәсібінің талаптарына сәйкес теориялық және практикалық "
    "білімі бар білікті геолог мамандарын даярлау және олардың біліктілігін арттыру.",
    "- Бөлінген геологиялық объектілерде дербес зерттеулер ұйымдастыру.",
]

# Hours table: a heading row merged over all columns; "Аудиториялық" merged down over two rows.
HOURS_HEADING = "Пәннің еңбек сыйымдылығы"
HOURS_ROWS = [
    ["Аудиториялық", "Дәрістер", "15"],
    [None, "Практикалық жұмыстар", "30"],
    ["Өздік", "СӨЖО", "30"],
    [None, "СӨЖ", "75"],
]

PLAN_HEADER = ["№", "Тақырыптың атауы және мазмұны", "Сағат", "Әдебиет"]
SPLIT_ROW_NO = 7
SPLIT_LINES = 50  # lines in the split row's topic cell: too tall to fit, so the row must break


def plan_rows() -> list[list[str]]:
    rows = []
    for i in range(1, 13):
        if i == SPLIT_ROW_NO:
            topic = " ".join(f"жол{j:02d} Қазақстанның кен орындары." for j in range(1, SPLIT_LINES + 1))
        else:
            topic = (
                f"{i} тақырып. Қазақстан аумағын геологиялық-геофизикалық зерттеудің тарихы "
                f"мен негізгі кезеңдері, бөлім {i}."
            )
        rows.append([str(i), topic, str(i % 4 + 1), f"1-{i}"])
    return rows


MAIN_LIT = [
    "1. Абдулин Айтмұхамед Абдоллаұлы: Геология и минеральные ресурсы Казахстана. Ғылым "
    "Алматы: «Ғылым ордасы» РМК Ғылыми кітапханасы, 2014. – 128 б.",
    "2. Сапарғалиев Е.М., Дьячков Б.А., Полянский Н.В. Рудноалтайский металлогенический пояс "
    "– перспективы развития минерально-сырьевой базы, 2019. – 287 с.",
]
EXTRA_LIT = [
    "1 Геология и минерагения Казахстана. Алматы: «Казгео», 2004.",
    "2 Большой Алтай: (геология и металлогения). Кн.1. Геологическое строение. Алматы: "
    "Ғылым, 1998. – 304 с. Дополнительные материалы к курсу.",
    "3 Абдуллин А.А. Геология и минеральные ресурсы Казахстана. Алматы. Ғылым. 1994.",
]


def _field(paragraph, instr: str, placeholder: str = "1") -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = placeholder
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def _tight(paragraph) -> None:
    pf = paragraph.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0


def _set_header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _header(section) -> None:
    header = section.header
    table = header.add_table(rows=2, cols=3, width=Cm(17))
    table.style = "Table Grid"
    table.cell(0, 0).text = UNIVERSITY
    table.cell(1, 0).text = QMS
    table.cell(1, 1).text = QMS_CODE
    table.cell(0, 1).text = ""
    page_cell = table.cell(0, 2).merge(table.cell(1, 2))
    p = page_cell.paragraphs[0]
    _field(p, "PAGE")
    p.add_run(" бет ")
    _field(p, "NUMPAGES", "9")
    for col, w in zip(table.columns, (Cm(8), Cm(6), Cm(3))):
        for c in col.cells:
            c.width = w


def _fill(table, rows) -> None:
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            if v is not None:
                table.cell(r, c).text = v


def build_syllabus_docx(path: Path) -> Path:
    """A 3+ page syllabus: intro lines, a paragraph, bullets, a merged hours table, a long
    thematic-plan table with a repeated header row and a row that breaks across pages, and
    literature lists whose entries wrap."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    _header(section)

    title = doc.add_paragraph("ҚАЗАҚСТАННЫҢ ГЕОЛОГИЯСЫ ЖӘНЕ МИНЕРАЛДЫҚ РЕСУРСТАРЫ")
    title.paragraph_format.space_after = Pt(12)
    for line in INTRO_LINES:
        _tight(doc.add_paragraph(line))
    doc.add_paragraph("")
    doc.add_paragraph(LONG_PARAGRAPH)
    for b in BULLETS:
        _tight(doc.add_paragraph(b))
    doc.add_paragraph("1.7 Пәннің еңбек сыйымдылығы")

    hours = doc.add_table(rows=1 + len(HOURS_ROWS), cols=3)
    hours.style = "Table Grid"
    heading = hours.cell(0, 0).merge(hours.cell(0, 2))
    heading.text = HOURS_HEADING
    _fill(hours, [[None] * 3] + HOURS_ROWS)
    hours.cell(1, 0).merge(hours.cell(2, 0))
    hours.cell(3, 0).merge(hours.cell(4, 0))

    doc.add_paragraph("2.1 Тақырыптық жоспар")
    rows = plan_rows()
    plan = doc.add_table(rows=1 + len(rows), cols=4)
    plan.style = "Table Grid"
    _fill(plan, [PLAN_HEADER] + rows)
    _set_header_row(plan.rows[0])
    for col, w in zip(plan.columns, (Cm(1.2), Cm(11), Cm(2), Cm(2.8))):
        for c in col.cells:
            c.width = w

    doc.add_paragraph("5 ҰСЫНЫЛАТЫН ӘДЕБИЕТТЕР ТІЗІМІ")
    doc.add_paragraph("5.1 Негізгі әдебиет")
    for e in MAIN_LIT:
        _tight(doc.add_paragraph(e))
    doc.add_paragraph("5.2 Қосымша әдебиеттер")
    for e in EXTRA_LIT:
        _tight(doc.add_paragraph(e))
    doc.save(path)
    return path


def build_long_docx(path: Path, pages: int) -> Path:
    """About ``pages`` pages: each has the header table, a paragraph and a table that ends on it."""
    doc = Document()
    _header(doc.sections[0])
    for p in range(pages):
        doc.add_paragraph(f"Бөлім {p + 1}. " + LONG_PARAGRAPH)
        t = doc.add_table(rows=12, cols=4)
        t.style = "Table Grid"
        _fill(t, [PLAN_HEADER] + [[str(i), f"тақырып {i}. Кен орындары", "3", "1-4"] for i in range(1, 12)])
        if p < pages - 1:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.save(path)
    return path


HYPHEN_CELL = "Пәннің сипат\u00adтамасы тау-кендік ісі"
HYPHEN_PARAGRAPH = "Пәннің қысқаша сипаттамасы."


def build_hyphen_docx(path: Path) -> Path:
    """A narrow cell whose words break at a soft hyphen and at real hyphens; the soft-hyphenated
    word also occurs unbroken in a paragraph."""
    doc = Document()
    doc.add_paragraph(HYPHEN_PARAGRAPH)
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    widths = (Cm(2.2), Cm(14))
    for gc, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(w.twips)))
    for c, w in zip(t.rows[0].cells, widths):
        c.width = w
    t.cell(0, 0).text = HYPHEN_CELL
    t.cell(0, 1).text = "3"
    doc.save(path)
    return path


def build_merge_across_break_docx(path: Path) -> Path:
    """An assessment-like table whose first column is merged down over rows that cross a page
    break (after 30 one-line paragraphs, the table starts on page 2 and its last row goes to 3;
    rows may not split, so page 3 opens with a whole row under the continuing merge)."""
    doc = Document()
    _header(doc.sections[0])
    for i in range(30):
        doc.add_paragraph(f"Жол {i}")
    t = doc.add_table(rows=9, cols=3)
    t.style = "Table Grid"
    _fill(t, [["Кезең", "Тапсырма", "Балл"]] + [[None, f"{r} практикалық жұмыс. " + LONG_PARAGRAPH[:60], "20"] for r in range(1, 9)])
    t.cell(1, 0).merge(t.cell(8, 0)).text = "1-й аралық бақылау"
    for row in t.rows:  # rows may not split: the page break falls between rows 7 and 8
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    doc.save(path)
    return path


def build_plain_docx(path: Path, text: str = "Кредиттер саны: 5") -> Path:
    doc = Document()
    doc.add_paragraph(text)
    doc.save(path)
    return path





# --------------------------------------------------------------------------- PDF surgery (pypdf)


def rotate_pages(src: Path, dst: Path, rotations: dict[int, int]) -> Path:
    """Copy ``src`` with /Rotate set on some pages ({1-based page: degrees})."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(src))
    for no, deg in rotations.items():
        writer.pages[no - 1].rotate(deg)
    writer.write(dst)
    return dst


def encrypt(src: Path, dst: Path, password: str = "secret") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    writer.write(dst)
    return dst


def drop_tounicode(src: Path, dst: Path, pages: list[int]) -> Path:
    """Remove the fonts' /ToUnicode maps on some pages, so their text comes out as (cid:NN)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(src))
    for no in pages:
        for font in writer.pages[no - 1]["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
    writer.write(dst)
    return dst


def image_pdf(dst: Path, pages: int = 1) -> Path:
    """A scan-like PDF: pages that are pictures, without any text."""
    from PIL import Image, ImageDraw

    imgs = []
    for i in range(pages):
        img = Image.new("RGB", (595, 842), "white")
        ImageDraw.Draw(img).text((60, 60), f"Scanned page {i + 1}", fill="black")
        imgs.append(img)
    imgs[0].save(dst, save_all=True, append_images=imgs[1:])
    return dst


def append_pdf(first: Path, second: Path, dst: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(first))
    writer.append(PdfReader(second))
    writer.write(dst)
    return dst
