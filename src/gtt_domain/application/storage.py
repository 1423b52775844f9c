"""Storage faults named as what they are.

* :func:`check_store_file`: before an SQLite store is opened, an empty file, a file that
  is not an SQLite database, or another program's SQLite database is refused with a
  :class:`StoreFileError` naming it (nothing is created in it).
* :func:`storage_fault`: the one-line description of a database error that is a fault of
  the storage, not of the command — "database file is corrupt", "disk is full",
  "database is read-only", "cannot open the database file" — or ``None``. The line holds
  no SQL and no driver text beyond the fault's name.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from pathlib import Path

from gtt_domain.application.config import is_read_only, sqlite_access, sqlite_path
from gtt_domain.domain.errors import GttError

SQLITE_HEADER = b"SQLite format 3\x00"
#: the table every gtt store has (eventsourcing's application recorder)
EVENTS_TABLE = "stored_events"


class StoreFileError(GttError):
    """The file named as the store is not a gtt store (empty, not SQLite, another program's);
    ``zh``: the same line in Chinese."""

    def __init__(self, message: str, zh: str):
        self.zh = zh
        super().__init__(message)


class StorageFault(GttError):
    """A fault of the storage under a command: ``kind`` is corrupt, full, read_only,
    unopenable or io; ``short`` names it without advice ("disk is full (PATH)")."""

    def __init__(self, kind: str, message: str, short: str | None = None, where: str = ""):
        self.kind = kind
        self.short = short or message
        #: `` (PATH)`` for an SQLite file, else empty
        self.where = where
        super().__init__(message)


def check_store_file(url: str) -> None:
    """Refuse an SQLite URL whose file exists but is not a gtt store. A missing file, or
    an SQLite database with no tables yet, is a new store and passes."""
    if not url.startswith("sqlite:///"):
        return
    path = sqlite_path(url)
    if path == ":memory:" or path.startswith("file:"):
        return
    file = Path(path).expanduser()
    if file.is_dir():
        raise StoreFileError(f"{path} is a directory, not a gtt store: name a file with --db or $GTT_DATABASE_URL",
                             f"{path} 是目录，不是 gtt 存储：请用 --db 或 $GTT_DATABASE_URL 指定一个文件")
    if not file.is_file():
        return
    head = _header(file)
    if not head:
        # another process may be creating the store this moment (SQLite creates the file,
        # then writes its first page): give it a moment before calling the file empty
        for _ in range(10):
            if Path(f"{file}-wal").exists():
                return
            time.sleep(0.05)
            head = _header(file)
            if head:
                break
    if not head:
        raise StoreFileError(
            f"{path} is an empty file (0 bytes), not a gtt store: if it held a store, restore it "
            "from a backup; to start a new store there, delete the file first",
            f"{path} 是空文件（0 字节），不是 gtt 存储：如原为存储，请从备份恢复；如要在此新建存储，请先删除该文件")
    if head != SQLITE_HEADER:
        raise StoreFileError(
            f"{path} is not a gtt store: it is not an SQLite database file "
            "(another kind of file, or a store whose first page is corrupt)",
            f"{path} 不是 gtt 存储：它不是 SQLite 数据库文件（其他类型的文件，或首页已损坏的存储）")
    try:
        tables = _tables(path)
    except sqlite3.DatabaseError as e:
        fault = storage_fault(e, url)
        raise fault if fault is not None else e from None
    if tables and EVENTS_TABLE not in tables:
        raise StoreFileError(
            f"{path} is an SQLite database but not a gtt store (no {EVENTS_TABLE} table among its "
            f"{len(tables)} table(s)); name another file with --db or $GTT_DATABASE_URL",
            f"{path} 是 SQLite 数据库，但不是 gtt 存储（其 {len(tables)} 个表中没有 {EVENTS_TABLE}）；"
            "请用 --db 或 $GTT_DATABASE_URL 指定其他文件")


def _header(file: Path) -> bytes:
    """:data:`SQLITE_HEADER` for an SQLite file, ``b""`` for an empty one, else other bytes.

    Read through SQLite, never with ``open()``: closing any descriptor of the file drops
    every POSIX lock this process's SQLite connections hold on it, and another process
    may then checkpoint pages they still read (SQLite's own handles know of each other)."""
    try:
        if file.stat().st_size == 0:
            return b""
    except OSError:
        return b""
    from urllib.parse import quote

    conn = sqlite3.connect(f"file:{quote(str(file.resolve()))}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as e:
        if "not a database" in str(e):
            return b"not SQLite"
        return SQLITE_HEADER  # an SQLite file with another problem: named by the next step
    finally:
        conn.close()
    return SQLITE_HEADER


def _tables(path: str) -> set[str]:
    access = sqlite_access(path)
    if access == "rw":
        conn = sqlite3.connect(path, timeout=30)
    else:
        from gtt_domain.application.config import _sqlite_uri

        conn = sqlite3.connect(_sqlite_uri(path, access), uri=True, timeout=30)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def check_pages(url: str) -> None:
    """SQLite's ``PRAGMA quick_check`` over the whole file (every page of every table and
    index, O(size)); raises a ``corrupt`` :class:`StorageFault` naming the first problem.
    Other databases check their own pages: nothing to do here."""
    if not url.startswith("sqlite:///"):
        return
    path = sqlite_path(url)
    if path == ":memory:" or not Path(path).expanduser().is_file():
        return
    access = sqlite_access(path)
    if access == "rw":
        conn = sqlite3.connect(path, timeout=30)
    else:
        from gtt_domain.application.config import _sqlite_uri

        conn = sqlite3.connect(_sqlite_uri(path, access), uri=True, timeout=30)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as e:
        fault = storage_fault(e, url)
        raise fault if fault is not None else e from None
    finally:
        conn.close()
    if rows != ["ok"]:
        first = " ".join(" ".join(rows[:2]).split())[:100]
        raise StorageFault("corrupt", f"database file is corrupt ({path}): SQLite's page check found "
                                      f"{len(rows)} problem(s), the first: {first}; restore it from a backup")


#: (what the driver says, lower case) -> fault kind
_SIGNS = (
    ("database disk image is malformed", "corrupt"),
    ("file is not a database", "corrupt"),
    ("file is encrypted or is not a database", "corrupt"),
    ("database or disk is full", "full"),
    ("no space left on device", "full"),
    ("could not extend file", "full"),  # PostgreSQL
    ("could not write to file", "full"),  # PostgreSQL, ENOSPC in a temporary file
    ("attempt to write a readonly database", "read_only"),
    ("readonly database", "read_only"),
    ("read-only transaction", "read_only"),  # PostgreSQL hot standby / default_transaction_read_only
    ("read-only file system", "read_only"),
    ("unable to open database file", "unopenable"),
    ("disk i/o error", "io"),
)


def fault_kind(error: BaseException) -> str | None:
    """The fault kind of ``error`` or of an error it was raised from, else ``None``."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StorageFault):
            return current.kind
        if isinstance(current, OSError) and current.errno == errno.ENOSPC:
            return "full"
        if isinstance(current, OSError) and current.errno == errno.EROFS:
            return "read_only"
        text = str(current).lower()
        for sign, kind in _SIGNS:
            if sign in text:
                return kind
        current = current.__cause__ or current.__context__
    return None


def storage_fault(error: BaseException, url: str | None = None) -> StorageFault | None:
    """``error`` as a :class:`StorageFault` with a one-line message, or ``None``."""
    if isinstance(error, StorageFault):
        return error
    if isinstance(error, StoreFileError):  # named already
        return None
    kind = fault_kind(error)
    if kind is None and url is not None and is_read_only(url) and "no such table" in str(error):
        kind = "unbuilt"  # a read table the read-only store never had: nothing may create it
    if kind is None:
        return None
    if kind == "io" and _no_space_left(url):  # SQLite reports some writes to a full disk as I/O errors
        kind = "full"
    where = _where(url)
    messages = {
        "corrupt": f"database file is corrupt{where}: restore it from a backup",
        "full": f"disk is full{where}: nothing of the failed command was recorded; free space "
                "and run it again",
        "read_only": f"database is read-only{where}: queries work, recording needs write access",
        "unopenable": f"cannot open the database file{where}: check that its directory exists "
                      "and may be read",
        "io": f"disk I/O error{where}: the storage under the database failed; check the disk, "
              "then `gtt audit verify`",
        "unbuilt": f"database is read-only{where} and its read tables were never built: build them "
                   "where it is writable (`gtt projections run --once`), then query the copy",
    }
    shorts = {"corrupt": "database file is corrupt", "full": "disk is full", "read_only": "database is read-only",
              "unopenable": "cannot open the database file", "io": "disk I/O error",
              "unbuilt": "database is read-only"}
    return StorageFault(kind, messages[kind], f"{shorts[kind]}{where}", where)


def _no_space_left(url: str | None) -> bool:
    if not url or not url.startswith("sqlite:///"):
        return False
    try:
        stat = os.statvfs(Path(sqlite_path(url)).expanduser().resolve().parent)
    except (OSError, ValueError):
        return False
    return stat.f_bavail * stat.f_frsize < 64 * 1024


def _where(url: str | None) -> str:
    if url and url.startswith("sqlite:///"):
        return f" ({url[len('sqlite:///'):]})"
    return ""


#: each fault kind's line in Chinese (``{where}``: `` (PATH)`` or nothing)
ZH = {
    "corrupt": "数据库文件已损坏{where}：请从备份恢复",
    "full": "磁盘已满{where}：失败的命令未记录任何内容；请释放空间后重新运行",
    "read_only": "数据库为只读{where}：可以查询，记录需要写权限",
    "unopenable": "无法打开数据库文件{where}：请检查其目录是否存在且可读",
    "io": "磁盘读写错误{where}：数据库所在的存储出现故障；请检查磁盘，然后运行 `gtt audit verify`",
    "unbuilt": "数据库为只读{where}，且其读表从未建立：请在可写处建立（`gtt projections run --once`）后再查询",
}


__all__ = ["ZH", "StorageFault", "StoreFileError", "check_pages", "check_store_file", "fault_kind", "storage_fault"]
