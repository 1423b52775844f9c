"""Chinese help for tamper evidence without trust gaps (issue 16: ``gtt audit seal
--receipt``, ``gtt audit verify --receipt/--signed-from/--snapshots``). Merged into
:mod:`gtt_cli.help_zh` by its explicit list."""

from __future__ import annotations

PARAGRAPHS: dict[str, str] = {
    "The seal holds the last position, the number of events and the chain's head hash. With --key (or "
    "$GTT_SEAL_KEY) it is signed with that Ed25519 private key; keep the key off the database host and give "
    "auditors the public key. With --receipt it also writes the seal's receipt to a new file: keep it outside "
    "the store (mail it to the auditor, WORM storage); verify --receipt then fails if the log was rolled back "
    "past this seal.":
        "封存记录包含最后位置、事件数和哈希链头部的哈希值。给出 --key（或 $GTT_SEAL_KEY）时用该 Ed25519 私钥签名；"
        "私钥不要放在数据库主机上，把公钥交给审计人员。给出 --receipt 时还会把封存回执写入一个新文件：请将其保存在存储之外"
        "（邮寄给审计人员、写入一次性存储）；此后若日志被回滚到该封存之前，verify --receipt 即告失败。",
    "Exit 0: intact. Exit 1: tampered, naming the first bad position: a stored event was edited, deleted, "
    "inserted or moved before the last seal, a seal or signature does not hold, the log no longer holds what "
    "a --receipt sealed (rollback), or (--snapshots) a snapshot disagrees with its events. Exit 2: cannot be "
    "verified: a row gtt would not write, signed seals without a public key, an empty store or a file that is "
    "not one. Events after the last seal are reported as unsealed (not an error). With --public-key (or "
    "$GTT_SEAL_PUBLIC_KEY) every seal must be signed by a given key (--signed-from N: those before seal N "
    "predate signing).":
        "退出码 0：完整。退出码 1：被篡改，并指出第一个出错位置：最后一次封存之前的事件被修改、删除、插入或移动，"
        "封存记录或签名不成立，日志不再包含某个 --receipt 所封存的内容（回滚），或（--snapshots）某个快照与其事件不符。"
        "退出码 2：无法校验：存在 gtt 不会写入的行、封存已签名但未给出公钥、存储为空或文件根本不是存储。"
        "最后一次封存之后的事件报告为未封存（不算错误）。给出 --public-key（或 $GTT_SEAL_PUBLIC_KEY）时，"
        "每个封存记录都必须由给定的密钥签名（--signed-from N：编号小于 N 的封存早于启用签名）。",
}

OPTIONS: dict[str, str] = {
    "Write the seal's receipt to this new file (never overwritten).": "把封存回执写入此新文件（从不覆盖）。",
    "A seal receipt (from seal --receipt) the log must still contain; repeatable.":
        "日志必须仍然包含的封存回执（由 seal --receipt 生成）；可重复。",
    "With a public key, seals numbered below this may be unsigned (made before signing began).":
        "给出公钥时，编号小于此值的封存可以未签名（启用签名之前所做）。",
    "Also compare every stored snapshot with the replay of its events.": "同时将每个已存快照与其事件的重放结果比对。",
    "With --snapshots: delete the snapshots that disagree (the verdict stays TAMPERED).":
        "配合 --snapshots：删除不相符的快照（结论仍为“被篡改”）。",
}
