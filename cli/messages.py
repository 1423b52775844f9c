"""Error and summary lines in Chinese (``--lang zh``).

The English texts are written where they are raised (click's usage errors, the CLI's own
checks, the library's errors); this module turns a finished English line into Chinese:
the library's errors by their structure (aggregate, command, reason), the rest by the
patterns below. A reason written by the domain stays in English inside a Chinese frame
(the domain keeps one language); a line no pattern knows is shown as it is. A test runs
each pattern over the message it is for.
"""

from __future__ import annotations

import re

from gtt_cli.i18n import label, value_label

#: (English pattern, Chinese template with ``{1}``, ``{2}``… for the groups)
PATTERNS: list[tuple[str, str]] = [
    # click's usage errors (click.exceptions, click.types)
    (r"No such option:? '?([^'.\s][^'.]*)'?\.?(?: Did you mean (.+)\?)?", "没有选项 {1}{2?（是否要用 {2}？）}"),
    (r"No such command '([^']+)'\.?", "没有命令 '{1}'"),
    (r"Missing argument '([^']+)'\.?", "缺少参数 '{1}'"),
    (r"Missing option '([^']+)'\.?", "缺少选项 '{1}'"),
    (r"Missing parameter: (.+)", "缺少参数：{1}"),
    (r"Missing command\.", "缺少命令"),
    (r"Option '([^']+)' requires an argument\.", "选项 '{1}' 需要一个值"),
    (r"Option '([^']+)' does not take a value\.", "选项 '{1}' 不接受值"),
    (r"Got unexpected extra arguments? \((.+)\)", "多余的参数（{1}）"),
    (r"Invalid value for (.+?): (.+)", "{1} 的值无效：{2:msg}"),
    (r"Invalid value: (.+)", "值无效：{1:msg}"),
    (r"'(.*)' is not one of (.+)\.", "'{1}' 不是可选值之一：{2}"),
    (r"'(.*)' is not a valid UUID\.", "'{1}' 不是有效的编号（UUID）"),
    (r"'(.*)' is not a valid integer( range)?\.", "'{1}' 不是有效的整数"),
    (r"'(.*)' is not a valid float( range)?\.", "'{1}' 不是有效的数字"),
    (r"(-?\d+) is not in the range (.+)\.", "{1} 不在范围 {2} 内"),
    (r"(File|Path|Directory) '(.+)' does not exist\.", "文件 '{2}' 不存在"),
    (r"(File|Path|Directory) '(.+)' is a directory\.", "'{2}' 是目录，不是文件"),
    (r"(File|Path|Directory) '(.+)' is not writable\.", "'{2}' 不可写"),
    (r"(File|Path|Directory) '(.+)' is not readable\.", "'{2}' 不可读"),
    (r"\(see '(.+) --help'\)", "（参见 '{1} --help'）"),
    # the CLI's own checks (cli/params.py, cli/commands/*)
    (r"'(.*)' is not a date \(YYYY-MM-DD\)", "'{1}' 不是日期（YYYY-MM-DD）"),
    (r"'(.*)' is not an ISO date or time \(e\.g\. (.+)\)", "'{1}' 不是 ISO 日期或时间（例如 {2}）"),
    (r"'(.*)' is not an id \((.+)\)", "'{1}' 不是编号（UUID、学号或编号等外部编号，或列表中的短编号）"),
    (r"'(.*)' matches no (\w+)", "没有与 '{1}' 对应的{2:value}"),
    (r"'(.*)' matches (\d+) (\w+?)s?; give more of the id", "'{1}' 对应 {2} 个{3:value}，请给出更长的编号"),
    (r"must not be empty", "不能为空"),
    (r"(.+) is before --from (.+)", "{1} 早于 --from {2}"),
    (r"(\d+) open finding\(s\) at or above (\w+)", "{1} 条未解决的审计发现达到或高于“{2:value}”"),
    (r"--rule: unknown rule id\(s\) (.+); see `gtt rules list`", "--rule：未知规则 {1}；参见 `gtt rules list`"),
    (r"no rule '(.+)' in the packs; see `gtt rules list`", "规则包中没有规则 '{1}'；参见 `gtt rules list`"),
    (r"unknown projection (.+); known: (.+)", "未知投影 {1}；已有：{2}"),
    (r"the log is empty: give --year", "日志为空：请给出 --year"),
    (r"(--semester and --quarter|--semester and --month|--quarter and --month|--semester and --quarter and --month)"
     r" cannot be combined: give at most one of --semester, --quarter and --month",
     "{1} 不能同时使用：--semester、--quarter、--month 至多给一个"),
    (r"--format xlsx writes a binary file: give --output FILE \(or redirect the output\)",
     "--format xlsx 输出二进制文件：请给出 --output FILE（或重定向输出）"),
    (r"more than ([\d,]+) rows: too many for one Excel sheet; use --format csv",
     "超过 {1} 行，一个 Excel 工作表放不下；请用 --format csv"),
    (r"the read side did not reach position (\d+) within ([\d.]+) s (.+)", "读模型在 {2} 秒内未处理到日志位置 {1}{3}"),
    (r"(\d+) bad row\(s\) of (\d+)(.*); nothing was recorded \(fix them, or --skip-bad to record the good rows\)",
     "{2} 行中有 {1} 行有误{3}；未记录任何内容（请修正，或用 --skip-bad 只记录正确的行）"),
    (r"the store already holds other records; use another --db, or --fresh for an SQLite file you mean to replace",
     "存储中已有其他记录；请换一个 --db，或对要替换的 SQLite 文件使用 --fresh"),
    (r"--json: expected a JSON object or a non-empty array of objects", "--json：应为 JSON 对象或非空的对象数组"),
    (r"--json:(.*) not valid JSON: (.+)", "--json：{1} 不是有效的 JSON：{2}"),
    (r"--json: cannot read (.+): (.+)", "--json：无法读取 {1}：{2}"),
    (r"item (\d+): (.+)", "第 {1} 项：{2:msg}"),
    (r"database error \((\w+)\): (.+)", "数据库错误（{1}）：{2}"),
    # issue 17: bounded waits (gtt_domain.application.postgres)
    (r"database unavailable: no connection within (\d+) s \(GTT_DB_TIMEOUT\); is the server running\?",
     "数据库不可用：{1} 秒内未能连接（GTT_DB_TIMEOUT）；数据库服务是否在运行？"),
    (r"database busy: a lock was not granted within (\d+) s \(GTT_DB_TIMEOUT\); another writer holds it, try again",
     "数据库繁忙：{1} 秒内未获得锁（GTT_DB_TIMEOUT）；另一写入方正占用，请稍后重试"),
    (r"GTT_DB_TIMEOUT must be a whole number of seconds \(1 or more\), got (.+)",
     "GTT_DB_TIMEOUT 应为整数秒（至少 1），实际为 {1}"),
    (r"unexpected (\w+): (.+) \(set GTT_DEBUG=1 to see the traceback\)", "意外错误 {1}：{2}（设置 GTT_DEBUG=1 可查看调用栈）"),
    (r"invalid input: (.+)", "输入无效：{1:fields}"),
    (r"--(pack|criteria): (.+)", "--{1}：{2}"),
    # pydantic's messages inside "invalid input: field: message"
    (r"Field required", "必填"),
    (r"Input should be a valid date or datetime, (.+)", "应为有效日期（{1}）"),
    (r"Input should be a valid date(.*)", "应为有效日期{1}"),
    (r"Input should be a valid UUID(.*)", "应为有效编号（UUID）{1}"),
    (r"Input should be a valid integer(.*)", "应为整数{1}"),
    (r"Input should be a valid decimal(.*)", "应为数字{1}"),
    (r"Input should be a valid number(.*)", "应为数字{1}"),
    (r"Input should be greater than or equal to (\S+)(.*)", "应大于或等于 {1}{2}"),
    (r"Input should be greater than (\S+)(.*)", "应大于 {1}{2}"),
    (r"Input should be less than or equal to (\S+)(.*)", "应小于或等于 {1}{2}"),
    (r"Input should be (.+)", "应为 {1}"),
    (r"String should have at least (\d+) characters?(.*)", "至少 {1} 个字符{2}"),
    (r"String should have at most (\d+) characters?(.*)", "至多 {1} 个字符{2}"),
    (r"Value error, (.+)", "{1}"),
    (r", got (.+)", "，实际为 {1}"),
]

