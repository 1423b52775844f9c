"""Chinese help texts (``--lang zh`` / ``GTT_LANG=zh``), by the English text they replace.

Help is written in English where each command is defined; the help formatter
(:mod:`gtt_cli.helpfmt`) swaps each paragraph and option text for its entry here when the
language is Chinese. Examples are commands and stay as they are. A test checks that every
paragraph and option text of every command has an entry, so new help needs one too.
"""

from __future__ import annotations

import re

#: English paragraph (whitespace collapsed; ``\b`` blocks keep their line breaks) -> 中文
PARAGRAPHS: dict[str, str] = {
    # gtt
    "The replayable record of school–enterprise cooperation, staff exchanges and internships.":
        "校企合作、人员交流与学生实习的可回放记录。",
    "Write commands record one event each on an aggregate and print its id; queries read the record back; "
    "audit and admin commands check and manage it.":
        "写入命令每条在一个对象上记录一个事件并输出其编号；查询命令读回记录；审计与管理命令检查和维护记录。",
    "Exit codes: 0 ok, 1 refused or failed, 2 invalid input or usage,\n3 audit findings at or above --fail-on. "
    "GTT_DEBUG=1 shows tracebacks.\nShell completion (bash): eval \"$(_GTT_COMPLETE=bash_source gtt)\"\n"
    "(zsh_source or fish_source for zsh or fish).":
        "退出码：0 成功，1 被拒绝或失败，2 输入或用法无效，\n3 存在达到或高于 --fail-on 的审计发现。GTT_DEBUG=1 显示调用栈。\n"
        "命令补全（bash）：eval \"$(_GTT_COMPLETE=bash_source gtt)\"\n（zsh、fish 分别用 zsh_source、fish_source）。",
    # write groups (generated: gtt_cli.commands.write.group_help)
    "Record facts about an agreement (协议).": "记录协议的事实。",
    "Record facts about a community (共同体).": "记录共同体的事实。",
    "Record facts about an exchange (交流).": "记录交流的事实。",
    "Record facts about an institution (机构).": "记录机构的事实。",
    "Record facts about an internship (实习).": "记录实习的事实。",
    "Record facts about a person (人员).": "记录人员的事实。",
    "One subcommand per kind of event; each prints the agreement's id.": "每种事件一个子命令；每条输出协议编号。",
    "One subcommand per kind of event; each prints the community's id.": "每种事件一个子命令；每条输出共同体编号。",
    "One subcommand per kind of event; each prints the exchange's id.": "每种事件一个子命令；每条输出交流编号。",
    "One subcommand per kind of event; each prints the institution's id.": "每种事件一个子命令；每条输出机构编号。",
    "One subcommand per kind of event; each prints the internship's id.": "每种事件一个子命令；每条输出实习编号。",
    "One subcommand per kind of event; each prints the person's id.": "每种事件一个子命令；每条输出人员编号。",
    # agreement
    "Put a fully signed agreement in force.": "使各方均已签署的协议生效。",
    "Add an obligation to a drafted agreement (later ones come by amendment).":
        "为草拟中的协议添加一项义务条款（生效后的条款通过修订添加）。",
    "Add a party to a drafted agreement.": "为草拟中的协议添加签约方。",
    "Amend the terms (a new terms version): new end, new or restated obligations, dropped ones.":
        "修订条款（产生新的条款版本）：新的截止日期、新增或重述的义务、删除的义务。",
    "Draft an agreement with its term, parties and obligations; with an external id, drafting again returns "
    "the same id and records nothing.":
        "起草协议，含期限、签约方和义务条款；给出外部编号时，再次起草返回同一编号且不重复记录。",
    "Record that the term ran out; the date given is the first day out of force.": "记录协议期满；所给日期为失效的第一天。",
    "Record a plaque hung by a party (P9-R6, P13-R1).": "记录一方挂牌（P9-R6、P13-R1）。",
    "Record a fulfilment against an obligation (meeting held, equipment delivered, funds paid).":
        "记录某项义务的履行（召开会议、交付设备、拨付资金）。",
    "Remove a party from a drafted agreement.": "从草拟中的协议删除签约方。",
    "Renew an agreement to a later end.": "续签协议至更晚的截止日期。",
    "Resume a suspended agreement.": "恢复已暂停的协议。",
    "Record a party's signature.": "记录一方签署。",
    "Suspend an active agreement.": "暂停生效中的协议。",
    "Terminate an agreement; the date given is the first day out of force.": "终止协议；所给日期为失效的第一天。",
    # agreements (queries)
    "List agreements and show one with parties, obligations, fulfilments and status history.":
        "列出协议，或查看一项协议及其签约方、义务条款、履行记录和状态变更。",
    "List agreements by term start, optionally filtered.": "按期限开始日期列出协议，可筛选。",
    "--from/--to keep agreements whose term overlaps that period (an open end counts as open).":
        "--from/--to 保留期限与该期间重叠的协议（无截止日期视为一直有效）。",
    "Show one agreement with everything under it.": "查看一项协议及其全部内容。",
    # audit
    "Audit the record: rule findings and tamper evidence.": "审计记录：规则审计发现与防篡改证据。",
    "Write a new Ed25519 key pair for signing seals: PATH and PATH.pub.": "生成用于签署封存记录的新 Ed25519 密钥对：PATH 和 PATH.pub。",
    "The private key file is created with mode 0600; existing files are never overwritten. Prints the public "
    "key's fingerprint.":
        "私钥文件以 0600 权限创建；不会覆盖已有文件。输出公钥指纹。",
    "Check the record against rule packs and list the findings.": "按规则包检查记录并列出审计发现。",
    "Findings as they stand on --as-of (effective time; default today), using only the events recorded up to "
    "--known-at (what the records said then). --pack takes a shipped pack id (see `gtt rules list`) or a TOML "
    "file; repeat it; default: every shipped pack. Exits 3 when a finding at or above --fail-on exists.":
        "给出截至 --as-of（生效时间，默认今天）的审计发现，只使用 --known-at 之前记录的事件（当时记录所反映的情况）。"
        "--pack 接受内置规则包编号（见 `gtt rules list`）或 TOML 文件，可重复；默认使用全部内置规则包。"
        "存在达到或高于 --fail-on 的审计发现时退出码为 3。",
    "Findings as they stand on --as-of (effective time; default today), using only the events recorded up to "
    "--known-at (what the records said then). Read from the bitemporal fact tables (kept current like every "
    "read table); --replay folds the whole log instead. --pack takes a shipped pack id (see `gtt rules list`) "
    "or a TOML file; repeat it; default: every shipped pack. Exits 3 when a finding at or above --fail-on "
    "exists.":
        "给出截至 --as-of（生效时间，默认今天）的审计发现，只使用 --known-at 之前记录的事件（当时记录所反映的情况）。"
        "读取双时态事实表（与各读模型一样保持最新）；--replay 改为重放整个日志。--pack 接受内置规则包编号"
        "（见 `gtt rules list`）或 TOML 文件，可重复；默认使用全部内置规则包。存在达到或高于 --fail-on 的审计发现时退出码为 3。",
    "Chain every new event and record a seal of the whole log.": "将每个新事件纳入哈希链，并对整个日志记录一次封存。",
    "Recompute the chain from the stored events and check every seal.": "由已存事件重新计算哈希链并检查每个封存记录。",
    # communities (queries)
    "List communities and show one with members, roles and activities.": "列出共同体，或查看一个共同体及其成员、角色和活动。",
    "List activities held by communities, by date.": "按日期列出共同体举办的活动。",
    "List communities by name, optionally filtered.": "按名称列出共同体，可筛选。",
    "Show one community with its members, roles and activities.": "查看一个共同体及其成员、角色和活动。",
    # community
    "Add a teacher to a learning team.": "将教师加入学习共同体小组。",
    "Record the adoption of the community's charter (P1-R1), optionally as an agreement.":
        "记录共同体章程的通过（P1-R1），可同时作为协议记录。",
    "Record a person taking a role in the community (council_chair, team_leader…; P1-S3).":
        "记录人员在共同体中担任角色（council_chair、team_leader 等；P1-S3）。",
    "Set a learning team's grade, subject and topic (P5-R1, P5-R3).": "设定学习共同体小组的年级、学科和主题（P5-R1、P5-R3）。",
    "Record that a community was dissolved.": "记录共同体撤销。",
    "Record a person leaving a community role.": "记录人员卸任共同体角色。",
    "Record the bureau's decision entrusting a branch school to a renowned member school to run it (名校办分校; "
    "P3-R1 wants at least one new one per district and year).":
        "记录教育局将分校委托名校举办的决定（名校办分校；P3-R1 要求每个区县每年至少新增一所）。",
    "Establish a community around its core member (the head from that day); with an external id, "
    "re-establishing returns the same id and records nothing.":
        "以核心单位为中心成立共同体（自当日起为总校）；给出外部编号时，再次成立返回同一编号且不重复记录。",
    "Record that a member hung the community's (head school's) plaque (P1-S2, P4-S1).":
        "记录成员单位悬挂共同体（总校）牌匾（P1-S2、P4-S1）。",
    "Record an institution joining a community (optionally with the branch plaque, P1-S2).":
        "记录机构加入共同体（可同时记录分校挂牌，P1-S2）。",
    "Record a member institution leaving a community.": "记录成员单位退出共同体。",
    "Record an activity the community held, with its participants and record (P1-R3, P2-R1..R3, P5-R4). The "
    "record text must refer to people by id, not by name.":
        "记录共同体举办的活动及参加人员和活动记录（P1-R3、P2-R1..R3、P5-R4）。记录文字须以编号而非姓名指称人员。",
    "Record a step of a cross-region group's approval (P3-R3).": "记录跨区域集团审批的一个环节（P3-R3）。",
    "Record earmarked funding the community received (P1-R12).": "记录共同体收到的专项经费（P1-R12）。",
    "Record an online pairing of a (rural) school with a partner school (P3-R4).": "记录（农村）学校与结对学校的线上结对（P3-R4）。",
    "Record a teacher leaving a learning team.": "记录教师退出学习共同体小组。",
    "Record the grade reporting its learning team (due by 25 September, P5-R2).": "记录年级上报其学习共同体小组（9月25日前，P5-R2）。",
    "Record an expert panel's score for a grade's results in a month (P5-R5).": "记录专家组对某年级某月成果的评分（P5-R5）。",
    # demo
    "Record a deterministic demo history (two school years) from the plans.": "依据各方案记录一段确定的演示历史（两个学年）。",
    "Two county education groups (P1), a high school's home–school community and learning teams (P2, P5), "
    "fusion, co-construction and collaboration communities (P3), a vocational college with partners and bases "
    "(P8, P14), an air-conditioning training base with spring work-study batches and realistic violations "
    "(P10), order classes on 2+1 and 1.5+0.5+1 (P9, P13) and at a secondary vocational school (P7), teachers' "
    "enterprise practice (P6, P12) and a medical community (P4). The same --seed and --scale give the same "
    "event log byte for byte. Scale 1 is about 55k events; fractions make smaller demos.":
        "两个县域教育集团（P1）、一所高中的家校共同体和学习共同体小组（P2、P5）、融合型、共建型和协作型教共体（P3）、"
        "一所有合作企业和基地的职业院校（P8、P14）、一个有春季工学交替批次和真实违规情形的空调实训基地（P10）、"
        "2+1 和 1.5+0.5+1 订单班（P9、P13）及一所中职学校的订单班（P7）、教师企业实践（P6、P12）以及一个医共体（P4）。"
        "相同的 --seed 和 --scale 产生逐字节相同的事件日志。规模 1 约 5.5 万个事件；小数产生更小的演示。",
    "An empty store is filled. A store that already holds the demo is left alone (exit 0); any other "
    "non-empty store is refused unless --fresh, which deletes an SQLite file first.":
        "空存储会被填充。已含演示数据的存储保持不变（退出码 0）；其他非空存储会被拒绝，除非使用 --fresh（先删除 SQLite 文件）。",
    # evaluate
    "Scorecards of a family of subjects for a year, semester, quarter or month.": "某类对象在一年、一学期、一季度或一个月的评估记分卡。",
    "Every metric shows its value, the target and the rule it comes from, and whether it is met. Scorecards "
    "are computed from the log each time (never stored), so --known-at reproduces an earlier evaluation. ID "
    "narrows to one subject: a major or department is SCHOOL_ID:CODE (or SCHOOL_ID:DEPARTMENT). JSON adds "
    "the period evaluated (period_kind, period_start, period_end) and the details (member trends, flows, "
    "rankings, the windows of per-year and per-semester metrics on a quarter or month card, the "
    "demonstration-base criteria of hosts).":
        "每个指标列出数值、目标及其来源规则，以及是否达标。记分卡每次都由日志计算（从不存储），因此 --known-at "
        "可重现之前的评估。ID 限定为一个对象：专业或系部写作 SCHOOL_ID:CODE（或 SCHOOL_ID:DEPARTMENT）。"
        "JSON 另含评估期间（period_kind、period_start、period_end）和明细（成员趋势、流向、排名、季度或月度记分卡上"
        "按年和按学期指标的统计窗口、实习单位的示范基地认定条件）。",
    "Every metric shows its value, the target and the rule it comes from, and whether it is met. Scorecards "
    "are computed each time (never stored) from the bitemporal fact tables, so --as-of and --known-at "
    "reproduce an earlier evaluation (--replay folds the log instead). ID narrows to one subject: a major or "
    "department is SCHOOL_ID:CODE (or SCHOOL_ID:DEPARTMENT). JSON adds the period evaluated (period_kind, "
    "period_start, period_end) and the details (member trends, flows, rankings, the windows of per-year and "
    "per-semester metrics on a quarter or month card, the demonstration-base criteria of hosts).":
        "每个指标列出数值、目标及其来源规则，以及是否达标。记分卡每次都由双时态事实表计算（从不存储），因此 --as-of 和 "
        "--known-at 可重现之前的评估（--replay 改为重放日志）。ID 限定为一个对象：专业或系部写作 SCHOOL_ID:CODE"
        "（或 SCHOOL_ID:DEPARTMENT）。JSON 另含评估期间（period_kind、period_start、period_end）和明细（成员趋势、流向、"
        "排名、季度或月度记分卡上按年和按学期指标的统计窗口、实习单位的示范基地认定条件）。",
    # exchange
    "Record the bureau's approval of the deployment (P1-S4).": "记录教育局对派遣的批准（P1-S4）。",
    "Record the assessment of a completed exchange (P1-R7), with its metrics.": "记录已完成交流的考核及其指标（P1-R7）。",
    "Cancel an exchange that has not been completed.": "取消尚未完成的交流。",
    "Record the completion of the exchange.": "记录交流完成。",
    "Record the filing of the exchange plan with an authority (P1-R4).": "记录交流计划向主管部门备案（P1-R4）。",
    "Log the days spent on site within a span (one day: from = to, days 1).": "登记一段时间内的在岗天数（单日：起止相同，天数为 1）。",
    "Plan an exchange of a person from a sending institution to a host for a cycle; with an external id, "
    "planning again returns the same id and records nothing.":
        "计划人员从派出单位到接收单位的一个周期的交流；给出外部编号时，再次计划返回同一编号且不重复记录。",
    "Record an interim review of the exchange.": "记录交流的中期考核。",
    "Set (replace) the exchange's duties and quality targets (P1-R4, P1-R5).": "设定（替换）交流的职责和质量目标（P1-R4、P1-R5）。",
    "Record the start of the exchange.": "记录交流开始。",
    # exchanges (queries)
    "List exchanges and show one with its days on site and reviews.": "列出交流，或查看一项交流及其在岗天数和考核。",
    "List exchanges by planned start, optionally filtered.": "按计划开始日期列出交流，可筛选。",
    "--from/--to keep exchanges whose planned cycle overlaps that period.": "--from/--to 保留计划周期与该期间重叠的交流。",
    "Show one exchange with its days on site and interim reviews.": "查看一项交流及其在岗天数和中期考核。",
    # export
    "Export the record: read models as CSV/JSON/xlsx, the event log as JSONL.":
        "导出记录：读模型导出为 CSV/JSON/xlsx，事件日志导出为 JSONL。",
    "Columns are the table's, with stable English names (projections/README.md); the projections are brought "
    "up to date first unless --no-catch-up. CSV starts with a UTF-8 BOM so Excel reads Chinese text (not when "
    "written to a terminal); xlsx has dates as dates, numbers as numbers and headers in --lang.":
        "列即表的列，使用稳定的英文名称（projections/README.md）；除非 --no-catch-up，先将投影更新到最新。"
        "CSV 以 UTF-8 BOM 开头，使 Excel 正确读取中文（输出到终端时不加）；xlsx 中日期为日期、数字为数字，表头使用 --lang 的语言。",
    "Write every stored event, the chain records and the seals as JSON Lines.": "将全部已存事件、哈希链记录和封存记录写为 JSON Lines。",
    "One header line, one line per event (stored bytes in base64, a decoded JSON view when the store is not "
    "encrypted, its chain hash), seal lines after their position, and an end line with the counts. "
    "tools/gtt_verify.py checks the file without gtt. Adds nothing to the store.":
        "一行文件头，每个事件一行（base64 编码的存储字节，存储未加密时另附解码后的 JSON，及其链哈希），封存记录行位于其位置之后，"
        "最后一行给出计数。tools/gtt_verify.py 可不依赖 gtt 校验该文件。不向存储写入任何内容。",
    # show / history
    "List an aggregate's events in order, with who recorded each and when.": "按顺序列出一个对象的事件，及每个事件的记录人和记录时间。",
    "Print an aggregate's current state (JSON by default).": "输出一个对象的当前状态（默认 JSON）。",
    # import
    # institution
    "Record a school's annual teaching-quality score (P1-R7, P1-R11).": "记录学校的年度教学质量评分（P1-R7、P1-R11）。",
    "Close a major.": "停办专业。",
    "Record a department's teacher count as of a date.": "记录系部截至某日的教师人数。",
    "Name a department's liaison for school–enterprise cooperation (P6-R8).": "指定系部的校企合作联络人（P6-R8）。",
    "Open a department with its number of teachers.": "开设系部及其教师人数。",
    "Open a major (specialty), optionally inside a department.": "开设专业，可归属某系部。",
    "Register a school, enterprise, hospital, health centre, bureau or association.": "登记学校、企业、医院、卫生院、教育局或协会。",
    "Record a change of an institution's name.": "记录机构更名。",
    "Report an institution's on-post headcount (the base of intern caps, N-INT-11).": "报告机构在岗职工人数（实习生上限的基数，N-INT-11）。",
    # institutions (queries)
    "List institutions and show one, from the read tables.": "从读模型列出机构，或查看一个机构。",
    "List institutions by name, optionally filtered.": "按名称列出机构，可筛选。",
    "JSON/CSV rows carry every field of the schema reference (projections/README.md); the table shows the "
    "main ones.":
        "JSON/CSV 行包含数据结构说明（projections/README.md）中的全部字段；表格只显示主要字段。",
    "Show one institution with its departments, majors and quality scores.": "查看一个机构及其系部、专业和质量评分。",
    # internship
    "Record the date the school agreed the internship plan with the host (P10-R3).": "记录学校与实习单位商定实习计划的日期（P10-R3）。",
    "Assign the host's mentor (N-INT-13).": "指派企业指导教师（N-INT-13）。",
    "Assign the school's accompanying teacher (P10-R4, N-INT-13).": "指派学校带队教师（P10-R4、N-INT-13）。",
    "Record a fee or deposit charged to the student (N-INT-8).": "记录向学生收取的费用或押金（N-INT-8）。",
    "Record completion.": "记录实习完成。",
    "Correct named fields of a day's attendance; give the reason in the event metadata.": "更正某日考勤的指定字段；在事件元数据中说明原因。",
    "Approve or refuse a leave request, by its index (0 = the first request).": "按序号批准或驳回请假申请（0 为第一次申请）。",
    "Record the host's or the school's evaluation (P10-R6), scored 0..100.": "记录企业或学校的评价（P10-R6），0 至 100 分。",
    "Record that the host hired the student.": "记录实习单位录用该学生。",
    "Record that the host keeps a student's document (N-INT-8).": "记录实习单位扣留学生证件（N-INT-8）。",
    "Record a job offer from the host.": "记录实习单位发出录用通知。",
    "Place a student at a host; ``external_id`` makes a repeated import idempotent.":
        "安排学生到实习单位实习；``external_id`` 使重复导入不重复记录。",
    "Record a document provided for the placement; a policy carries its cover period.": "记录为实习提交的材料；保单须含保障期间。",
    "Record an absence (without leave it is a P10-R9 finding).": "记录缺勤（未请假即为 P10-R9 审计发现）。",
    "Record one day's attendance; a second claim for the same day is refused (correct it).": "记录一天的考勤；同一天再次打卡会被拒绝（请更正）。",
    "Record many interns' attendance in one transaction: all rows or none.": "在一个事务中记录多名实习生的考勤：要么全部记录，要么全不记录。",
    "Record a skills certification exam result (P10-R10, P13-R3).": "记录职业技能等级考试结果（P10-R10、P13-R3）。",
    "Record pay for a period next to the wage of a regular employee on the same post.": "记录一段期间的实习报酬及同岗位正式员工工资。",
    "Report an incident (injury, safety breach, dispute).": "报告事故（受伤、违反安全规定、纠纷）。",
    "Record a leave request as asked (short notice or oral requests are recorded).": "按实际提出的情况记录请假申请（临时或口头申请也照实记录）。",
    "Record that the host gave a held document back.": "记录实习单位归还扣留的证件。",
    "Record that the host sent the student back (P10-R7).": "记录实习单位退回学生（P10-R7）。",
    "Record the start; the agreement it runs under must be active that day.": "记录实习开始；所依据的协议当日必须有效。",
    "Record an early termination with its reason.": "记录提前终止及原因。",
    "Record that a document was withdrawn (e.g. consent revoked, policy cancelled).": "记录材料撤回（如撤销同意、退保）。",
    # internships (queries)
    "List internships, show one and its attendance, from the read tables.": "从读模型列出实习，或查看一项实习及其考勤。",
    "List an internship's attendance days in order.": "按日期列出一项实习的考勤。",
    "List internships by planned start, optionally filtered.": "按计划开始日期列出实习，可筛选。",
    "--from/--to keep internships whose period (actual start/end where recorded, else the planned ones) "
    "overlaps the range. JSON/CSV rows carry every field of the schema reference (projections/README.md); "
    "the table shows the main ones.":
        "--from/--to 保留期间（有实际起止日期时用实际日期，否则用计划日期）与该范围重叠的实习。"
        "JSON/CSV 行包含数据结构说明（projections/README.md）中的全部字段；表格只显示主要字段。",
    "Show one internship with its leave, pay, evaluations and documents.": "查看一项实习及其请假、报酬、评价和材料。",
    # person
    "Record that a person holds a role (backbone_teacher, mid_level_cadre…) from a date.":
        "记录人员自某日起担任某角色（backbone_teacher、mid_level_cadre 等）。",
    "Correct a person's personal data: the fields given replace the recorded ones; ``clear`` removes optional "
    "fields. Refused once the data has been erased.":
        "更正人员的个人信息：所给字段替换已记录的值；``clear`` 删除可选字段。个人信息删除后不能再更正。",
    "Enrol a student in a major the institution has opened.": "学生入读本校已开设的专业。",
    "Erase a person's personal data (PIPL); the non-personal facts stay.": "删除人员的个人信息（个人信息保护法）；非个人事实保留。",
    "Record a student's semester of study as of a date (overrides the computed one).": "记录学生截至某日所在学期（覆盖推算值）。",
    "Register a person; with an external id (student or staff number) re-registration returns the same id and "
    "records nothing.":
        "登记人员；给出外部编号（学号或工号）时，再次登记返回同一编号且不重复记录。",
    "Record that a person no longer holds a role from a date.": "记录人员自某日起不再担任某角色。",
    "Record a move to a new home institution.": "记录调往新的所属单位。",
    # persons (queries)
    "List persons and show one, from the read tables.": "从读模型列出人员，或查看一名人员。",
    "Names, national ids and birth dates are never in the read tables; `show` reads the name from the "
    "person's own (encrypted) record while it is not erased.":
        "姓名、身份证号和出生日期从不进入读模型；`show` 在个人信息未删除时从该人员自己的（加密）记录中读取姓名。",
    "Erase a person's personal data by crypto-shredding (PIPL).": "以销毁密钥的方式删除人员的个人信息（个人信息保护法）。",
    "The person's per-person key is destroyed and a PersonalDataErased event is recorded\nwith your actor and "
    "reason. Events stay, the hash chain still verifies, read models\nshow the person as erased; see "
    "docs/privacy.md for exactly what is and is not erased.":
        "销毁该人员的专属密钥，并以你的记录人身份和原因记录 PersonalDataErased 事件。\n事件保留，哈希链仍可校验，读模型显示该人员已删除；"
        "\n具体删除和保留的内容见 docs/privacy.md。",
    "List persons in registration order, optionally filtered.": "按登记顺序列出人员，可筛选。",
    "Show one person with their roles.": "查看一名人员及其角色。",
    # projections
    "Keep the read tables current, rebuild them, or show how far behind they are.": "保持读模型最新、重建读模型，或查看其滞后程度。",
    "Replay every event from the start, in batches, into new read tables swapped in when done.":
        "从头分批重放全部事件，写入新的读模型表，完成后再替换旧表。",
    "Without NAME, rebuilds every projection. Shows a progress bar on a terminal; prints the status "
    "afterwards.":
        "不给 NAME 时重建全部投影。在终端上显示进度条；完成后输出状态。",
    "Process new events into the read tables, and keep doing so.": "将新事件处理到读模型中，并持续进行。",
    "Catches up first (rebuilding any projection whose version changed), then follows the log: LISTEN/NOTIFY "
    "on PostgreSQL, polling on SQLite. Stops on Ctrl-C, after --timeout seconds, or at once with --once. "
    "Prints the status when it stops.":
        "先追上日志（版本变化的投影会重建），然后跟随日志：PostgreSQL 上用 LISTEN/NOTIFY，SQLite 上轮询。"
        "按 Ctrl-C、--timeout 秒后或 --once 时立即停止。停止时输出状态。",
    "Show each projection's position, the log's head, lag, versions and parked (dead-letter) events.":
        "显示每个投影的处理位置、日志末尾、滞后、版本和搁置（死信）事件。",
    # report
    "Write a self-contained HTML report for a year.": "为某一年生成一个独立的 HTML 报告。",
    "The file opens with contents, the headline numbers and a ranking summary (each family's subjects by "
    "share of targets met), then audit findings by rule (with the rule's title) and severity, charts "
    "(internships per month, exchange flows and teaching-quality trends per education group, "
    "enterprise-practice coverage by department) and every scorecard, grouped and ranked by family, with met "
    "/ not met. It prints on A4 (headings stay with what follows), loads nothing from the network and runs no "
    "scripts.":
        "报告依次为目录、主要数字和排名摘要（各类对象按达标比例排名），然后是按规则（附规则名称）和严重程度统计的审计发现、"
        "图表（各月实习、各教育集团的交流流向和教学质量趋势、各系部教师企业实践覆盖率），以及按类别分组排名的全部记分卡"
        "（标明达标与否）。可用 A4 纸打印（标题与其后内容不分页），不从网络加载任何内容，也不运行脚本。",
    # rules
    "The rule packs: shipped ones and your own files.": "规则包：内置规则包和你自己的文件。",
    "List the rules of the packs (default: every shipped pack).": "列出规则包中的规则（默认全部内置规则包）。",
    "Show one rule: its source, parameters, scope and dates in force.": "查看一条规则：依据、参数、适用范围和有效期。",
}

