"""Chinese help for answering findings, adopting packs and looking ahead (``gtt findings``,
``gtt rules adopt|end-adoption|adoptions``, ``gtt audit upcoming``) and the facts they rest on
(calendars, exemptions, quitting). Merged into :mod:`gtt_cli.help_zh` by its explicit list."""

from __future__ import annotations

PARAGRAPHS: dict[str, str] = {
    "A plan (P1 … P13) or a local pack applies only to what adopted it, from --from to --until (both days "
    "included; open-ended without --until). An institution's adoption covers what it sends, hosts, heads or is "
    "party to; a bureau's, its region; an agreement's, the internships and exchanges run under it; a "
    "community's, the community and its exchanges. Adopting again after an end adds a period.":
        "方案（P1 … P13）或地方规则包只适用于采用它的对象，自 --from 至 --until（两端均含；不给 --until 则不设终止）。"
        "机构的采用覆盖其派出、接收、牵头或作为一方的事项；教育局的采用覆盖其辖区；协议的采用覆盖依该协议开展的实习与交流；"
        "共同体的采用覆盖该共同体及其交流。终止后再次采用即增加一个期间。",
    "Acknowledge a finding.": "确认一条审计发现。",
    "An empty store is filled. A store that already holds the demo is left alone (exit 0); any other non-empty "
    "store is refused unless --fresh, which deletes an SQLite file first. The story declares every breach it "
    "records on purpose (--intent lists them); the summary audits the record as of the demo's last day and "
    "compares the two.":
        "空存储会被填充。已含演示数据的存储保持不变（退出码 0）；其他非空存储会被拒绝，除非使用 --fresh（先删除 SQLite 文件）。"
        "演示故事声明其有意记录的每一项违规（--intent 列出）；摘要按演示最后一天审计记录并对比二者。",
    "Answer audit findings: acknowledge, assign, dispute, waive, remedy, close.":
        "答复审计发现：确认、指派、申诉、豁免、整改、关闭。",
    "Assign a finding to someone to answer, optionally by a date.": "将审计发现指派给某人答复，可指定期限。",
    "Close a finding (answered and checked).": "关闭审计发现（已答复并核实）。",
    "Dispute a finding, with the reason.": "对审计发现提出申诉并说明理由。",
    "Every step is recorded with its actor and time; `gtt audit run` and `gtt findings list` show each "
    "finding's status. A breach stays a finding whatever its status.":
        "每一步都记录操作人和时间；`gtt audit run` 与 `gtt findings list` 显示每条发现的状态。无论状态如何，违规始终是一条发现。",
    "Findings as they stand on --as-of (effective time; default today), using only the events recorded up to "
    "--known-at (what the records said then). Read from the bitemporal fact tables (kept current like every "
    "read table); --replay folds the whole log instead. --pack takes a shipped pack id (see `gtt rules list`) "
    "or a TOML file; repeat it; default: every shipped pack. Exits 3 when a finding still to answer (open, "
    "acknowledged, assigned, disputed, reopened) at or above --fail-on exists. Each finding has a status: "
    "remedied, closed, waived and exempt findings are listed and counted too (`gtt findings` answers them).":
        "按 --as-of（生效时间，默认今天）的情况给出审计发现，只使用截至 --known-at 已记录的事件（当时记录所载）。"
        "从双时态事实表读取（与所有读表一样保持最新）；--replay 则回放整个日志。--pack 接受内置规则包编号（见 `gtt rules list`）"
        "或 TOML 文件，可重复；默认所有内置规则包。存在待答复（未处理、已确认、已指派、申诉中、重新打开）且达到或高于 --fail-on "
        "的发现时退出码为 3。每条发现都有状态：已整改、已关闭、已豁免和已备案豁免的发现也会列出并计数（由 `gtt findings` 答复）。",
    "List findings with their status (default: every status).": "列出审计发现及其状态（默认所有状态）。",
    "List obligations coming due within a span, with the rule that will judge them.":
        "列出一段时间内到期的义务，以及将据以判断的规则。",
    "List which institutions, agreements and communities adopted which packs, and when.":
        "列出哪些机构、协议和共同体在何时采用了哪些规则包。",
    "Looks ahead from --as-of (default today) with the same packs, adoptions and school calendars as `gtt audit "
    "run`: a joint plan due 60 days before a batch (P10-R3), documents and teachers due by a start, a team "
    "report due on 25 September (P5-R2), insurance that ends before the internship does (N-INT-10), this "
    "week's, month's or quarter's cadence not yet met, a school year's funding (P1-R12), evaluations due after "
    "completion.":
        "从 --as-of（默认今天）向前看，使用与 `gtt audit run` 相同的规则包、采用关系和校历：批次前 60 天应有的联合方案（P10-R3）、"
        "开始前应备齐的文件和教师、9 月 25 日前应交的团队报告（P5-R2）、早于实习结束而到期的保险（N-INT-10）、"
        "本周、本月或本季度尚未达到的频次、学年经费（P1-R12）、结束后应做的评价。",
    "National packs apply by law to the scope they name; plans and local packs apply where an institution, "
    "agreement or community adopted them (`gtt rules adopt`).":
        "国家规则包依法适用于其所指范围；方案和地方规则包适用于采用了它们的机构、协议或共同体（`gtt rules adopt`）。",
    "One subcommand per kind of event; each prints the calendar's id.": "每类事件一个子命令；每个子命令输出校历编号。",
    "One subcommand per kind of event; each prints the exemption's id.": "每类事件一个子命令；每个子命令输出豁免备案编号。",
    "Record a student's request to leave the placement for good (離職), as asked: P10-R9 wants it in writing a "
    "week ahead of the last day; short notice is recorded, audits flag it.":
        "按所提出的情况记录学生离岗（离职）申请：P10-R9 要求在最后一天前一周书面提出；提前不足也会记录，由审计标出。",
    "Record a term or a break (a holiday) of an institution's calendar, both days included; the same label again "
    "corrects its dates. Statutory holidays need no entry.":
        "记录机构校历中的学期或假期（两端均含）；再次使用同一标签即更正其日期。法定节假日无需录入。",
    "Record an exemption a school filed with the competent authority (备案): what it allows, for which hosts, "
    "majors, post categories or internships (none listed: all of the school's), from and until a date (both "
    "included).":
        "记录学校向主管部门备案的豁免：允许什么，适用于哪些接收单位、专业、岗位类别或实习（未列出则为该校全部），起止日期（两端均含）。",
    "Record facts about a calendar (校历).": "记录校历的事实。",
    "Record facts about an exemption (豁免备案).": "记录豁免备案的事实。",
    "Record that a branch is assessed weak (薄弱分校), or no longer weak, from a date; P1-R5 counts the cadres "
    "and backbone teachers sent to weak branches.":
        "记录某分校自某日起被评为薄弱分校或不再薄弱；P1-R5 统计派往薄弱分校的干部和骨干教师。",
    "Record that an adopter stops applying a pack after --until (its last day).": "记录采用方在 --until（最后一天）之后停止适用某规则包。",
    "Record that an exemption no longer applies from a date.": "记录豁免备案自某日起不再适用。",
    "Record that an institution, agreement or community adopts a pack.": "记录机构、协议或共同体采用某规则包。",
    "Record that the student left the placement for good on a day (the last day at the host).":
        "记录学生于某日（在接收单位的最后一天）离岗。",
    "Record the host's approval or refusal of the latest request to quit.": "记录接收单位对最近一次离岗申请的批准或拒绝。",
    "Record the remedy of a finding: the evidence and the day.": "记录审计发现的整改：证据与日期。",
    "Reject a dispute: the finding stands.": "驳回申诉：审计发现维持。",
    "Remove a term or break recorded by mistake.": "删除误录的学期或假期。",
    "Reopen a remedied, waived or closed finding.": "重新打开已整改、已豁免或已关闭的审计发现。",
    "Show one finding, its status and every step of its case (actor, both times).":
        "显示一条审计发现、其状态及处理过程的每一步（操作人、两种时间）。",
    "The breach is still counted, as waived; after --until the finding is open again.":
        "违规仍计入，标为已豁免；--until 之后该发现重新变为未处理。",
    "The rule packs (shipped ones and your own files) and where they apply.": "规则包（内置的和自定义文件）及其适用范围。",
    "Waive a finding by an authority's decision, until a date (included).": "依主管部门决定豁免一条审计发现，至某日（含）为止。",
}

