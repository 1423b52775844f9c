"""``--lang zh`` covers headers, values, summaries, errors and help, and ``--lang`` and
``--format`` work wherever they are put; every label, message pattern and help text has its
Chinese (a new one without fails here)."""

from __future__ import annotations

import enum
import importlib
import inspect
import json
import re

import click
import pytest
from gtt_cli import commands as commands_pkg
from gtt_cli.argv import normalise
from gtt_cli.help_zh import PARAGRAPHS
from gtt_cli.helpfmt import option_zh, paragraph_zh, texts_of
from gtt_cli.labels import CODED_COLUMNS, HEADERS, VALUES
from gtt_cli.main import gtt
from gtt_cli.messages import PATTERNS, translate

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_lang_and_format_are_taken_wherever_they_stand():
    assert normalise(["internships", "list", "--lang", "zh"]) == (["--lang", "zh", "internships", "list"], "zh")
    assert normalise(["--format", "json", "internships", "list"]) == (
        ["internships", "list", "--format", "json"], None)
    assert normalise(["--db", "sqlite:///x", "--format=csv", "audit", "run", "--lang=zh"]) == (
        ["--lang", "zh", "--db", "sqlite:///x", "audit", "run", "--format", "csv"], "zh")
    # the last --lang wins; arguments after -- are never touched
    assert normalise(["--lang", "en", "show", "X", "--lang", "zh", "--", "--lang", "en"]) == (
        ["--lang", "zh", "show", "X", "--", "--lang", "en"], "zh")
    assert normalise(["history", "X", "--format", "table"])[0] == ["history", "X", "--format", "table"]


def test_lang_after_the_command_and_format_before_it(run):
    school = run("institution", "register", "--kind", "school", "--name", "安溪第一小学", "--region", "Anxi").stdout.strip()
    before = run("--lang", "zh", "institutions", "list", "--format", "table").stdout
    after = run("institutions", "list", "--format", "table", "--lang", "zh").stdout
    assert before == after and before.split()[:4] == ["编号", "类别", "名称", "地区"] and "学校" in before
    assert json.loads(run("--format", "json", "institutions", "list").stdout)[0]["id"] == school
    assert run("--lang", "zh", "history", school, "--format", "table", "--lang", "en").stdout.startswith("Ver")


def test_errors_in_chinese_including_the_closing_line(run):
    usage = run("internships", "list", "--status", "nope", "--lang", "zh")
    assert usage.exit_code == 2
    assert usage.stderr.startswith("错误：'--status' 的值无效：'nope' 不是可选值之一")
    unknown = run("--lang", "zh", "institution", "rename", "--institution-id",
                  "00000000-0000-0000-0000-000000000001", "--name", "X")
    assert (unknown.exit_code, unknown.stderr) == (1, "错误：未找到机构 00000000-0000-0000-0000-000000000001\n")
    school = run("institution", "register", "--kind", "school", "--name", "A", "--region", "R").stdout.strip()
    refused = run("institution", "rename", "--institution-id", school, "--name", "A", "--lang", "zh")
    assert refused.exit_code == 1
    assert refused.stderr == f"错误：机构 {school}：拒绝执行 rename：the name is already 'A'\n"
    invalid = run("institution", "register", "--kind", "school", "--region", "R", "--lang", "zh")
    assert (invalid.exit_code, invalid.stderr) == (2, "错误：输入无效：name (--name)：必填\n")
    english = run("institutions", "show", "nope")
    assert english.stderr.startswith("Error: Invalid value for 'ID': 'nope' is not an id")