#: an export command's first paragraph, by table and projection
EXPORT_TABLE = re.compile(r"Write the read table (\w+) \(projection (\w+)\) as CSV, JSON or xlsx\.")
EXPORT_TABLE_ZH = "将读模型表 {0}（投影 {1}）写为 CSV、JSON 或 xlsx。"
EXPORT_SHORT = re.compile(r"Read table (\w+) as CSV, JSON or xlsx\.")
EXPORT_SHORT_ZH = "读模型表 {0}，导出为 CSV、JSON 或 xlsx。"

#: option texts (whitespace collapsed) -> 中文; a trailing ``[…]`` is translated on its own
OPTIONS: dict[str, str] = {
    "Event store: sqlite:///FILE, postgresql+psycopg://USER@HOST/DB or sqlalchemy+URL [default: "
    "$GTT_DATABASE_URL, else sqlite:///gtt.sqlite3].":
        "事件存储：sqlite:///FILE、postgresql+psycopg://USER@HOST/DB 或 sqlalchemy+URL"
        "［默认：$GTT_DATABASE_URL，否则 sqlite:///gtt.sqlite3］。",
    "Read-model database [default: $GTT_READ_DATABASE_URL, else the --db database].":
        "读模型数据库［默认：$GTT_READ_DATABASE_URL，否则为 --db 的数据库］。",
    "Who records the events [default: $GTT_ACTOR, else the OS user].": "记录事件的人［默认：$GTT_ACTOR，否则为操作系统用户］。",
    "Language of tables, summaries, errors and help ($GTT_LANG); may follow the command.":
        "表格、摘要、错误和帮助的语言（$GTT_LANG）；可写在命令之后。",
    "No colour (also when NO_COLOR is set or not on a terminal).": "不使用颜色（设置 NO_COLOR 或不在终端上时也不使用）。",
    "Show the version and exit.": "显示版本并退出。",
    "Show this message and exit.": "显示本帮助并退出。",
    "When the fact happened (ISO date or time; UTC without an offset).": "事实发生的时间（ISO 日期或时间；无时区时按 UTC）。",
    "Why this is recorded (kept with the event).": "记录原因（随事件保存）。",
    "Ties events of one business operation together.": "把同一业务操作的事件关联起来。",
    "The whole input as JSON (TEXT, @FILE or - for stdin); options given as well override its fields. An "
    "array records a batch in one transaction.":
        "以 JSON 给出全部输入（TEXT、@FILE 或 - 表示标准输入）；同时给出的选项覆盖其中字段。数组在一个事务中批量记录。",
    "Output format [default: id].": "输出格式［默认：id］。",
    "Output format [default: table on a terminal, json otherwise].": "输出格式［默认：终端上为 table，否则为 json］。",
    "Output format [default: json].": "输出格式［默认：json］。",
    "Output format.": "输出格式。",
    "Stable id, e.g. review-meeting.": "稳定编号，如 review-meeting。",
    "The party that owes it.": "承担该义务的一方。",
    "Meeting, yuan, course, day.": "单位：会议、元、课程、天等。",
    "Days ahead, e.g. 60 (P10-R3).": "提前天数，如 60（P10-R3）。",
    "Omit for an open-ended term (a charter).": "无固定期限（如章程）时省略。",
    "Major codes covered.": "涵盖的专业代码。",
    "Natural key from an import; repeats are no-ops.": "导入时的自然键；重复记录无效果。",
    "Only this kind.": "只看此类别。",
    "Only this status.": "只看此状态。",
    "Only agreements with institution ID as a party.": "只看机构 ID 为签约方的协议。",
    "Only agreements with person ID as a party.": "只看人员 ID 为签约方的协议。",
    "Only agreements of this community.": "只看此共同体的协议。",
    "Only agreements covering this major code.": "只看涵盖此专业代码的协议。",
    "Term ends on or after this day (or is open).": "期限在此日或之后结束（或无截止日期）。",
    "Term starts on or before this day.": "期限在此日或之前开始。",
    "Read the tables as they are (skip processing new events first).": "按读模型现状读取（不先处理新事件）。",
    "A shipped pack id or a pack file.": "内置规则包编号或规则包文件。",
    "Only these rule ids (repeatable).": "只用这些规则编号（可重复）。",
    "The date audited (effective time) [default: today].": "审计日期（生效时间）［默认：今天］。",
    "Use only events recorded by then (UTC without an offset).": "只使用此时之前记录的事件（无时区时按 UTC）。",
    "Exit 3 if a finding of this severity or higher exists.": "存在此严重程度或更高的审计发现时退出码为 3。",
    "Leave out findings resolved by a later event.": "略去已被后续事件解决的审计发现。",
    "Write to this file instead of standard output (needed for xlsx on a terminal).": "写入此文件而非标准输出（在终端上输出 xlsx 时必须给出）。",
    "Ed25519 private key file (PEM or raw) [default: $GTT_SEAL_KEY; unsigned without].":
        "Ed25519 私钥文件（PEM 或原始格式）［默认：$GTT_SEAL_KEY；没有则不签名］。",
    "Ed25519 public key file that must have signed the seals; repeat after a key rotation [default: "
    "$GTT_SEAL_PUBLIC_KEY].":
        "封存记录必须由其签名的 Ed25519 公钥文件；更换密钥后可重复给出［默认：$GTT_SEAL_PUBLIC_KEY］。",
    "A summary line, or the whole report as JSON.": "一行摘要，或以 JSON 给出完整报告。",
    "Only activities of this community.": "只看此共同体的活动。",
    "Only activities this person took part in.": "只看此人员参加的活动。",
    "Held on or after this day.": "在此日或之后举办。",
    "Held on or before this day.": "在此日或之前举办。",
    "Only this district or county.": "只看此区县。",
    "Only communities ID is a current member of (head included).": "只看 ID 当前为成员（含总校）的共同体。",
    "Established on or after this day.": "在此日或之后成立。",
    "Established on or before this day.": "在此日或之前成立。",
    "A slug such as council_chair.": "角色代码，如 council_chair。",
    "E.g. grade-10.": "如 grade-10。",
    "The renowned school that runs the branch.": "举办分校的名校。",
    "The authority that decided.": "作出决定的主管部门。",
    "Natural key; makes re-recording refused, not doubled.": "自然键；重复记录会被拒绝而不会重复。",
    "Person who approved (P2-R3).": "批准人（P2-R3）。",
    "The authority.": "主管部门。",
    "The member the step concerns.": "该环节涉及的成员单位。",
    "YYYY-MM.": "年月（YYYY-MM）。",
    "Store to fill (same as the global --db; default $GTT_DATABASE_URL or sqlite:///gtt.sqlite3).":
        "要填充的存储（同全局 --db；默认 $GTT_DATABASE_URL 或 sqlite:///gtt.sqlite3）。",
    "Volume multiplier (students, attendance, partners, teachers).": "数据量倍数（学生、考勤、合作企业、教师）。",
    "Random seed of the story.": "演示故事的随机种子。",
    "Skip the audit and scorecard summaries (benchmark data: faster, less memory).": "跳过审计和记分卡摘要（基准测试数据：更快、更省内存）。",
    "Delete the SQLite file first (refused for other databases).": "先删除 SQLite 文件（其他数据库会被拒绝）。",
    "Calendar year evaluated.": "评估的日历年。",
    "Spring (Feb–Aug) or autumn (Sep–Jan) of the year instead of the year.": "该年的春季（2—8月）或秋季（9月—次年1月）学期，而非全年。",
    "One calendar quarter (1–4) of the year instead of the year.": "该年的一个季度（1—4），而非全年。",
    "One month (1–12) of the year instead of the year.": "该年的一个月（1—12），而非全年。",
    "Targets and weights from this TOML instead of the bundled pack.": "使用此 TOML 中的目标和权重，而非内置规则包。",
    "Only facts effective by then.": "只使用此时已生效的事实。",
    "Use the log as it stood then (recorded time).": "使用日志在当时的状态（记录时间）。",
    "Demonstration-base criteria (P14-R4) from this TOML instead of the bundled pack.": "使用此 TOML 中的示范基地认定条件（P14-R4），而非内置规则包。",
    "Run the audits for the findings metrics of majors and hosts.": "为专业和实习单位的审计发现指标运行审计。",
    "Who approved.": "批准人。",
    "Days on site within the span.": "期间内的在岗天数。",
    "The community (group) it belongs to.": "所属共同体（集团）。",
    "The agreement it runs under.": "所依据的协议。",
    "Duties and quality targets.": "职责和质量目标。",
    "Only exchanges sending from or hosted at ID.": "只看由 ID 派出或在 ID 接收的交流。",
    "Only exchanges hosted at ID.": "只看在 ID 接收的交流。",
    "Only exchanges of this person.": "只看此人员的交流。",
    "Only exchanges of this community.": "只看此共同体的交流。",
    "Only exchanges under this agreement.": "只看依据此协议的交流。",
    "Planned to end on or after this day.": "计划在此日或之后结束。",
    "Planned to start on or before this day.": "计划在此日或之前开始。",
    "File to write ('-' for standard output).": "要写入的文件（'-' 表示标准输出）。",
    "Export the table as it is (skip new events).": "按表的现状导出（不处理新事件）。",
    "As the record stood at this time (recorded time; UTC without an offset).": "记录在此时的状态（记录时间；无时区时按 UTC）。",
    "What the rows are.": "各行的类别。",
    "Record the good rows; write the bad ones to --rejects.": "记录正确的行；把错误行写入 --rejects。",
    "Reject file [default: FILE.rejects.csv].": "拒收文件［默认：FILE.rejects.csv］。",
    "Rows per transaction.": "每个事务的行数。",
    "Official name.": "正式名称。",
    "District or county.": "区县。",
    "Urban or rural.": "城区或农村。",
    "For schools.": "学校适用。",
    "Natural key (e.g. unified social credit code); makes re-registration idempotent.": "自然键（如统一社会信用代码）；再次登记不会重复。",
    "Name contains TEXT.": "名称包含 TEXT。",
    "What is held, e.g. id_card.": "被扣留的证件，如 id_card。",
    "The cooperation agreement it runs under.": "所依据的合作协议。",
    "Job title at the host.": "实习单位的岗位名称。",
    "Policy or file number.": "保单号或文号。",
    "Hours on post that day.": "当日在岗小时数。",
    "E.g. 'lat,lon' of a check-in.": "如打卡的 '纬度,经度'。",
    "Person who made the claim.": "打卡人。",
    "From this day.": "自此日起。",
    "To this day (inclusive).": "至此日止（含）。",
    "Only at this host institution.": "只看在此实习单位的实习。",
    "Only from this school.": "只看此学校的实习。",
    "Only this student.": "只看此学生。",
    "Only under this agreement.": "只看依据此协议的实习。",
    "Only this programme form.": "只看此培养模式。",
    "Only students enrolled in this major (code).": "只看就读此专业（代码）的学生。",
    "Period ends on or after this day.": "期间在此日或之后结束。",
    "Period starts on or before this day.": "期间在此日或之前开始。",
    "A slug such as backbone_teacher.": "角色代码，如 backbone_teacher。",
    "Fields to remove.": "要删除的字段。",
    "Defaults to the major's department.": "默认为专业所属系部。",
    "School, enterprise or hospital.": "学校、企业或医院。",
    "Student or staff number; makes registration idempotent.": "学号或工号；再次登记不会重复。",
    "Why the data is erased (recorded on the event).": "删除原因（记录在事件上）。",
    "Only persons whose home institution is ID.": "只看所属单位为 ID 的人员。",
    "Only students enrolled in this major code.": "只看就读此专业代码的学生。",
    "Only persons holding this role now.": "只看当前担任此角色的人员。",
    "Only persons whose personal data is (not) erased.": "只看个人信息已（未）删除的人员。",
    "Events per transaction.": "每个事务的事件数。",
    "Catch up and exit instead of following.": "追上日志后退出，而不持续跟随。",
    "Seconds between polls when idle (SQLite).": "空闲时两次轮询之间的秒数（SQLite）。",
    "Stop after this many seconds.": "运行这么多秒后停止。",
    "Write the report to this file.": "把报告写入此文件。",
    "Calendar year (default: the year of the latest recorded event).": "日历年（默认：最近记录的事件所在年份）。",
    "Evaluation targets and weights from this TOML.": "使用此 TOML 中的评估目标和权重。",
    "Demonstration-base criteria (P14-R4) from this TOML.": "使用此 TOML 中的示范基地认定条件（P14-R4）。",
    "Leave the audit findings out.": "不包含审计发现。",
    "State as it was on this date (effective time).": "此日的状态（生效时间）。",
    "Fold the whole log instead of reading the fact tables (the slow, independent reference path).":
        "重放整个日志，而不读取事实表（较慢、独立的参照路径）。",
    "Only the findings about this subject (an internship is judged over its own neighbourhood: fast on any "
    "size of log).":
        "只看关于此对象的审计发现（实习只在其相关范围内审计：日志再大也很快）。",
    "Replay the whole log instead of reading the fact tables (the slow, independent reference path; same "
    "findings).":
        "重放整个日志，而不读取事实表（较慢、独立的参照路径；审计发现相同）。",
    # generated suffixes (gtt_cli.fields.describe)
    "Repeat for several.": "可重复给出多个。",
    "JSON.": "JSON 格式。",
}

