"""The service layer: every read and the ingest-then-update sequence, for every face.

The CLI, the JSON export, and later the REST API and the web app call these
functions and hold no query logic of their own. Each read returns typed records
(`service/records.py`) with an `as_dict()` that is the export contract
(docs/export.md); list reads take a `limit` and a `cursor` and return a `Page`.
"""
