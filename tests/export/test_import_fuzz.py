"""Fuzzing the import: a valid export changed at random is refused clearly or imported.

Hypothesis changes, deletes and inserts values and keys at random places of a
valid export (odd numbers, huge strings, lone surrogates, deep nesting, dates
at the ends of the calendar) and edits its text (numbers no double can hold,
``NaN``, cut-off files). Each file goes into a copy of an encrypted data folder
with three children. Whatever comes out must be a refusal (``ImportRejected``
with a Swedish sentence that says nothing changed, and every file of the folder
byte for byte as before) or a valid import (the session can be read, exported
and judged for retention). Any other exception fails the test.

Bounded: the ``import-fuzz`` profile runs 200 examples without deadlines; set
``MINROST_FUZZ_EXAMPLES`` for a longer run.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.export.json_import import ImportRejected, import_file
from app.export.service import ExportRequest, export_session
from app.storage.crypto import KdfParams, Vault
from app.storage.repository import Repository
from tests.export.bad_imports.generate import valid_doc
from tests.export.conftest import add_demo
from tests.export.test_json_io import snapshot

settings.register_profile(
    "import-fuzz",
    max_examples=int(os.environ.get("MINROST_FUZZ_EXAMPLES", "200")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PASSPHRASE = "lösenfras 123"
FAST_KDF = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
BASE = valid_doc()


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            out += _paths(value, (*prefix, n))
    return out


def _at(path: tuple[Any, ...]) -> Any:
    node = BASE
    for part in path:
        node = node[part]
    return node


def _is_time(value: Any) -> bool:
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


PATHS = _paths(BASE)
CONTAINERS = [p for p in PATHS if isinstance(_at(p), dict | list)]
DICTS = [p for p in PATHS if isinstance(_at(p), dict)]
LEAVES = [p for p in PATHS if p and not isinstance(_at(p), dict | list)]
TIMES = [p for p in LEAVES if _is_time(_at(p))]
KEYS = sorted({p[-1] for p in PATHS if p and isinstance(p[-1], str)})


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def _moment(moment: datetime, minutes: int, naive: bool) -> str:
    if naive:
        return moment.isoformat()
    return moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat()


EDGE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\ud800",
        "a\udfffb",
        "x" * 5000,  # a huge string
        "Kl\u0000ättra",
        "9999-12-31",
        "0001-01-01",
        "2101-01-01",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "2100-12-31T23:59:59-23:59",
        "2000-01-01T00:00:00+23:59",
        "2101-01-01T00:00:00+00:00",
        "1999-12-31T23:59:59+00:00",
    ]
)
"""Text at the edges: surrogates, control characters, huge, the calendar's ends."""
ODD_TEXT = st.one_of(
    st.text(max_size=30),
    EDGE_TEXT,
    st.sampled_from(
        [
            "../../etc/passwd",
            "own_x",
            "maths",
            "fun",
            "dont_know",
            "teacher",
            "2026-11-20",
            "grid:maths",
            "min-rost-export",
        ]
    ),
    st.builds(
        _moment,
        st.datetimes(),
        st.integers(min_value=-1439, max_value=1439),
        st.booleans(),
    ),
)
TIME_TEXT = st.builds(
    _moment,
    st.datetimes(),
    st.integers(min_value=-1439, max_value=1439),
    st.booleans(),
) | st.dates().map(date.isoformat)
"""Any time or date of the calendar, with or without an offset."""
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([-1, 0, 1, 2, 3, 1439, 1440, 2**63, 10**25]),
    st.floats(allow_nan=False, allow_infinity=False),
    ODD_TEXT,
    st.just(_nested(25)),
    st.just(list(range(3000))),
    st.recursive(
        st.none() | st.integers() | ODD_TEXT,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=4
            )
        ),
        max_leaves=12,
    ),
)
RAW_LITERALS = [
    "1e400",
    "-1e400",
    "1E-400",
    "0.5",
    "-0",
    "1" + "0" * 40,
    "9" * 4000,
    "NaN",
    "Infinity",
    "true",
    "null",
    '"\\ud800"',
    '"\\u0000"',
    "[" * 40 + "]" * 40,
]
NUMBER = re.compile(r"(?<=: )-?[0-9]+")
OBJECT = re.compile(r"\{(?=\n)")


def _resolve(doc: Any, path: tuple[Any, ...]) -> tuple[Any, Any] | None:
    """(the container, the key) of ``path`` in ``doc``, or None if it is gone."""
    node = doc
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    if not path or not isinstance(node, dict | list):
        return None
    last = path[-1]
    if isinstance(node, dict) and last in node:
        return node, last
    if isinstance(node, list) and isinstance(last, int) and last < len(node):
        return node, last
    return None


