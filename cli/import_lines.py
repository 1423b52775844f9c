"""The lines ``gtt import`` prints for bad rows and unreadable files, in English or Chinese.

One line per distinct problem (its column, reason, count and first rows; see
``gtt_domain.imports.problems``). In Chinese the frame, the column's label and the
reasons an import writes are translated; pydantic's reasons go through
:func:`gtt_cli.messages.translate`; anything else is shown as written.
"""

from __future__ import annotations

import re

from gtt_cli.i18n import value_label
from gtt_cli.messages import translate

from gtt_domain.imports.problems import ProblemGroup
from gtt_domain.imports.reading import ImportFileError

#: (English reason pattern, Chinese template with {1}, {2}…)
REASONS: list[tuple[str, str]] = [
    (r"is required", "必填"),
    (r"is required \(the row's external id\)", "必填（该行的外部编号）"),
    (r"is not a date \(write 2025-09-08, 2025/9/8 or 2025年9月8日\)", "不是日期（请写 2025-09-08、2025/9/8 或 2025年9月8日）"),
    (r"is not a date: (.+)", "不是有效日期：{1}"),
    (r"is not a date \(an Excel date number is (.+)\)", "不是日期（Excel 日期序号应为 1950..2100 年内的整数天）"),
    (r"is not yes or no \(write (.+)\)", "不是“是/否”（请写 是/否、yes/no 或 1/0）"),
    (r"is not one of: (.+)", "不是可选值之一：{1}"),
    (r"repeats an earlier row of this file \(same key\)", "与本文件前面的行重复（键相同）"),
    (r"repeats the internship of line (\d+) \(same key (.+)\)", "与第 {1} 行的实习重复（键 {2} 相同）"),
    (r"no (\w+) with external id (.+) is recorded \(import the \w+s first\)", "没有外部编号为 {2} 的{1:value}记录（请先导入）"),
    (r"no (\w+) with external id (.+) is recorded", "没有外部编号为 {2} 的{1:value}记录"),
    (r"no institution (.+) is recorded; to register it give its region \((.+)\)",
     "没有机构 {1} 的记录；要登记它，请给出所在区县（{2}）"),
    (r"student number (.+) is named (.+) on an earlier row", "学号 {1} 在前面的行中姓名为 {2}"),
    (r"needs the admission date (.+)", "需要入学日期（入学日期 列），或不填专业"),
    (r"(\d+) values for (\d+) columns \((fewer|more)\); (.+)", "{1} 个值对应 {2} 列；该行是否被截断或逗号未加引号？"),
    (r"(\d+) value\(s\) under no header", "有 {1} 个值所在列没有标题"),
    (r"not a JSON object(.*)", "不是 JSON 对象{1}"),
    (r"refused: (.+)", "被拒绝：{1}"),
    (r"is a number Excel rounded to 15 digits; format the column as text and type it again",
     "是被 Excel 舍入到 15 位的数字；请把该列设为文本格式后重新输入"),
]
_REASONS = [(re.compile(p + r"\Z", re.S), t) for p, t in REASONS]
#: reasons of an unreadable file
FILE_REASONS: list[tuple[str, str]] = [
    (r"unknown column (.+) \(see docs/import\.md\)", "未知列 {1}（见 docs/import.md）"),
    (r"columns (.+) and (.+) are the same column (.+)", "列 {1} 与 {2} 是同一列 {3}"),
    (r"not UTF-8 or GBK/GB18030 text; give --encoding (.+)", "既不是 UTF-8 也不是 GBK/GB18030 文本；请给出 --encoding {1}"),
    (r"not (.+) text \((.+)\); (.+)", "不是 {1} 文本（{2}）"),
    (r"unknown encoding (.+) \((.+)\)", "未知编码 {1}（{2}）"),
    (r"the file is empty \(no header line\)", "文件为空（没有标题行）"),
    (r"the sheet is empty \(no header row\)", "工作表为空（没有标题行）"),
    (r"no sheet (.+) \(the workbook has (.+)\)", "没有工作表 {1}（工作簿中有 {2}）"),
    (r"not a readable workbook (.+)", "不是可读取的工作簿 {1}"),
    (r"broken CSV (.+)", "CSV 格式损坏 {1}"),
]
_FILE_REASONS = [(re.compile(p + r"\Z", re.S), t) for p, t in FILE_REASONS]


def _fill(template: str, m: re.Match[str]) -> str:
    """``{1}``: group 1 as written; ``{1:value}``: its Chinese label (``person`` -> 人员)."""
    def one(sub: re.Match[str]) -> str:
        text = m.group(int(sub.group(1))) or ""
        return value_label(text, "zh") if sub.group(2) == "value" else text

    return re.sub(r"\{(\d+)(?::(\w+))?\}", one, template)


def reason_zh(reason: str) -> str:
    for pattern, template in _REASONS:
        m = pattern.match(reason)
        if m:
            return _fill(template, m)
    return translate(reason)


def problem_line(group: ProblemGroup, path: str, lang: str) -> str:
    if lang != "zh":
        return group.line_text(path)
    reason = reason_zh(group.reason)
    if group.count == 1:
        got = f"（实际为 {group.example}）" if group.example is not None else ""
        return f"{path}：第 {group.lines[0]} 行，列 {group.column}：{reason}{got}"
    more = "、…" if group.count > len(group.lines) else ""
    first = f"（第一个值：{group.example}）" if group.example is not None else ""
    lines = "、".join(map(str, group.lines))
    return f"{path}：列 {group.column}，共 {group.count} 行（第 {lines}{more} 行）：{reason}{first}"


def file_error_line(error: ImportFileError, lang: str) -> str | None:
    """The Chinese line for an unreadable file (``None`` in English)."""
    if lang != "zh":
        return None
    reason = error.reason
    for pattern, template in _FILE_REASONS:
        m = pattern.match(reason)
        if m:
            reason = _fill(template, m)
            break
    where = f"{error.path}：第 {error.line} 行" if error.line else error.path
    return f"{where}：{reason}；未记录任何内容"


__all__ = ["FILE_REASONS", "REASONS", "file_error_line", "problem_line", "reason_zh"]
