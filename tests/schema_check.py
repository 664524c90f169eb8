#!/usr/bin/python3
"""The bundled examples validate against docs/campaign.schema.json, and the
schema rejects an unknown key (so editors flag what tiermix rejects).
Usage: schema_check.py SCHEMA EXAMPLE..."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
for path in sys.argv[2:]:
    campaign = json.load(open(path, encoding="utf-8"))
    jsonschema.validate(campaign, schema)
    campaign["campaign"]["budjet"] = 1
    try:
        jsonschema.validate(campaign, schema)
    except jsonschema.ValidationError:
        print("ok", path)
        continue
    sys.exit(f"{path}: the schema accepts an unknown key")
