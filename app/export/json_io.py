"""The JSON export and import, under their earlier module name.

The code lives in ``app.export.json_export`` (writing), ``app.export.import_schema``
(the declared schema) and ``app.export.json_import`` (reading and storing);
this module keeps the earlier names importable.
"""

from __future__ import annotations

from app.export.import_schema import UNKNOWN_PICTURE, pictogram_ids
from app.export.json_export import FORMAT_NAME, FORMAT_VERSION, dumps, export_doc
from app.export.json_import import (
    MAX_BYTES,
    MAX_DEPTH,
    NOTHING_CHANGED,
    Imported,
    ImportRejected,
    ImportResult,
    check_source,
    import_checked,
    import_file,
    parse,
    read_source,
    validate,
    validate_export,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_BYTES",
    "MAX_DEPTH",
    "NOTHING_CHANGED",
    "UNKNOWN_PICTURE",
    "ImportRejected",
    "ImportResult",
    "Imported",
    "check_source",
    "dumps",
    "export_doc",
    "import_checked",
    "import_file",
    "parse",
    "pictogram_ids",
    "read_source",
    "validate",
    "validate_export",
]
