"""Chinese help for erasure, policies and masked personal fields (issue 16: ``gtt persons
forget``, ``gtt person erase-personal``, ``gtt show``, ``gtt history``). Merged into
:mod:`gtt_cli.help_zh` by its explicit list."""

from __future__ import annotations

PARAGRAPHS: dict[str, str] = {
    "A person's personal fields are shown as *** to an actor the policy (GTT_POLICY) does not allow to read "
    "them.":
        "对于策略（GTT_POLICY）不允许读取个人信息的记录人，人员的个人信息字段显示为 ***。",
    "Personal fields are shown as *** to an actor the policy (GTT_POLICY) does not allow to read them.":
        "对于策略（GTT_POLICY）不允许读取个人信息的记录人，个人信息字段显示为 ***。",
    "First the facts the audit rules read from the personal data (the person's age on each\nstart date of their "
    "internships) are recorded as an event of their own, so findings and\nscorecards stay as they were; then the "
    "person's key is destroyed and a PersonalDataErased\nevent records your actor, the requester and the legal "
    "basis. The key is then pushed out\nof the database file; if another connection keeps it there, the command "
    "fails: close\nthe other readers and run it again to finish. Asks for confirmation unless --yes.\nSee "
    "docs/privacy.md for exactly what is and is not erased.":
        "先把审计规则从个人信息中读取的事实（该人员在其每次实习开始日的年龄）记录为单独的事件，\n使审计发现和评分保持不变；"
        "然后销毁该人员的专属密钥，并以 PersonalDataErased 事件\n记录你的记录人身份、申请人和法律依据。随后将密钥从数据库文件中清除；"
        "\n若另一连接仍使其留在文件中，命令失败：请关闭其他读取连接后再次运行以完成。\n除非使用 --yes，否则会先请求确认。"
        "\n具体删除和保留的内容见 docs/privacy.md。",
    "Erase a person's personal data (PIPL); the non-personal facts stay, and the facts the audit rules derive "
    "from the personal data (ages on internship start dates) are first recorded as events of their own.":
        "删除一名人员的个人信息（个人信息保护法）；非个人事实保留，审计规则从个人信息推得的事实（实习开始日的年龄）"
        "先记录为单独的事件。",
}

OPTIONS: dict[str, str] = {
    "Who asked for the erasure: a role or case reference, not a name (recorded).":
        "谁申请删除：填写身份或案件编号，不填姓名（会被记录）。",
    "The legal basis of the erasure, e.g. 'PIPL art. 47' (recorded).":
        "删除的法律依据，例如 'PIPL art. 47'（会被记录）。",
    "Do not ask for confirmation.": "不请求确认。",
    "Who asked for the erasure (a role or case reference, not a name).":
        "谁申请删除（填写身份或案件编号，不填姓名）。",
    "The legal basis of the erasure (e.g. PIPL art. 47).": "删除的法律依据（例如 PIPL art. 47）。",
}
