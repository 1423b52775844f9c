"""Write the integrity test vectors (docs/integrity.md, "Test vectors").

    python tests/integrity/vectors/make_vectors.py

Records a small history (12 events over three institutions, the clock fixed), seals it
with the committed vector key ``seal-vector.pem`` and exports it; every other vector is
that export with one documented change. ``vectors.json`` names each file, the arguments a
verifier gets and the verdict docs/integrity.md requires (exit code, problem kind and
position). The files are committed: re-running this script makes new ids and
signatures, so the vectors change (the verdicts do not).
"""

from __future__ import annotations

import base64
import copy
import json
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from gtt_domain import GttApplication
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution, RenameInstitution
from gtt_domain.integrity import export_events, load_private_key, seal
from gtt_domain.integrity.canonical import seal_message
from gtt_domain.integrity.receipt import receipt_record
from gtt_domain.integrity.store import SealRow

HERE = Path(__file__).resolve().parent


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def lines_of(app: GttApplication) -> list[dict]:
    with tempfile.TemporaryFile("w+", encoding="utf-8") as f:
        export_events(app, f)
        f.seek(0)
        return [json.loads(line) for line in f]


def write(name: str, records: list[dict], raw_lines: list[str] | None = None) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)
    if raw_lines is not None:
        text = "".join(raw_lines)
    (HERE / name).write_text(text, encoding="utf-8")


def recount(records: list[dict]) -> list[dict]:
    end = records[-1]
    kinds = [r["record"] for r in records]
    end.update(events=kinds.count("event"), chain_records_without_event=kinds.count("chain"),
               seals=kinds.count("seal"))
    return records


