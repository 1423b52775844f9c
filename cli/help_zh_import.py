"""Chinese help for ``gtt import`` (issue 15: workbooks, encodings, the roster). Merged into
:mod:`gtt_cli.help_zh` by its explicit list."""

from __future__ import annotations

PARAGRAPHS: dict[str, str] = {
    "Import an Excel workbook (.xlsx), a CSV or a JSON Lines file.":
        "导入 Excel 工作簿（.xlsx）、CSV 或 JSON Lines 文件。",
    "CSV may be UTF-8 (with or without BOM) or GBK/GB18030 as Excel on Chinese Windows saves it (detected; or "
    "give --encoding). Headers may be English or Chinese, enum values English or Chinese (岗位实习, 男/女), dates "
    "as Excel writes them (2025/9/8, 2025年9月8日, date numbers). Every row is checked before anything is "
    "recorded: with any bad row nothing is recorded and each distinct problem is reported once with its count "
    "and first lines (exit 2), unless --skip-bad, which records the good rows and writes the bad ones with their "
    "reasons to a reject file. --kind roster takes one sheet of students, schools, hosts, posts and periods and "
    "records it in one transaction. Rows carry external ids, so importing the same file again records nothing "
    "twice. Columns per kind, with their Chinese headers: docs/import.md.":
        "CSV 可为 UTF-8（带或不带 BOM）或中文 Windows 版 Excel 保存的 GBK/GB18030（自动识别，也可用 --encoding 指定）。"
        "标题可用英文或中文，枚举值可用英文或中文（岗位实习、男/女），日期可按 Excel 的写法（2025/9/8、2025年9月8日、"
        "日期序号）。记录前先检查每一行：只要有错误行就不记录任何内容，每种问题只报告一行，附行数和前几行的行号（退出码 2），"
        "除非使用 --skip-bad：记录正确的行，并把错误行及原因写入拒收文件。--kind roster 读取一张包含学生、学校、实习单位、"
        "岗位和期间的名单，并在一个事务中记录。各行带外部编号，再次导入同一文件不会重复记录。各类别的列及中文标题见 "
        "docs/import.md。",
}

OPTIONS: dict[str, str] = {
    "File format [default: jsonl for .jsonl/.ndjson, xlsx for workbooks, else csv].":
        "文件格式［默认：.jsonl/.ndjson 为 jsonl，工作簿为 xlsx，否则为 csv］。",
    "Text encoding of a CSV or JSON Lines file (e.g. gbk) [default: detected].":
        "CSV 或 JSON Lines 文件的文本编码（如 gbk）［默认：自动识别］。",
    "The workbook's sheet to read [default: the first].": "要读取的工作表［默认：第一个］。",
    "Roster: the region (district or county) of schools and hosts it registers.":
        "名单导入：新登记的学校和实习单位所在的区县。",
}
