"""What ``syllabus-audit rules`` needs of the policy, kept between processes (issue 13).

Listing the rules under a policy needs its validated ``[rules]`` table (select, ignore, severity)
and nothing else: which rules it chooses, and at which severity, the registry works out from the
table (``checks.registry.rules_chosen``), as for a check. Validating a policy takes pydantic and the
models of ``checks.policy``, about 150 ms of the command's start-up, for a table that stays the same
until a file or the code changes. So the table a validation gave is kept as JSON in the user's
cache folder (``extractors.kept``), named by a digest of everything the validation depends on: the
bytes of the default policy and of the user's file, the sources of the code that parses and
validates them (``checks/policy_files.py``, ``checks/policy.py``, ``extractors/limits.py``), and
pydantic's and Python's versions. A change to any of them names another file, so the policy is
validated again by pydantic, exactly as a check validates it, with the same errors.

Only a policy that passed is kept: a bad one is validated, and refused, every time. The rule set is
not part of the name: the registry resolves the kept table's codes, names and groups on every run,
so a table naming a rule that no longer exists is refused as before. A kept file that is missing,
unreadable or not a table of the expected shape is ignored and the policy validated; a cache folder
that cannot be written only means validating again next time.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from checks.finding_enums import Severity
from checks.policy_files import DEFAULT_POLICY_PATH, PolicyError
from extractors import kept

if TYPE_CHECKING:
    from checks.policy import RulesPolicy

__all__ = ["PolicyError", "PolicyRules", "policy_rules"]

# Bump when the kept table's layout changes (the code's own sources name the file too).
_KEPT_FORMAT = b"policy-rules 1"

_HERE = Path(__file__).resolve().parent
# The code whose change may change what a policy file validates to. extractors.limits holds the
# [limits] model (checks.policy imports it); its path is found beside extractors.kept, which is
# imported already, since importing extractors.limits would import pydantic.
_SCHEMA_SOURCES = (_HERE / "policy_files.py", _HERE / "policy.py", Path(kept.__file__).resolve().with_name("limits.py"))


@dataclass(frozen=True)
class PolicyRules:
    """A policy's validated ``[rules]`` table (a ``checks.registry.RuleChoices``), and the file
    named when it names no rule: the last one merged, as in ``Policy.sources``."""

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    severity: Mapping[str, str]
    source: str

    @classmethod
    def of(cls, rules: RulesPolicy, source: str) -> PolicyRules:
        return cls(tuple(rules.select), tuple(rules.ignore), MappingProxyType(dict(rules.severity)), source)

    def as_record(self) -> dict[str, Any]:
        return {"select": list(self.select), "ignore": list(self.ignore), "severity": dict(self.severity)}


def policy_rules(user_file: str | Path | None = None, *, folder: Path | None = None) -> PolicyRules:
    """The ``[rules]`` table of ``load_policy(user_file)``: kept from an earlier validation of the
    same files by the same code, or validated now (a bad policy raises ``PolicyError`` as
    ``load_policy`` does). ``folder``: where tables are kept (default: the user's cache folder)."""
    source = str(DEFAULT_POLICY_PATH) if user_file is None else str(user_file)
    try:
        default = DEFAULT_POLICY_PATH.read_bytes()
        user = None if user_file is None else Path(user_file).read_bytes()
    except OSError:
        # a file that cannot be read: load_policy says which and why, in its words
        from checks.policy import load_policy

        return PolicyRules.of(load_policy(user_file).rules, source)
    kept_at = _kept_file(default, user, folder)
    value = kept.read(kept_at, _is_table) if kept_at is not None else None
    if value is not None:
        return PolicyRules(tuple(value["select"]), tuple(value["ignore"]),
                           MappingProxyType(dict(value["severity"])), source)
    from checks.policy import policy_from_bytes  # pydantic: only when nothing valid is kept

    # the very bytes the kept file is named by, so a file changed meanwhile is never kept as this one
    policy = policy_from_bytes(default, None if user_file is None or user is None else (user_file, user))
    rules = PolicyRules.of(policy.rules, source)
    if kept_at is not None:
        kept.keep(kept_at, rules.as_record())
    return rules


def _kept_file(default: bytes, user: bytes | None, folder: Path | None) -> Path | None:
    """Named by the files, the code that validates them and the versions it runs on; None (validate
    every time) when that code cannot be read, e.g. from a zip."""
    try:
        code = [source.read_bytes() for source in _SCHEMA_SOURCES]
        pydantic_version = _pydantic_version()
    except OSError:
        return None
    if pydantic_version is None:
        return None
    # b"-" for no user file: the lengths kept.kept_file hashes first tell it from an empty file
    parts = [_KEPT_FORMAT, sys.version.encode(), pydantic_version, *code, default, b"-" if user is None else b"+" + user]
    return kept.kept_file("policy-rules", parts, folder)


def _pydantic_version() -> bytes | None:
    """pydantic's version module, which names its version and the pydantic-core it requires: read
    as a file, since importing pydantic is the cost this module saves (importlib.metadata, ~20 ms)."""
    spec = importlib.util.find_spec("pydantic")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).with_name("version.py").read_bytes()


def _is_table(value: Any) -> bool:
    severities = {s.value for s in Severity}
    return (isinstance(value, dict) and set(value) == {"select", "ignore", "severity"}
            and all(isinstance(value[k], list) and all(isinstance(s, str) for s in value[k]) for k in ("select", "ignore"))
            and isinstance(value["severity"], dict)
            and all(isinstance(k, str) and v in severities for k, v in value["severity"].items()))
