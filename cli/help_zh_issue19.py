"""Chinese help for the facts issue 19 made recordable (post headcounts, intermediaries, new
majors' demonstrations, one-to-one pairing), the corrections of recorded facts, and the
effective dates of institution commands. Merged into :mod:`gtt_cli.help_zh` by its explicit list."""

from __future__ import annotations

PARAGRAPHS: dict[str, str] = {
    "Record that the agreement is also of another kind from a date (a training base that is also a work-study "
    "agreement): rules for either kind apply to it.":
        "记录协议自某日起同时属于另一类型（如实训基地协议同时是工学交替协议）：两类规则均适用。",
    "Correct (or, with --retract, withdraw) a fulfilment: the original stays on record; the correction says "
    "who changed what and why, and takes effect when the original did.":
        "更正（或以 --retract 撤回）一条履约记录：原记录保留；更正记明由谁更正了什么及原因，并自原记录生效之时起生效。",
    "Correct (or, with --retract, withdraw) a recorded activity: the original stays on record; the correction "
    "says who changed what and why.":
        "更正（或以 --retract 撤回）一条活动记录：原记录保留；更正记明由谁更正了什么及原因。",
    "Correct (or withdraw) a funding record; the original stays on record.": "更正（或撤回）一条经费记录；原记录保留。",
    "Correct (or withdraw) a grade's score for a month (P5-R5); the original stays on record.":
        "更正（或撤回）某年级某月的评分（P5-R5）；原记录保留。",
    "Record the end of a one-to-one teacher pairing (P1-R13).": "记录一对一教师结对的结束（P1-R13）。",
    "Record a backbone teacher paired one to one with a teacher whose results rank lowest (P1-R13).":
        "记录骨干教师与成绩排名靠后的教师一对一结对（P1-R13）。",
    "Correct (or, with --retract, withdraw) the days logged from a day: the original stays on record; the "
    "correction says who changed what and why.":
        "更正（或以 --retract 撤回）自某日起登记的在岗天数：原记录保留；更正记明由谁更正了什么及原因。",
    "Record the expert and employer examination (论证) of a new major (P6-R7).":
        "记录新设专业经专家和用人单位论证（P6-R7）。",
    "Record that an institution is (or, without --kind, is no longer) a labour-dispatch firm, HR agency or "
    "other intermediary, from a date (N-INT-9).":
        "记录某机构自某日起为（不给 --kind 则不再是）劳务派遣机构、人力资源机构或其他中介机构（N-INT-9）。",
    "Report the staff on one post of a host (N-INT-11: interns at most 20% of them).":
        "报告实习单位某一岗位的职工人数（N-INT-11：实习生不超过该岗位职工的20%）。",
    "Correct (or withdraw) an evaluation; the original stays on record.": "更正（或撤回）一条评价；原记录保留。",
    "Correct (or withdraw) a leave request; the original stays on record.": "更正（或撤回）一条请假申请；原记录保留。",
    "Correct (or, with --retract, withdraw) a pay record: the original stays on record; the correction says "
    "who changed what and why, and takes effect when the original did.":
        "更正（或以 --retract 撤回）一条报酬记录：原记录保留；更正记明由谁更正了什么及原因，并自原记录生效之时起生效。",
}

OPTIONS: dict[str, str] = {
    "The fulfilment's number, from 1, in the order recorded.": "履约记录序号，按记录顺序自 1 起。",
    "Withdraw the fulfilment as recorded in error.": "撤回误记的履约记录。",
    "Why the record was wrong.": "原记录错误的原因。",
    "The record text (default: none).": "记录文本（默认：无）。",
    "Withdraw the activity as recorded in error.": "撤回误记的活动。",
    "The funding record's number, from 1, in the order recorded.": "经费记录序号，按记录顺序自 1 起。",
    "Withdraw the record as made in error.": "撤回误记的记录。",
    "Withdraw the score as recorded in error.": "撤回误记的评分。",
    "The backbone teacher.": "骨干教师。",
    "The teacher helped.": "受帮扶的教师。",
    "The first day of the span as logged.": "所登记时段的第一天。",
    "Withdraw the span as logged in error.": "撤回误登记的时段。",
    "When it took effect (default: today).": "生效日期（默认：今天）。",
    "Who examined it.": "论证人员。",
    "Omit: no longer an intermediary.": "不填：不再是中介机构。",
    "What the status rests on.": "认定依据。",
    "The post, as internships name it.": "岗位名称（与实习记录一致）。",
    "The evaluation's number, from 1, in the order recorded.": "评价序号，按记录顺序自 1 起。",
    "Withdraw the evaluation as recorded in error.": "撤回误记的评价。",
    "The request's number, from 0, as decide-leave names it.": "请假申请序号，自 0 起，与 decide-leave 一致。",
    "Withdraw the request as recorded in error.": "撤回误记的申请。",
    "The pay record's number, from 1, in the order recorded.": "报酬记录序号，按记录顺序自 1 起。",
}