@st.composite
def mutated(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """A valid export with 1–4 random changes; also the long strings it put in."""
    doc = valid_doc()
    inserted: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        op = draw(st.sampled_from(["set", "delete", "insert", "time", "extra"]))
        if op in ("insert", "extra"):
            # "extra": an unknown key, half the time in the session (where an
            # earlier version kept them unchecked).
            where = draw(st.sampled_from(CONTAINERS if op == "insert" else DICTS))
            if op == "extra" and draw(st.booleans()):
                where = ("session",)
            found = _resolve(doc, where)
            target = doc if found is None else found[0][found[1]]
            value = copy.deepcopy(draw(EDGE_TEXT | ODD_VALUES))
            if isinstance(target, dict):
                key = draw(st.sampled_from(KEYS) | st.text(max_size=60))
                target[key] = value
                inserted.append(key)
            elif isinstance(target, list):
                target.insert(draw(st.integers(0, len(target))), value)
        else:
            paths = TIMES if op == "time" else LEAVES + CONTAINERS
            found = _resolve(doc, draw(st.sampled_from(paths)))
            if found is None:
                continue
            if op == "delete":
                del found[0][found[1]]
                continue
            like = found[0][found[1]]
            if op == "time":
                odd = EDGE_TEXT | TIME_TEXT
            elif isinstance(like, str):
                odd = EDGE_TEXT | ODD_TEXT | ODD_VALUES
            else:
                odd = ODD_VALUES
            value = copy.deepcopy(draw(odd))
            found[0][found[1]] = value
        if isinstance(value, str):
            inserted.append(value)
    text = json.dumps(doc, sort_keys=True, indent=2)  # \u escapes keep surrogates
    if draw(st.integers(0, 3)) == 0:
        # A key of its own with a literal no double or schema may hold.
        openings = [m.end() for m in OBJECT.finditer(text)]
        session = text.find('"session": {')
        if session >= 0 and draw(st.booleans()):
            openings = [session + len('"session": {')]
        opening = draw(st.sampled_from(openings))
        raw = draw(st.sampled_from(RAW_LITERALS))
        text = f'{text[:opening]}"zz_future": {raw},{text[opening:]}'
    if draw(st.booleans()):
        numbers = list(NUMBER.finditer(text))
        if numbers:
            hit = draw(st.sampled_from(numbers))
            raw = draw(st.sampled_from(RAW_LITERALS))
            text = text[: hit.start()] + raw + text[hit.end() :]
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    data = text.encode("utf-8")
    return data, [s for s in inserted if len(s) > 40]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An encrypted data folder with three invented children, copied per example."""
    folder = tmp_path_factory.mktemp("fuzz") / "data"
    vault, _ = Vault.create(folder, PASSPHRASE, recovery=False, kdf=FAST_KDF)
    add_demo(Repository(folder, vault=vault), count=3)
    return folder


@settings(settings.get_profile("import-fuzz"))
@given(case=mutated(), as_copy=st.booleans())
def test_a_mutated_export_is_refused_clearly_or_imported_validly(
    template, case, as_copy
):
    """Any change to an export: a Swedish refusal that changed no byte, or a
    session that reads, exports and counts for retention; never another error."""
    data, long_inputs = case
    with tempfile.TemporaryDirectory(prefix="minrost-fuzz-") as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(template, folder)
        repo = Repository(folder, vault=Vault.unlock(folder, PASSPHRASE))
        before = snapshot(folder)
        try:
            result = import_file(repo, data, as_copy=as_copy)
        except ImportRejected as refused:
            message = refused.msg_sv
            assert "nget har ändrats" in message
            assert message.endswith(".")
            assert len(message) < 400
            for long_input in long_inputs:
                assert long_input[:41] not in message
            assert snapshot(folder) == before
            event("refused")
            return
        event("imported")
        session = repo.get_session(result.child_id, result.session_id)
        assert session.child_id == result.child_id
        when = datetime(2026, 12, 1, tzinfo=UTC)
        export_session(
            repo,
            result.child_id,
            result.session_id,
            ExportRequest(fmt="json", now=when),
        )
        export_session(
            repo,
            result.child_id,
            result.session_id,
            ExportRequest(fmt="text", now=when),
        )
        repo.past_retention()
        assert len(repo.list_children()) == 4
