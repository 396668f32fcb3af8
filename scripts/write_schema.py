"""Regenerate data/syllabus.schema.json from the model: python -m scripts.write_schema"""

import json
from pathlib import Path

from extractors.model import syllabus_json_schema

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "syllabus.schema.json"


def schema_text() -> str:
    return json.dumps(syllabus_json_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