COMPILED = [(re.compile(p + r"\Z", re.S), t) for p, t in PATTERNS]
SUB = re.compile(r"\{(\d+)(?::(\w+))?\}")


def _fill(template: str, m: re.Match[str]) -> str:
    def one(sub: re.Match[str]) -> str:
        n, how = int(sub.group(1)), sub.group(2)
        value = m.group(n) or ""
        if how == "value":
            return value_label(value, "zh")
        if how == "msg":
            return translate(value)
        if how == "fields":
            return "；".join(_field(part) for part in value.split("; "))
        return value

    # ``{2?（是否要用 {2}？）}``: the text only when group 2 matched
    out = re.sub(r"\{(\d+)\?([^{}]*)\{\1\}([^{}]*)\}",
                 lambda s: (s.group(2) + (m.group(int(s.group(1))) or "") + s.group(3))
                 if m.group(int(s.group(1))) else "", template)
    return SUB.sub(one, out)


def _field(part: str) -> str:
    """``name (--name): Field required, got 'x'`` -> ``name (--name)：必填，实际为 'x'``."""
    where, sep, message = part.partition(": ")
    if not sep:
        return translate(part)
    got = ""
    if ", got " in message and not message.startswith("Value error"):
        message, _, given = message.rpartition(", got ")
        got = f"，实际为 {given}"
    return f"{where}：{translate(message)}{got}"