#: (English, Chinese) for every pattern of gtt_cli.messages.PATTERNS
SAMPLES = [
    ("No such option '--nme'. Did you mean '--name'?", "没有选项 --nme（是否要用 '--name'？）"),
    ("No such option: --x", "没有选项 --x"),
    ("No such command 'nonsense'.", "没有命令 'nonsense'"),
    ("Missing argument 'ID'.", "缺少参数 'ID'"),
    ("Missing option '--year'.", "缺少选项 '--year'"),
    ("Missing parameter: x", "缺少参数：x"),
    ("Missing command.", "缺少命令"),
    ("Option '--year' requires an argument.", "选项 '--year' 需要一个值"),
    ("Option '--once' does not take a value.", "选项 '--once' 不接受值"),
    ("Got unexpected extra argument (x)", "多余的参数（x）"),
    ("Invalid value for '--year': 'x' is not a valid integer.", "'--year' 的值无效：'x' 不是有效的整数"),
    ("Invalid value: '0' is not a valid float.", "值无效：'0' 不是有效的数字"),
    ("'x' is not one of 'a', 'b'.", "'x' 不是可选值之一：'a', 'b'"),
    ("'x' is not a valid UUID.", "'x' 不是有效的编号（UUID）"),
    ("'x' is not a valid integer.", "'x' 不是有效的整数"),
    ("'x' is not a valid float range.", "'x' 不是有效的数字"),
    ("5 is not in the range 1<=x<=4.", "5 不在范围 1<=x<=4 内"),
    ("File 'a.toml' does not exist.", "文件 'a.toml' 不存在"),
    ("Path 'd' is a directory.", "'d' 是目录，不是文件"),
    ("File 'f' is not writable.", "'f' 不可写"),
    ("File 'f' is not readable.", "'f' 不可读"),
    ("(see 'gtt audit run --help')", "（参见 'gtt audit run --help'）"),
    ("'2025-02-30' is not a date (YYYY-MM-DD)", "'2025-02-30' 不是日期（YYYY-MM-DD）"),
    ("'x' is not an ISO date or time (e.g. 2025-03-01)", "'x' 不是 ISO 日期或时间（例如 2025-03-01）"),
    ("'nope' is not an id (a UUID)", "'nope' 不是编号（UUID、学号或编号等外部编号，或列表中的短编号）"),
    ("'0c0a10ef' matches no internship", "没有与 '0c0a10ef' 对应的实习"),
    ("'0c0a10ef' matches 2 internships; give more of the id", "'0c0a10ef' 对应 2 个实习，请给出更长的编号"),
    ("must not be empty", "不能为空"),
    ("2025-01-01 is before --from 2025-02-01", "2025-01-01 早于 --from 2025-02-01"),
    ("3 open finding(s) at or above high", "3 条未解决的审计发现达到或高于“高”"),
    ("--rule: unknown rule id(s) NOPE-1; see `gtt rules list`", "--rule：未知规则 NOPE-1；参见 `gtt rules list`"),
    ("no rule 'NOPE' in the packs; see `gtt rules list`", "规则包中没有规则 'NOPE'；参见 `gtt rules list`"),
    ("unknown projection nope; known: a, b", "未知投影 nope；已有：a, b"),
    ("the log is empty: give --year", "日志为空：请给出 --year"),
    ("--semester and --quarter cannot be combined: give at most one of --semester, --quarter and --month",
     "--semester and --quarter 不能同时使用：--semester、--quarter、--month 至多给一个"),
    ("--format xlsx writes a binary file: give --output FILE (or redirect the output)",
     "--format xlsx 输出二进制文件：请给出 --output FILE（或重定向输出）"),
    ("more than 1,048,575 rows: too many for one Excel sheet; use --format csv",
     "超过 1,048,575 行，一个 Excel 工作表放不下；请用 --format csv"),
    ("the read side did not reach position 9 within 1 s (institutions at 8)",
     "读模型在 1 秒内未处理到日志位置 9(institutions at 8)"),
    ("2 bad row(s) of 10; nothing was recorded (fix them, or --skip-bad to record the good rows)",
     "10 行中有 2 行有误；未记录任何内容（请修正，或用 --skip-bad 只记录正确的行）"),
    ("the store already holds other records; use another --db, or --fresh for an SQLite file you mean to replace",
     "存储中已有其他记录；请换一个 --db，或对要替换的 SQLite 文件使用 --fresh"),
    ("--json: expected a JSON object or a non-empty array of objects", "--json：应为 JSON 对象或非空的对象数组"),
    ("--json: not valid JSON: Expecting value at line 1 column 1", "--json： 不是有效的 JSON：Expecting value at line 1 column 1"),
    ("--json: cannot read x.json: No such file or directory", "--json：无法读取 x.json：No such file or directory"),
    ("item 2: invalid input: name: Field required", "第 2 项：输入无效：name：必填"),
    ("database error (OperationalError): locked", "数据库错误（OperationalError）：locked"),
    ("database unavailable: no connection within 2 s (GTT_DB_TIMEOUT); is the server running?",
     "数据库不可用：2 秒内未能连接（GTT_DB_TIMEOUT）；数据库服务是否在运行？"),
    ("database busy: a lock was not granted within 10 s (GTT_DB_TIMEOUT); another writer holds it, try again",
     "数据库繁忙：10 秒内未获得锁（GTT_DB_TIMEOUT）；另一写入方正占用，请稍后重试"),
    ("GTT_DB_TIMEOUT must be a whole number of seconds (1 or more), got 'soon'",
     "GTT_DB_TIMEOUT 应为整数秒（至少 1），实际为 'soon'"),
    ("unexpected KeyError: 'x' (set GTT_DEBUG=1 to see the traceback)", "意外错误 KeyError：'x'（设置 GTT_DEBUG=1 可查看调用栈）"),
    ("invalid input: year (--year): Input should be a valid integer, got 'x'", "输入无效：year (--year)：应为整数，实际为 'x'"),
    ("--pack: no shipped pack 'NOPE'", "--pack：no shipped pack 'NOPE'"),
    ("Field required", "必填"),
    ("Input should be a valid date or datetime, month value is outside expected range",
     "应为有效日期（month value is outside expected range）"),
    ("Input should be a valid date", "应为有效日期"),
    ("Input should be a valid UUID, invalid length", "应为有效编号（UUID）, invalid length"),
    ("Input should be a valid integer", "应为整数"),
    ("Input should be a valid decimal", "应为数字"),
    ("Input should be a valid number", "应为数字"),
    ("Input should be greater than or equal to 0", "应大于或等于 0"),
    ("Input should be greater than 0", "应大于 0"),
    ("Input should be less than or equal to 24", "应小于或等于 24"),
    ("Input should be 'school' or 'enterprise'", "应为 'school' or 'enterprise'"),
    ("String should have at least 1 character", "至少 1 个字符"),
    ("String should have at most 200 characters", "至多 200 个字符"),
    ("Value error, the period ends before it starts", "the period ends before it starts"),
    (", got 'x'", "，实际为 'x'"),
]


