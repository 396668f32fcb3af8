"""Extraction errors cross process boundaries intact, and the fault-isolation errors become the
'unreadable' document finding naming the file."""

import pickle

import pytest

import extractors.errors as xe
from checks.document_findings import finding_for_error
from checks.policy import load_policy
from checks.runner import audit, selected_rules
from pipeline.errors import MemoryExceeded, TimedOut, WorkerCrashed, describe_exit

ALL_ERRORS = [c for c in vars(xe).values() if isinstance(c, type) and issubclass(c, xe.ExtractionError)]


@pytest.mark.parametrize("cls", [*ALL_ERRORS, TimedOut, WorkerCrashed, MemoryExceeded], ids=lambda c: c.__name__)
def test_errors_pickle_with_path_detail_and_message(cls):
    err = cls("курс/силлабус.docx", "line 3: bad xref")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls
    assert (back.path, back.detail, back.code, str(back)) == (err.path, err.detail, err.code, str(err))


def test_instance_attributes_survive_pickling():
    err = xe.CorruptFile("a.pdf", "x")
    err.code = "custom-code"
    assert pickle.loads(pickle.dumps(err)).code == "custom-code"


def test_exit_descriptions():
    assert describe_exit(-11) == "killed by signal 11 (SIGSEGV)"
    assert describe_exit(3) == "exited with status 3"
    assert "no exit status" in describe_exit(None)
    assert TimedOut.after("a.pdf", 2.5).detail == "reading the file took longer than 2.5 s"
    assert MemoryExceeded.over("a.pdf", 512).detail == "over the limit of 512 MB"


@pytest.mark.parametrize(
    "err", [TimedOut.after("dir/hang.pdf", 30), WorkerCrashed.with_exitcode("dir/hang.pdf", -11), MemoryExceeded.over("dir/hang.pdf", 300)],
    ids=lambda e: e.code,
)
def test_isolation_errors_become_the_unreadable_finding_naming_the_file(err):
    policy = load_policy()
    rules = selected_rules(policy)
    unreadable_rule = next(r for r in rules if "unreadable" in getattr(r, "error_codes", ()))
    f = finding_for_error(err, rules)
    assert f is not None and f.rule == unreadable_rule.code
    assert f.evidence.file == "dir/hang.pdf"
    assert f.evidence.actual == err.code and err.detail in f.message.en
    doc = audit([err], policy=policy).documents[0]
    assert doc.file == "dir/hang.pdf" and [x.rule for x in doc.findings] == [unreadable_rule.code]
