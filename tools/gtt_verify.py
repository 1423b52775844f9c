#!/usr/bin/env python3
"""Verify a ``gtt export events --format jsonl`` file without gtt-domain.

Needs only the Python standard library and, for signed seals, the ``cryptography``
package. It re-implements the checks of docs/integrity.md independently of the library,
so an auditor can run code that shares nothing with the system that wrote the log.

    python gtt_verify.py export.jsonl [--public-key seal.pub] [--json]

Exit codes: 0 the log matches its chain and seals (unsealed events are reported, not an
error); 1 tampering found (the first bad position is named); 2 the file is not a
complete export in a known format.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import struct
import sys
import zlib

FORMAT, FORMAT_VERSION, CANON, HASH = "gtt-event-log", 1, "gtt-chain-v1", "sha256"


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
        key.verify(base64.b64decode(seal["signature"]), signed_text(seal))
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
    def __init__(self, trusted):
        self.trusted = trusted  # fingerprint -> key; empty: signatures checked against embedded keys
        self.prev = bytes(32)
        self.count = self.sealed_count = 0
        self.position = 0
        self.gap_from = None  # first event without a chain record
        self.after_seal_from = None
        self.seals = []

    def no_gap(self):
        if self.gap_from is not None:
            raise Tampered(self.gap_from, "inserted", "event has no chain record although later "
                           "positions do (inserted, or its chain record was removed)")

    def event(self, r):
        state = base64.b64decode(r["state_b64"], validate=True)
        h = link(self.prev, r["position"], r["originator_id"], r["version"], r["topic"], state)
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

    def chain(self, r):
        self.no_gap()
        raise Tampered(r["position"], "deleted", "a chained event is missing from the store")

    def seal(self, r):
        self.no_gap()
        if r["number"] != len(self.seals) + 1:
            raise Tampered(r["position"], "seal", f"seal #{len(self.seals) + 1} is missing")
        if (r["position"], r["count"], r["head"]) != (self.position, self.count, self.prev.hex()):
            raise Tampered(r["position"], "seal", f"seal #{r['number']} does not match the "
                           f"{self.count} events up to here")
        status, fp = signature_status(r, self.trusted)
        self.seals.append({"number": r["number"], "position": r["position"], "count": r["count"],
                           "head": r["head"], "sealed_at": r["sealed_at"], "actor": r["actor"],
                           "signature": status, "key_fingerprint": fp})
        if status in ("invalid", "other-key"):
            raise Tampered(r["position"], "signature", f"seal #{r['number']}: signature {status}")
        self.sealed_count, self.after_seal_from = self.count, None

    def finish(self):
        if self.trusted and (not self.seals or self.seals[-1]["signature"] != "valid"):
            where = self.seals[-1]["position"] if self.seals else 0
            raise Tampered(where, "signature", "a public key was given but the last seal is not signed")


def check(lines, trusted):
    """Return the report as a dict (``ok``, ``problem``, ``seals``, ``unsealed`` …)."""
    v = Verifier(trusted)
    report = {"ok": True, "problem": None}
    counts = {"event": 0, "chain": 0, "seal": 0}
    header = end = None
    try:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
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
            except (KeyError, TypeError, ValueError) as e:
                raise BadExport(f"line {n}: malformed {kind} record ({e})") from None
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
    return report


def summary(r):
    if not r["ok"]:
        p = r["problem"]
        return f"TAMPERED at position {p['position']} ({p['kind']}): {p['detail']}"
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
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    try:
        trusted = {hashlib.sha256(raw_key(k)).hexdigest(): k
                   for k in (load_public_key(p) for p in args.public_key)}
        stream = sys.stdin if args.export == "-" else open(args.export, encoding="utf-8")
        with stream:
            report = check(stream, trusted)
    except (BadExport, OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=2) if args.json else summary(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
