"""The hashed bytes are pinned (a documented test vector) and the standalone verifier's
independent implementation agrees with the library's for any input. No I/O."""

from __future__ import annotations

import importlib.util
import uuid

from hypothesis import given
from hypothesis import strategies as st
from integrity_history import TOOL

from gtt_domain.integrity import GENESIS, chain_hash, seal_message

spec = importlib.util.spec_from_file_location("gtt_verify_tool", TOOL)
assert spec is not None and spec.loader is not None
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)

OID = "00000000-0000-0000-0000-000000000001"
TOPIC = "gtt_domain.domain.institution:Institution.Registered"


def test_documented_vector():
    """docs/integrity.md "Test vector" (computed with openssl over the spelled-out bytes)."""
    first = chain_hash(GENESIS, 1, OID, 1, TOPIC, b"{}")
    assert first.hex() == "ccb237f203224a53300fa58bcc4a38998df1b006296b3e18f8f67ea9a892d0dc"
    second = chain_hash(first, 2, uuid.UUID(OID), 2, "t", b"")
    assert second.hex() == "30620728253d1dd77f854473c4b1d4a554b7635dbf5c491b47ff2bdf34034de2"


def test_every_field_counts():
    base = chain_hash(GENESIS, 1, OID, 1, TOPIC, b"{}")
    variants = [
        chain_hash(bytes([1]) + GENESIS[1:], 1, OID, 1, TOPIC, b"{}"),
        chain_hash(GENESIS, 2, OID, 1, TOPIC, b"{}"),
        chain_hash(GENESIS, 1, OID.replace("1", "2"), 1, TOPIC, b"{}"),
        chain_hash(GENESIS, 1, OID, 2, TOPIC, b"{}"),
        chain_hash(GENESIS, 1, OID, 1, TOPIC + "x", b"{}"),
        chain_hash(GENESIS, 1, OID, 1, TOPIC, b"{ }"),
    ]
    assert base not in variants and len(set(variants)) == len(variants)


def test_length_prefixes_keep_fields_apart():
    assert chain_hash(GENESIS, 1, "ab", 1, "c", b"") != chain_hash(GENESIS, 1, "a", 1, "bc", b"")
    assert chain_hash(GENESIS, 1, "a", 1, "b", b"c") != chain_hash(GENESIS, 1, "a", 1, "bc", b"")


@given(prev=st.binary(min_size=32, max_size=32), position=st.integers(1, 2**62),
       oid=st.uuids().map(str) | st.text(min_size=1, max_size=40),
       version=st.integers(1, 2**40), topic=st.text(max_size=80), state=st.binary(max_size=300))
def test_standalone_verifier_hashes_the_same(prev, position, oid, version, topic, state):
    assert tool.link(prev, position, oid, version, topic, state) == chain_hash(
        prev, position, oid, version, topic, state)


@given(number=st.integers(1, 10**6), position=st.integers(0, 2**40), count=st.integers(0, 2**40),
       head=st.binary(min_size=32, max_size=32), actor=st.text(max_size=40))
def test_standalone_verifier_signs_the_same_text(number, position, count, head, actor):
    seal = {"number": number, "position": position, "count": count, "head": head.hex(),
            "sealed_at": "2025-01-01T08:00:00+00:00", "actor": actor}
    assert tool.signed_text(seal) == seal_message(number, position, count, head,
                                                  seal["sealed_at"], actor)


@given(st.uuids())
def test_the_fast_id_reading_matches_str_of_the_uuid(u):
    """verify reads SQLite's stored hex (and PostgreSQL's UUIDs) without building UUIDs;
    the chain must hash exactly ``str(UUID)`` as before. Any other spelling (upper case,
    hyphens in SQLite's text column) is refused, not normalised: replay would not find it
    (issue 16)."""
    from gtt_domain.integrity.store import canonical_id

    assert canonical_id(u.hex) == canonical_id(u) == str(u)
    assert canonical_id(u.hex.upper()) is None and canonical_id(str(u)) is None


_EVENTS = st.lists(st.tuples(st.uuids(), st.integers(1, 2**40), st.text(min_size=1, max_size=40),
                             st.binary(max_size=300)), min_size=1, max_size=12)


def _rows(events: list[tuple[uuid.UUID, int, str, bytes]]) -> tuple[list[tuple], list[bytes]]:
    """Rows as verify's fast path reads them, with the chain the library computes."""
    prev, rows, chain = GENESIS, [], []
    for pos, (oid, version, topic, state) in enumerate(events, start=3):
        prev = chain_hash(prev, pos, oid, version, topic, state)
        chain.append(prev)
        rows.append((pos, oid.hex, version, topic, state))
    return rows, chain


@given(_EVENTS, st.data())
def test_the_fast_run_hashes_the_same_bytes_as_chain_hash(events, data):
    """Checker.run (one struct call per event, issue 18) agrees with chain_hash, multibyte
    topics included, and names the same first altered position as Checker.event."""
    from gtt_domain.integrity.check import Checker

    rows, chain = _rows(events)
    ids = {r[1]: str(uuid.UUID(r[1])).encode() for r in rows}
    fast = Checker()
    fast.run(rows, chain, ids)
    assert (fast.count, fast.prev, fast.position, fast.problem) == (len(rows), chain[-1], rows[-1][0], None)
    bad = data.draw(st.integers(0, len(rows) - 1))
    altered = [r if i != bad else (*r[:4], r[4] + b"x") for i, r in enumerate(rows)]
    fast, slow = Checker(), Checker()
    fast.run(altered, chain, ids)
    for (pos, oid, version, topic, state), recorded in zip(altered, chain, strict=True):
        slow.event(pos, str(uuid.UUID(oid)), version, topic, state, recorded)
    assert fast.problem == slow.problem and fast.problem is not None
    assert fast.problem.position == altered[bad][0]
