"""What `pip install .` puts on a QA office's machine: every module and every data file.

Runs from the checkout, builds the wheel the way pip does and reads its contents."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("pipeline", "extractors", "checks", "reports", "data")


def test_wheel_contains_every_module_and_data_file(tmp_path):
    # Built from a clean copy of the tracked files: setuptools reuses a build/ folder left in a
    # working tree, whose stale files would hide a package missing from the configuration.
    source = _tracked_copy(tmp_path / "src")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("syllabus_audit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(["git", "ls-files", *PACKAGES], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    # the wheel keeps the five packages under syllabus_audit (see below)
    missing = [p for p in tracked if "__pycache__" not in p and f"syllabus_audit/{p}" not in names]
    assert not missing, f"not in the wheel: {missing[:20]}"


# ---- the wheel's layout (issue 12): one top-level package, the five vendored under it ---------------
# A wheel of the checkout's layout would put `checks`, `data`, `reports`, `pipeline` and `extractors`
# at the top of site-packages. tools/wheel_layout.py moves them under syllabus_audit and rewrites
# their imports (README, "Layout"); these tests install that wheel where the checkout is not
# importable and run the console script.

WEB_CHECK = """
import sys
from syllabus_audit.pipeline.web.app import create_app
from syllabus_audit.reports.register import open_register
app = create_app(open_register("sqlite:///" + sys.argv[1]), secret_key="x")
client = app.test_client()
login, css = client.get("/login"), client.get("/static/web.css")
assert login.status_code == 200 and b"<form" in login.data, login.status_code
assert css.status_code == 200 and css.data, css.status_code
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from an sdist of the tracked files (what PyPI would serve), in a venv of its own.

    The venv sees the base interpreter's site-packages through a plain path in a .pth file, for the
    dependencies; a path listed so has its own .pth files skipped, so the editable install's import
    hook (an `__editable__` .pth there) does not load and `import checks` fails, as on a QA machine."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = _tracked_copy(tmp / "src")
    sdist_dir = tmp / "sdist"
    sdist = subprocess.run(
        [sys.executable, "-c", "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))",
         str(sdist_dir)],
        cwd=source, capture_output=True, text=True,
    )
    assert sdist.returncode == 0, sdist.stderr[-2000:]
    dist = tmp / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(sdist_dir / sdist.stdout.split()[-1])],
        capture_output=True, text=True,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = dist.glob("syllabus_audit-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # the running interpreter's site-packages (a CI venv's and the system's), where the dependencies are
    deps = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]
    (site / "base-site-packages.pth").write_text("\n".join(deps) + "\n")
    # --ignore-installed: the base's own syllabus-audit (seen through the .pth) is never uninstalled
    pip = subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "-q", str(wheel)],
                         capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-2000:]
    return {"wheel": wheel, "python": python, "script": venv / "bin" / "syllabus-audit", "cwd": tmp}


def _tracked_copy(dest: Path) -> Path:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in tracked:
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def _run(installed, *argv, script=True):
    cmd = [str(installed["script"] if script else installed["python"]), *argv]
    return subprocess.run(cmd, cwd=installed["cwd"], capture_output=True, text=True, timeout=300)


def test_wheel_has_one_top_level_package(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    assert {n.split("/")[0] for n in names} == {"syllabus_audit", "syllabus_audit-0.1.0.dist-info"}
    entry_points = zipfile.ZipFile(installed["wheel"]).read("syllabus_audit-0.1.0.dist-info/entry_points.txt").decode()
    assert "syllabus-audit = syllabus_audit.cli:main" in entry_points
    assert "syllabus_audit-0.1.0.dist-info/top_level.txt" not in names  # it would name the checkout's packages
    # the sdist's wheel has every module and data file too (MANIFEST.in ships the build step)
    tracked = subprocess.run(["git", "ls-files", *PACKAGES], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    missing = [p for p in tracked if "__pycache__" not in p and f"syllabus_audit/{p}" not in names]
    assert not missing, missing[:20]


def test_installed_wheel_imports_nothing_from_the_top_level(installed):
    probe = ("import importlib.util, sys; import syllabus_audit.pipeline.cli, syllabus_audit.checks.registry as r; "
             "r.load_rules(); import syllabus_audit.reports.writers as w; w.load_all(); "
             f"print([m for m in sys.modules if m.split('.')[0] in {PACKAGES!r}]); "
             f"print([n for n in {PACKAGES!r} if importlib.util.find_spec(n) is not None]); "
             # the venv's own distribution: what importlib.metadata says it installs
             "from importlib.metadata import distribution; d = distribution('syllabus-audit'); "
             "assert str(d.locate_file('')).startswith(sys.prefix), d.locate_file(''); "
             "print(d.read_text('top_level.txt'), sorted({f.parts[0] for f in d.files if f.suffix == '.py'}))")
    out = _run(installed, "-c", probe, script=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split("\n")[:3] == ["[]", "[]", "None ['syllabus_audit']"], out.stdout


def test_installed_console_script_runs_the_commands(installed):
    help_ = _run(installed, "--help")
    assert help_.returncode == 0, help_.stderr[-2000:]
    assert "audit" in help_.stdout and "rules" in help_.stdout
    # the same rules and findings as the checkout's own CLI (rules found by discovery, labels from data/)
    for argv, status in ((["rules", "--lang", "en"], 0), (["check", str(ROOT / "data/samples/seed_kk.docx")], 1)):
        wheel = _run(installed, *argv)
        checkout = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *argv],
                                  cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert (wheel.returncode, checkout.returncode) == (status, status), wheel.stderr[-2000:]
        assert "ASM001" in wheel.stdout
        assert wheel.stdout == checkout.stdout


def test_installed_audit_migrates_the_register_and_serves_it(installed):
    # alembic's migrations (package data found by path), every report writer, the web's templates and static files
    register = installed["cwd"] / "register.sqlite3"
    out = _run(installed, "audit", "--out", str(installed["cwd"] / "out"), "--register", str(register), "--workers", "1",
               str(ROOT / "data/samples/seed_kk.docx"))
    assert out.returncode == 1, out.stderr[-2000:]
    (run,) = [p for p in (installed["cwd"] / "out").iterdir() if p.is_dir()]
    assert {"report.json", "report.kk.html", "report.kk.xlsx"} <= {p.name for p in run.iterdir()}
    web = _run(installed, "-c", WEB_CHECK, str(register), script=False)
    assert web.returncode == 0, web.stderr[-2000:]
