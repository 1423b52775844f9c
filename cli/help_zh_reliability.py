"""Chinese help for issue 17 (reliability): the import journal and the demo's completion
marker. Merged into :mod:`gtt_cli.help_zh` by its explicit list."""

from __future__ import annotations

PARAGRAPHS: dict[str, str] = {
    "The write pass records a batch per transaction and journals each batch in the same transaction. An "
    "import that stops part-way (killed, disk full, connection lost, write conflicts that do not clear) keeps "
    "the batches before it; the same command again resumes after the last journaled line, so every row is "
    "recorded exactly once.":
        "写入阶段每批一个事务，并在同一事务中把该批记入导入日志。中途停止的导入（进程被终止、磁盘已满、连接中断、"
        "写冲突重试后仍未解决）保留此前已写入的批次；再次运行同一命令会从日志中最后一行之后继续，每一行恰好记录一次。",
    "The demo records a completion marker in its last transaction. A store holding an interrupted demo is "
    "named as such (exit 1); --fresh records it again.":
        "演示在最后一个事务中记录完成标记。含有未完成演示的存储会被明确指出（退出码 1）；使用 --fresh 重新记录。",
}

OPTIONS: dict[str, str] = {}