OPTIONS: dict[str, str] = {
    "A note kept with the step.": "随该步骤保存的备注。",
    "As recorded by then.": "截至当时的记录。",
    "By when.": "期限。",
    "E.g. 2024-autumn, 2025-winter.": "例如 2024-autumn、2025-winter。",
    "Explanations in this language (default: the global --lang).": "说明使用的语言（默认：全局 --lang）。",
    "Find the finding as of this date [default: today].": "按此日期查找发现［默认：今天］。",
    "How far ahead: days (30d) or weeks (4w).": "向前看多远：天数（30d）或周数（4w）。",
    "Look ahead from this date [default: today].": "从此日期向前看［默认：今天］。",
    "Mark which adoptions are in force that day [default: today].": "标出当日有效的采用关系［默认：今天］。",
    "Only findings still to answer (open, acknowledged, assigned, disputed, reopened); the others are counted on "
    "stderr.": "只看待答复的发现（未处理、已确认、已指派、申诉中、重新打开）；其余的在 stderr 上计数。",
    "Only findings still to answer.": "只看待答复的发现。",
    "Only findings with this status (repeatable); the others are counted on stderr.":
        "只看此状态的发现（可重复）；其余的在 stderr 上计数。",
    "Only these pack ids (repeatable).": "只看这些规则包编号（可重复）。",
    "Only this status (repeatable).": "只看此状态（可重复）。",
    "Record nothing: list the breaches the story records on purpose (rule, subject, what) as JSON.":
        "不记录任何内容：以 JSON 列出演示故事有意记录的违规（规则、对象、内容）。",
    "The adopting agreement's id.": "采用方协议的编号。",
    "The adopting community's id.": "采用方共同体的编号。",
    "The adopting institution's id.": "采用方机构的编号。",
    "The date audited [default: today].": "审计日期［默认：今天］。",
    "The last day it applies [default: open-ended].": "适用的最后一天［默认：不设终止］。",
    "The last day of the waiver [default: open-ended].": "豁免的最后一天［默认：不设终止］。",
    "When the adoption was decided [default: --from].": "作出采用决定的时间［默认：--from］。",
    "When the step happened [default: now].": "该步骤发生的时间［默认：现在］。",
    "The day it was remedied.": "整改日期。",
    "The decision's document number.": "决定的文号。",
    "The filing's number.": "备案编号。",
    "The first day the pack applies.": "规则包开始适用的第一天。",
    "The last day the pack applies.": "规则包适用的最后一天。",
    "The last day the student means to be at the host.": "学生打算在接收单位的最后一天。",
    "What shows the remedy.": "整改的证明。",
    "What the assessment rests on.": "评估的依据。",
    "Who answers it.": "由谁答复。",
    "Who decided (a council, a bureau).": "由谁决定（理事会、教育局）。",
    "Who waives it.": "由谁豁免。",
    "Why it ends.": "终止原因。",
    "Why the dispute is rejected.": "驳回申诉的理由。",
    "Why the finding is contested.": "对发现提出异议的理由。",
    "Why.": "原因。",
    "Your own pack file, to adopt its id.": "自定义规则包文件，用于采用其编号。",
}
