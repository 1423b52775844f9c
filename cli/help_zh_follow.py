"""Chinese help for following through database outages (``gtt projections run``, issue 17).
Merged into :mod:`gtt_cli.help_zh` by its explicit list."""

from __future__ import annotations

PARAGRAPHS: dict[str, str] = {
    "A lost database connection does not stop it: it prints one line per attempt, reconnects with backoff "
    "(0.5 s doubling to 30 s) and resumes from the stored positions. Writes and other commands wait at most "
    "GTT_DB_TIMEOUT seconds (default 10) for the database, then fail with one line.":
        "数据库连接中断不会使其停止：每次重试打印一行，按退避间隔（0.5 秒起倍增至 30 秒）重新连接，并从已存储的位置继续。"
        "写入及其他命令最多等待数据库 GTT_DB_TIMEOUT 秒（默认 10 秒），随后以一行错误信息失败。",
}

OPTIONS: dict[str, str] = {}