#: section headings and usage words of click's help
HEADINGS: dict[str, str] = {
    "Options": "选项", "Commands": "命令", "Arguments": "参数", "Positional arguments": "参数",
    "Write commands": "写入命令", "Queries": "查询", "Audit and admin": "审计与管理",
}
USAGE = {"Usage: ": "用法：", "[OPTIONS]": "[选项]", "[COMMAND] [ARGS]...": "[命令] [参数]...",
         "COMMAND [ARGS]...": "命令 [参数]...", "Example:": "示例：", "Examples:": "示例："}
BRACKETS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\[required\]"), "［必填］"),
    (re.compile(r"\[default: (.*)\]"), "［默认：{0}］"),
    (re.compile(r"\[env var: (.*)\]"), "［环境变量：{0}］"),
    (re.compile(r"\[default: (.*); required\]"), "［默认：{0}；必填］"),
    (re.compile(r"\[([-0-9<=>]*x[-0-9<=>]*)\]"), "［{0}］"),  # click's ranges: [1<=x<=4]
]


def _merge_parts() -> None:
    """Fold in the help of each part module, listed here explicitly (never by import side effect)."""
    from gtt_cli import (
        help_zh_audit,
        help_zh_follow,
        help_zh_import,
        help_zh_integrity,
        help_zh_issue19,
        help_zh_privacy,
        help_zh_reliability,
    )

    for part in (help_zh_audit, help_zh_import, help_zh_follow, help_zh_reliability, help_zh_integrity,
                 help_zh_privacy, help_zh_issue19):
        for name in ("PARAGRAPHS", "OPTIONS"):
            clash = set(getattr(part, name)) & set(globals()[name])
            if clash:
                raise ValueError(f"{part.__name__}.{name} repeats {sorted(clash)[:3]}")
            globals()[name].update(getattr(part, name))


_merge_parts()