def main() -> None:
    key = load_private_key(HERE / "seal-vector.pem")
    other = load_private_key(HERE / "other-vector.pem")
    with tempfile.TemporaryDirectory() as tmp:
        app = GttApplication(f"sqlite:///{tmp}/v.sqlite3", clock=Clock(), actor="vector")
        ids = [app.handle(RegisterInstitution(kind="school", name=f"School {i}", region="Anxi")) for i in range(3)]
        for i, iid in enumerate(ids):
            app.handle(OpenDepartment(institution_id=iid, name="Welding", teacher_count=3 + i))
        seal(app)  # unsigned seal #1 at position 6
        for i, iid in enumerate(ids):
            app.handle(RenameInstitution(institution_id=iid, name=f"Anxi School {i}"))
        unsigned = lines_of(app)  # 9 events, seal #1 unsigned, 3 unsealed
        row2 = seal(app, key, actor="vector")  # signed seal #2 at position 9
        for iid in ids:
            app.handle(OpenDepartment(institution_id=iid, name="Nursing", teacher_count=2))
        row3 = seal(app, key, actor="vector")  # signed seal #3 at position 12
        signed = lines_of(app)  # 12 events; seals #1 (unsigned, 6), #2 (signed, 9), #3 (signed, 12)
        for row in (row2, row3):
            (HERE / f"receipt-seal-{row.number}.json").write_text(json.dumps(receipt_record(row), indent=2) + "\n")
        app.close()

    write("intact-unsigned.jsonl", unsigned)
    write("intact-signed.jsonl", signed)

    def variant(base: list[dict]) -> list[dict]:
        return copy.deepcopy(base)

    def event(records: list[dict], position: int) -> dict:
        return next(r for r in records if r["record"] == "event" and r["position"] == position)

    v = variant(signed)  # one byte of the stored state at position 5
    e = event(v, 5)
    state = bytearray(base64.b64decode(e["state_b64"]))
    state[10] ^= 1
    e["state_b64"], e["state"] = base64.b64encode(bytes(state)).decode(), None
    write("altered-state.jsonl", v)

    v = variant(signed)  # the event at position 4 is gone, its chain record stays
    i = v.index(event(v, 4))
    v[i] = {"record": "chain", "position": 4, "chain": v[i]["chain"]}
    write("deleted-event.jsonl", recount(v))

    v = variant(signed)  # position 3 has no chain record, later ones do
    event(v, 3)["chain"] = None
    write("inserted-event.jsonl", v)

    v = variant(signed)  # the id of position 7 in upper case, as SQLite would hold it edited
    event(v, 7)["originator_id"] = event(v, 7)["originator_id"].upper()
    write("id-case-changed.jsonl", v)

    v = variant(signed)  # the JSON view says another name than the stored bytes
    event(v, 8)["state"]["name"] = "Somewhere Else"
    write("view-differs.jsonl", v)

    v = variant(signed)  # the row at position 2 was not one the writer could read
    i = v.index(event(v, 2))
    v[i] = {"record": "event", "position": 2, "unreadable": "the state column holds text, not bytes",
            "chain": v[i]["chain"]}
    write("unreadable-row.jsonl", v)

    seal_lines = [r for r in signed if r["record"] == "seal"]
    v = variant(signed)  # seal #2's head rewritten
    next(r for r in v if r["record"] == "seal" and r["number"] == 2)["head"] = "ab" * 32
    write("seal-head-edited.jsonl", v)

    v = [r for r in variant(signed) if not (r["record"] == "seal" and r["number"] == 1)]
    write("seal-missing.jsonl", recount(v))

    v = variant(signed)  # seal #2's signature removed
    s2 = next(r for r in v if r["record"] == "seal" and r["number"] == 2)
    s2["signature"] = s2["public_key"] = None
    write("signature-stripped.jsonl", v)

    v = variant(signed)  # seal #2 re-signed with another key
    s2 = next(r for r in v if r["record"] == "seal" and r["number"] == 2)
    msg = seal_message(s2["number"], s2["position"], s2["count"], bytes.fromhex(s2["head"]),
                       s2["sealed_at"], s2["actor"])
    from cryptography.hazmat.primitives import serialization

    s2["signature"] = base64.b64encode(other.sign(msg)).decode()
    s2["public_key"] = other.public_key().public_bytes(serialization.Encoding.Raw,
                                                       serialization.PublicFormat.Raw).hex()
    write("re-signed.jsonl", v)

    v = variant(signed)  # a null actor: gtt never writes one (format error)
    next(r for r in v if r["record"] == "seal" and r["number"] == 1)["actor"] = None
    write("null-actor.jsonl", v)

    v = variant(signed)  # a null state_b64 (the view may be null, the stored bytes may not)
    event(v, 4)["state_b64"] = None
    write("null-state.jsonl", v)

    v = variant(signed)  # the version as text
    event(v, 4)["version"] = str(event(v, 4)["version"])
    write("version-as-text.jsonl", v)

    v = variant(signed)  # rolled back to seal #1: events after position 6 and seal #2 gone
    v = [r for r in v if not ((r["record"] == "event" and r["position"] > 6)
                              or (r["record"] == "seal" and r["number"] > 1))]
    write("rolled-back.jsonl", recount(v))

    text = (HERE / "intact-signed.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    write("blank-line.jsonl", [], text[:4] + ["\n"] + text[4:])
    write("duplicate-line.jsonl", [], text[:4] + [text[3]] + text[4:])
    # two unchained events swapped (a swap of chained ones is caught by the hashes first)
    plain = (HERE / "intact-unsigned.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert [json.loads(x)["position"] for x in plain[-3:-1]] == [8, 9]
    write("out-of-order.jsonl", [], plain[:-3] + [plain[-2], plain[-3], plain[-1]])
    # seal #1 (position 6) placed after the event at position 7
    at = next(n for n, x in enumerate(text) if '"record":"seal"' in x)
    write("seal-out-of-place.jsonl", [], text[:at] + [text[at + 1], text[at]] + text[at + 2:])
    # chained events 3 and 4 swapped: the chain catches it at the first moved record
    write("swapped-events.jsonl", [], text[:3] + [text[4], text[3]] + text[5:])
    write("truncated.jsonl", [], text[:-1])
    write("empty-file.jsonl", [], [])
    write("no-events.jsonl", [], [text[0], '{"record":"end","events":0,"chain_records_without_event":0,"seals":0}\n'])
    assert seal_lines and SealRow
    print(f"vectors written to {HERE}", file=sys.stderr)


if __name__ == "__main__":
    main()
