"""Run the hostile suite (tests/hostile, issue 11) and print its table of cases with their
outcomes, as Markdown, for the issue's closing note.

    python benchmarks/hostile_table.py [extra pytest arguments]

Outcomes: "passes"; "xfail: <reason>" (a strict xfail: the product does not handle it yet);
"FAILS: <message>" (a case that should pass and does not, or an xfail that now passes: remove its
mark); "skipped: <reason>".
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def outcome(case: ET.Element) -> str:
    for tag, label in (("failure", "FAILS"), ("error", "ERROR")):
        node = case.find(tag)
        if node is not None:
            message = (node.get("message") or "").splitlines()
            return f"{label}: {message[0][:120] if message else ''}"
    skipped = case.find("skipped")
    if skipped is not None:
        message = skipped.get("message") or ""
        if skipped.get("type") == "pytest.xfail":
            return "xfail: " + message.removeprefix("xfail: ")[:160]
        return "skipped: " + message[:160]
    return "passes"


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "hostile.xml"
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/hostile",
                              f"--junitxml={junit}", *argv], cwd=REPO)
        if not junit.exists():
            return run.returncode or 2
        cases = ET.parse(junit).getroot().iter("testcase")
        print("| module | case | outcome | seconds |\n|---|---|---|---|")
        for case in cases:
            module = case.get("classname", "").rsplit(".", 1)[-1]
            name = case.get("name", "").removeprefix("test_").replace("_", " ")
            print(f"| {module} | {name} | {outcome(case)} | {float(case.get('time', 0)):.1f} |")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
