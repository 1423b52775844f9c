#!/usr/bin/env python3
"""Verify a ``gtt export events --format jsonl`` file without gtt-domain.

Needs only the Python standard library and, for signed seals, the ``cryptography``
package. It re-implements the checks of docs/integrity.md independently of the library,
so an auditor can run code that shares nothing with the system that wrote the log.

    python gtt_verify.py export.jsonl [--public-key seal.pub]... [--receipt seal.json]... [--json]

Exit codes: 0 the log matches its chain, seals and receipts (unsealed events are
reported, not an error); 1 tampering found (the first bad position is named); 2 the
file is not a complete export in a known format, or the log cannot be verified (a row
the writer could not have written, signed seals but no --public-key, no event at all).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import struct
import sys
import zlib

FORMAT, FORMAT_VERSION, CANON, HASH = "gtt-event-log", 1, "gtt-chain-v1", "sha256"
RECEIPT_FORMAT = "gtt-seal-receipt"
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HEX64 = re.compile(r"[0-9a-f]{64}")
#: verdicts that mean "cannot be verified" (exit 2) rather than "tampered" (exit 1)
UNVERIFIABLE = ("untrusted", "unreadable")


class BadExport(Exception):
    """The file is not a complete export this verifier understands (exit 2)."""


class Tampered(Exception):
    def __init__(self, position, kind, detail):
        super().__init__(f"position {position}: {kind}: {detail}")
        self.position, self.kind, self.detail = position, kind, detail


def link(prev, position, originator_id, version, topic, state):
    """SHA-256(prev | q position | q version | I len id | id | I len topic | topic | Q len state | state)."""
    oid, t = originator_id.encode("utf-8"), topic.encode("utf-8")
    h = hashlib.sha256(prev)
    h.update(struct.pack(">qqI", position, version, len(oid)))
    h.update(oid)
    h.update(struct.pack(">I", len(t)))
    h.update(t)
    h.update(struct.pack(">Q", len(state)))
    h.update(state)
    return h.digest()


def need(r, name, kinds, nullable=False):
    """The field, of one of ``kinds`` (never a bool), else the record is malformed (exit 2)."""
    value = r.get(name)
    if value is None and nullable and name in r:
        return None
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise BadExport(f"malformed {r.get('record')} record (field {name!r})")
    return value


def need_hex64(r, name, nullable=False):
    value = need(r, name, str, nullable)
    if value is not None and not HEX64.fullmatch(value):
        raise BadExport(f"malformed {r.get('record')} record ({name!r} is not 64 lower-case hex digits)")
    return value


def check_seal_fields(r):
    for name in ("number", "position", "count"):
        need(r, name, int)
    need_hex64(r, "head")
    need(r, "sealed_at", str)
    need(r, "actor", str)  # gtt never writes a null actor; the signed text has no rendering for one
    sig, pub = need(r, "signature", str, True), need(r, "public_key", str, True)
    if (sig is None) != (pub is None):
        raise BadExport("malformed seal record ('signature' and 'public_key' must both be null or both set)")


def signed_text(seal):
    fields = [seal["number"], seal["position"], seal["count"], seal["head"], seal["sealed_at"],
              seal["actor"]]
    return b"gtt-seal-v1\n" + "\n".join(str(f) for f in fields).encode("utf-8")


def load_public_key(path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    data = open(path, "rb").read()
    if b"PRIVATE KEY" in data:
        key = serialization.load_pem_private_key(data, password=None).public_key()
    elif data.lstrip().startswith(b"-----BEGIN"):
        key = serialization.load_pem_public_key(data)
    elif len(data) == 32:
        key = ed25519.Ed25519PublicKey.from_public_bytes(data)
    else:
        key = ed25519.Ed25519PublicKey.from_public_bytes(bytes.fromhex(data.decode().strip()))
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise BadExport(f"{path}: not an Ed25519 key")
    return key


def raw_key(key):
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def signature_status(seal, trusted):
    if seal["signature"] is None:
        return "unsigned", None
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ed25519

    embedded = bytes.fromhex(seal["public_key"] or "")
    if len(embedded) != 32:
        return "invalid", None
    fp = hashlib.sha256(embedded).hexdigest()
    if trusted and fp not in trusted:
        return "other-key", fp
    key = trusted.get(fp) or ed25519.Ed25519PublicKey.from_public_bytes(embedded)
    try:
        key.verify(base64.b64decode(seal["signature"], validate=True), signed_text(seal))
    except InvalidSignature:
        return "invalid", fp
    return ("valid" if trusted else "valid-untrusted"), fp


def view_matches(raw, view):
    """The decoded JSON view, when given, must say what the stored bytes say."""
    for decode in (lambda b: b, zlib.decompress):
        try:
            return json.loads(decode(raw)) == view
        except (ValueError, zlib.error):
            continue
    return False


class Verifier:
    def __init__(self, trusted, receipts=(), signed_from=1):
        self.signed_from = signed_from  # with keys, seals from this number on must be signed
        self.trusted = trusted  # fingerprint -> key; empty: signatures checked against embedded keys
        self.prev = bytes(32)
        self.count = self.sealed_count = 0
        self.position = 0
        self.last_record = 0  # position of the last event or chain line (order check)
        self.gap_from = None  # first event without a chain record
        self.after_seal_from = None
        self.seals = []
        self.first_signed = None
        receipts = sorted(receipts, key=lambda r: (r["position"], r["number"]))
        self.pending = [r for r in receipts if r["count"] > 0]  # not reached by the chain yet
        self.unseen = {r["number"]: r for r in receipts}  # seals not met yet

    def in_order(self, position):
        if position <= self.last_record:
            raise BadExport(f"position {position} does not follow position {self.last_record} "
                            "(records out of order or repeated)")
        self.last_record = position

    def receipts_before(self, position):
        if self.pending and self.pending[0]["position"] < position:
            r = self.pending[0]
            raise Tampered(r["position"], "rollback", f"receipt {r['source']} sealed {r['count']} event(s) "
                           f"up to position {r['position']} (seal #{r['number']}); the log has no event there")

    def receipts_at(self, position):
        while self.pending and self.pending[0]["position"] == position:
            r = self.pending.pop(0)
            if (r["count"], r["head"]) != (self.count, self.prev.hex()):
                raise Tampered(position, "rollback", f"receipt {r['source']} sealed {r['count']} event(s) "
                               f"up to here; the log now holds {self.count} with another head "
                               "(rewritten or rolled back)")

    def no_gap(self):
        if self.gap_from is not None:
            raise Tampered(self.gap_from, "inserted", "event has no chain record although later "
                           "positions do (inserted, or its chain record was removed)")

    def event(self, r):
        position = need(r, "position", int)
        self.in_order(position)
        self.receipts_before(position)
        chain = need_hex64(r, "chain", True)
        if "unreadable" in r:  # the writer found a row it could not have written
            if chain is not None:
                self.no_gap()
            raise Tampered(position, "unreadable", str(r["unreadable"]))
        oid, version, topic = need(r, "originator_id", str), need(r, "version", int), need(r, "topic", str)
        state = base64.b64decode(need(r, "state_b64", str), validate=True)
        if not UUID_TEXT.fullmatch(oid):
            if chain is not None:
                self.no_gap()
            raise Tampered(position, "altered", f"originator_id {oid[:40]!r} is not a lower-case UUID "
                           "as gtt writes it; replay would not find this event")
        h = link(self.prev, position, oid, version, topic, state)
        if r["chain"] is None:
            self.gap_from = self.gap_from if self.gap_from is not None else r["position"]
        else:
            self.no_gap()
            if h.hex() != r["chain"]:
                raise Tampered(r["position"], "altered", "stored event differs from the chained one")
        if r.get("state") is not None and not view_matches(state, r["state"]):
            raise Tampered(r["position"], "view", "the decoded 'state' view differs from the stored bytes")
        self.prev, self.count, self.position = h, self.count + 1, r["position"]
        if self.after_seal_from is None:
            self.after_seal_from = r["position"]
        self.receipts_at(position)

    def chain(self, r):
        self.in_order(need(r, "position", int))
        need_hex64(r, "chain")
        self.no_gap()
        self.receipts_before(r["position"])
        raise Tampered(r["position"], "deleted", "a chained event is missing from the store")

    def seal(self, r):
        check_seal_fields(r)
        if r["position"] < self.last_record:
            raise BadExport(f"seal at position {r['position']} after position {self.last_record} "
                            "(records out of order)")
        self.no_gap()
        if r["number"] != len(self.seals) + 1:
            raise Tampered(r["position"], "seal", f"seal #{len(self.seals) + 1} is missing")
        if (r["position"], r["count"], r["head"]) != (self.position, self.count, self.prev.hex()):
            raise Tampered(r["position"], "seal", f"seal #{r['number']} does not match the "
                           f"{self.count} events up to here")
        held = self.unseen.pop(r["number"], None)
        if held is not None:
            fields = ("number", "position", "count", "head", "sealed_at", "actor")
            if (held["signature"], held["public_key"]) != (r["signature"], r["public_key"]):
                raise Tampered(r["position"], "signature", f"seal #{r['number']} differs from receipt "
                               f"{held['source']} in its signature (signature removed or re-signed)")
            if any(held[f] != r[f] for f in fields):
                raise Tampered(r["position"], "seal", f"seal #{r['number']} differs from receipt "
                               f"{held['source']} in its fields (edited)")
        status, fp = signature_status(r, self.trusted)
        self.seals.append({"number": r["number"], "position": r["position"], "count": r["count"],
                           "head": r["head"], "sealed_at": r["sealed_at"], "actor": r["actor"],
                           "signature": status, "key_fingerprint": fp})
        if status in ("invalid", "other-key"):
            raise Tampered(r["position"], "signature", f"seal #{r['number']}: signature {status}")
        if status == "unsigned" and self.trusted and r["number"] >= self.signed_from:
            raise Tampered(r["position"], "signature", f"seal #{r['number']} is unsigned but a public "
                           "key was given (signature removed?)")
        if status != "unsigned" and self.first_signed is None:
            self.first_signed = r["number"]
        self.sealed_count, self.after_seal_from = self.count, None

    def finish(self):
        if self.pending:
            r = self.pending[0]
            raise Tampered(r["position"], "rollback", f"receipt {r['source']} sealed {r['count']} event(s) "
                           f"up to position {r['position']} (seal #{r['number']}); the log now ends at "
                           f"position {self.position} with {self.count} event(s) (rolled back)")
        if self.unseen:
            r = self.unseen[min(self.unseen)]
            raise Tampered(r["position"], "rollback", f"seal #{r['number']} of receipt {r['source']} is "
                           "missing (rolled back)")
        if not self.trusted and self.first_signed is not None:
            first = self.seals[self.first_signed - 1]
            raise Tampered(first["position"], "untrusted", f"seal #{first['number']} is signed but no "
                           "public key was given; a key stored beside a seal proves nothing")
        if self.trusted and (not self.seals or self.seals[-1]["signature"] != "valid"):
            where = self.seals[-1]["position"] if self.seals else 0
            raise Tampered(where, "signature", "a public key was given but the last seal is not signed")


def check(lines, trusted, receipts=(), signed_from=1):
    """Return the report as a dict (``ok``, ``problem``, ``seals``, ``unsealed``, ``exit_code`` …)."""
    v = Verifier(trusted, receipts, signed_from)
    report = {"ok": True, "problem": None}
    counts = {"event": 0, "chain": 0, "seal": 0}
    header = end = None
    try:
        n = 0
        for n, line in enumerate(lines, 1):
            if not line.strip():
                raise BadExport(f"line {n}: blank line")
            try:
                r = json.loads(line)
                kind = r["record"]
            except (ValueError, KeyError, TypeError):
                raise BadExport(f"line {n}: not a record") from None
            if end is not None:
                raise BadExport(f"line {n}: record after the end line")
            if header is None:
                if kind != "header":
                    raise BadExport("the first line is not the header")
                header = r
                known = (r.get("format"), r.get("format_version"), r.get("hash"), r.get("canonicalisation"))
                if known != (FORMAT, FORMAT_VERSION, HASH, CANON) or r.get("genesis") != "00" * 32:
                    raise BadExport(f"unknown export format {known}")
                continue
            if kind == "end":
                end = r
                continue
            if kind not in counts:
                raise BadExport(f"line {n}: unknown record {kind!r}")
            counts[kind] += 1
            try:
                getattr(v, kind)(r)
            except BadExport as e:
                raise BadExport(f"line {n}: {e}") from None
            except (KeyError, TypeError, ValueError) as e:
                raise BadExport(f"line {n}: malformed {kind} record ({e})") from None
        if header is None:
            raise BadExport("empty file: not an export")
        if end is None:
            raise BadExport("no end line: the export is incomplete")
        if (end.get("events"), end.get("chain_records_without_event"), end.get("seals")) != (
                counts["event"], counts["chain"], counts["seal"]):
            raise BadExport("the end line's counts do not match the records: the export is incomplete")
        v.finish()
    except Tampered as t:
        report.update(ok=False, problem={"position": t.position, "kind": t.kind, "detail": t.detail})
    report.update(events=v.count, head=v.prev.hex(), seals=v.seals,
                  unsealed=(v.count - v.sealed_count) if report["ok"] else 0)
    report["first_unsealed"] = v.after_seal_from if report["unsealed"] else None
    report["empty"] = report["ok"] and v.count == 0 and not v.seals
    if report["ok"]:
        report["exit_code"] = 2 if report["empty"] else 0
    else:
        report["exit_code"] = 2 if report["problem"]["kind"] in UNVERIFIABLE else 1
    return report


def load_receipt(path):
    """A receipt written by ``gtt audit seal --receipt`` (exit 2 when it is not one)."""
    try:
        with open(path, "rb") as f:
            r = json.loads(f.read(65537).decode("utf-8"))
    except (OSError, ValueError) as e:
        raise BadExport(f"{path}: not a seal receipt ({e})") from None
    if not isinstance(r, dict) or (r.get("format"), r.get("format_version"), r.get("canonicalisation")) != (
            RECEIPT_FORMAT, 1, CANON):
        raise BadExport(f"{path}: not a {RECEIPT_FORMAT} version 1 file")
    r = dict(r, record="seal")
    try:
        check_seal_fields(r)
    except BadExport as e:
        raise BadExport(f"{path}: {e}") from None
    r["source"] = path
    return r


def summary(r):
    if not r["ok"]:
        p = r["problem"]
        verdict = "CANNOT VERIFY" if p["kind"] in UNVERIFIABLE else "TAMPERED"
        return f"{verdict} at position {p['position']} ({p['kind']}): {p['detail']}"
    if r["empty"]:
        return "EMPTY: the store holds no event and no seal; nothing to verify (is this the right store?)"
    last = r["seals"][-1] if r["seals"] else None
    text = f"OK: {r['events']} event(s), " + (
        f"sealed up to position {last['position']} by seal #{last['number']} ({last['signature']})"
        if last else "no seal")
    if r["unsealed"]:
        text += f"; {r['unsealed']} unsealed event(s) from position {r['first_unsealed']}"
    return text


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("export", help="the JSONL export ('-' for standard input)")
    ap.add_argument("--public-key", action="append", default=[],
                    help="Ed25519 public key (PEM, raw 32 bytes or hex) that must have signed the "
                         "seals; repeat after a key rotation")
    ap.add_argument("--receipt", action="append", default=[],
                    help="a seal receipt (gtt audit seal --receipt) the log must still contain; repeatable")
    ap.add_argument("--signed-from", type=int, default=1, metavar="N",
                    help="with --public-key, seals numbered below N may be unsigned (they predate "
                         "signing); default 1: every seal must be signed")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    try:
        trusted = {hashlib.sha256(raw_key(k)).hexdigest(): k
                   for k in (load_public_key(p) for p in args.public_key)}
        receipts = [load_receipt(p) for p in args.receipt]
        stream = sys.stdin if args.export == "-" else open(args.export, encoding="utf-8", newline="\n")
        with stream:
            report = check(stream, trusted, receipts, args.signed_from)
    except (BadExport, OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=2) if args.json else summary(report))
    return report["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