def translate(text: str) -> str:
    """A Chinese line for an English one this module knows; otherwise ``text`` itself."""
    text = text.strip()
    for pattern, template in COMPILED:
        m = pattern.match(text)
        if m:
            return _fill(template, m)
    hint = re.search(r" \(see '(.+) --help'\)\Z", text)
    if hint:
        return translate(text[: hint.start()]) + f"（参见 '{hint.group(1)} --help'）"
    return text


def gtt_error_zh(error: Exception) -> str | None:
    """The library's errors by their parts (see ``gtt_domain.domain.errors``)."""
    from gtt_domain.application.errors import BatchError
    from gtt_domain.domain.errors import (
        ConflictError,
        DomainError,
        NotAuthorisedError,
        NotFoundError,
    )

    if isinstance(error, DomainError):
        ident = f" {error.aggregate_id}" if getattr(error, "aggregate_id", None) else ""
        return f"{label(error.aggregate, 'zh')}{ident}：拒绝执行 {error.command}：{error.reason}"
    if isinstance(error, NotFoundError):
        return f"未找到{label(error.kind, 'zh')} {error.aggregate_id}"
    if isinstance(error, NotAuthorisedError):
        reason = getattr(error, "reason", None) or str(error).partition(": ")[2]
        return f"记录人 {error.actor!r} 无权执行 {error.command}：{reason}"
    if isinstance(error, ConflictError):
        return f"另一记录人已先修改同一对象，请重新读取后再试（{error}）"
    if isinstance(error, BatchError):
        inner = gtt_error_zh(error.error) if isinstance(error.error, Exception) else None
        return f"批量第 {error.index + 1} 项：{inner or translate(str(error.error))}"
    return None


#: summary lines printed on success (``name`` -> English, Chinese)
SUMMARIES: dict[str, tuple[str, str]] = {
    "rows_written": ("{n} row(s) of {table} written to {path}", "已将 {table} 的 {n} 行写入 {path}"),
    "sheet_written": ("{n} row(s) written to {path}", "已将 {n} 行写入 {path}"),
    "personal_data_erased": ("erased personal data of {id}", "已删除 {id} 的个人信息"),
    # issue 16: erasure asks first
    "confirm_erasure": ("Erase the personal data of {id}? This cannot be undone",
                        "删除 {id} 的个人信息？此操作不可撤销"),
}


def summary(name: str, lang: str, **values: object) -> str:
    en, zh = SUMMARIES[name]
    return (zh if lang == "zh" else en).format(**values)

