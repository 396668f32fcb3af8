import json

from scripts.write_schema import SCHEMA_PATH, schema_text


def test_committed_json_schema_matches_the_model():
    """data/syllabus.schema.json is the published contract: regenerate it when the model changes
    (python -m scripts.write_schema)."""
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()
    assert json.loads(schema_text())["title"] == "Syllabus"
