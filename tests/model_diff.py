"""Field-by-field differences between two provenance-free models, as readable paths."""

from __future__ import annotations


def model_diff(expected, actual, path: str = "") -> list[str]:
    out: list[str] = []
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            out += model_diff(expected.get(key), actual.get(key), f"{path}.{key}")
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            out.append(f"{path}: {len(expected)} items expected, {len(actual)} extracted")
        for i, (e, a) in enumerate(zip(expected, actual)):
            out += model_diff(e, a, f"{path}[{i}]")
    elif expected != actual:
        out.append(f"{path}: expected {expected!r}, extracted {actual!r}")
    return out