@pytest.mark.parametrize(("english", "chinese"), SAMPLES, ids=[s[0][:40] for s in SAMPLES])
def test_each_message_pattern_turns_into_chinese(english, chinese):
    assert translate(english) == chinese


def test_every_message_pattern_has_a_sample():
    untested = [p for p, _ in PATTERNS if not any(re.match(p + r"\Z", e, re.S) for e, _ in SAMPLES)]
    assert not untested


def test_every_help_text_has_chinese():
    missing = []
    for cmd in [gtt, *commands_pkg.all_commands()]:
        for kind, text in texts_of(cmd):
            if kind == "paragraph" and paragraph_zh(*text) is None:
                missing.append(text[1][:80])
            if kind == "option" and option_zh(text) is None:
                missing.append(text[:80])
    assert not sorted(set(missing)), "help texts without Chinese (add them to gtt_cli/help_zh.py)"
    assert all(CJK.search(zh) for zh in PARAGRAPHS.values())


def test_help_in_chinese_wherever_lang_is_given(run):
    for args in (["--lang", "zh", "internships", "list", "--help"], ["internships", "list", "--help", "--lang", "zh"]):
        out = run(*args)
        assert out.exit_code == 0
        assert out.stdout.startswith("用法：gtt internships list [选项]")
        assert "按计划开始日期列出实习" in out.stdout and "选项：" in out.stdout and "只看此学生。" in out.stdout
        assert all(click.unstyle(line) == line for line in out.stdout.splitlines())
    root = run("--help", env={"GTT_LANG": "zh"}).stdout
    assert "写入命令：" in root and "查询：" in root and "显示本帮助并退出。" in root
    assert run("internships", "list", "--help").stdout.startswith("Usage: gtt internships list [OPTIONS]")


def test_every_code_and_column_has_a_chinese_label():
    enums = []
    for name in ("community_parts", "agreement_parts", "internship_state", "values", "person", "exchange_parts"):
        module = importlib.import_module(f"gtt_domain.domain.{name}")
        enums += [v for v in vars(module).values()
                  if inspect.isclass(v) and issubclass(v, enum.StrEnum) and v.__module__ == module.__name__]
    missing = sorted({m.value for e in enums for m in e if m.value not in VALUES})
    assert not missing, "enum values without a label in gtt_cli/labels.py VALUES"
    from gtt_domain.audit import SEVERITIES

    assert set(SEVERITIES) <= set(VALUES)

    from gtt_projections.queries.base import ReadRow

    columns = set()
    for name in ("agreements", "communities", "exchanges", "institutions", "internships", "persons", "timeline"):
        module = importlib.import_module(f"gtt_projections.queries.{name}")
        for v in vars(module).values():
            if inspect.isclass(v) and issubclass(v, ReadRow) and v is not ReadRow:
                columns |= set(v.model_fields)
    for module_name in commands_pkg.MODULES:
        module = importlib.import_module(f"gtt_cli.commands.{module_name}")
        for attr, value in vars(module).items():
            if attr.endswith(("COLUMNS", "_TABLE")) and isinstance(value, tuple):
                columns |= set(value)
            if attr == "CHILDREN":
                columns |= {c for cols in value.values() for c in cols} | set(value)
            if attr == "NAMES":
                columns |= set(value)
    missing = sorted(c for c in columns if c not in HEADERS)
    assert not missing, "columns without a header in gtt_cli/labels.py HEADERS"
    assert all(CJK.search(zh) or zh.replace(".", "").isdigit() for _, zh in HEADERS.values())
    assert CODED_COLUMNS <= set(HEADERS) | {"semester_kind"}
