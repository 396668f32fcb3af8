"""The policy's files and what can be wrong with reading them, without pydantic.

Where the default policy lives, the error that names a bad policy file, and reading a file as TOML.
Apart from ``checks.policy`` (which re-exports all three, the same objects), so that
``syllabus-audit rules`` can read a policy it has validated before (``checks.policy_kept``) without
importing the pydantic models that validate one (issue 13).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_POLICY_PATH", "PolicyError", "parse_toml", "read_toml"]

DEFAULT_POLICY_PATH = Path(__file__).resolve().parent.parent / "data" / "policy.toml"


class PolicyError(ValueError):
    """A policy file that cannot be used: says which file and which key, and why."""

    def __init__(self, file: str, key: str, problem: str):
        self.file = file
        self.key = key
        self.problem = problem
        where = f"{file}: {key}" if key else file
        super().__init__(f"policy {where}: {problem}")


def read_toml(path: Path) -> dict[str, Any]:
    """The file's tables; a ``PolicyError`` naming it when it is missing, unreadable or not TOML."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PolicyError(str(path), "", "file not found") from None
    except OSError as exc:
        raise PolicyError(str(path), "", f"cannot be read ({exc.strerror})") from None
    return parse_toml(path, data)


def parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    """``data``, the bytes of the file at ``path``, as TOML (as ``tomllib.load`` reads a file)."""
    try:
        return tomllib.loads(data.decode())
    except UnicodeDecodeError as exc:  # tomllib.load lets it through: a traceback, not a bad file, before
        raise PolicyError(str(path), "", f"not valid TOML (not UTF-8 text: {exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(str(path), "", f"not valid TOML ({exc})") from None
