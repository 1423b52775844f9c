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

from gtt_domain.application.config import sqlite_access, sqlite_path
from gtt_domain.domain.errors import GttError

SQLITE_HEADER = b"SQLite format 3\x00"
#: the table every gtt store has (eventsourcing's application recorder)
EVENTS_TABLE = "stored_events"


class StoreFileError(GttError):
    """The file named as the store is not a gtt store (empty, not SQLite, another program's)."""


class StorageFault(GttError):
    """A fault of the storage under a command: ``kind`` is corrupt, full, read_only,
    unopenable or io; ``short`` names it without advice ("disk is full (PATH)")."""

    def __init__(self, kind: str, message: str, short: str | None = None):
        self.kind = kind
        self.short = short or message
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
        raise StoreFileError(f"{path} is a directory, not a gtt store: name a file with --db or $GTT_DATABASE_URL")
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
            "from a backup; to start a new store there, delete the file first")
    if head != SQLITE_HEADER:
        raise StoreFileError(
            f"{path} is not a gtt store: it is not an SQLite database file "
            "(another kind of file, or a store whose first page is corrupt)")
    try:
        tables = _tables(path)
    except sqlite3.DatabaseError as e:
        fault = storage_fault(e, url)
        raise fault if fault is not None else e from None
    if tables and EVENTS_TABLE not in tables:
        raise StoreFileError(
            f"{path} is an SQLite database but not a gtt store (no {EVENTS_TABLE} table among its "
            f"{len(tables)} table(s)); name another file with --db or $GTT_DATABASE_URL")


def _header(file: Path) -> bytes:
    with file.open("rb") as f:
        return f.read(len(SQLITE_HEADER))


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
    }
    shorts = {"corrupt": "database file is corrupt", "full": "disk is full", "read_only": "database is read-only",
              "unopenable": "cannot open the database file", "io": "disk I/O error"}
    return StorageFault(kind, messages[kind], f"{shorts[kind]}{where}")


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


__all__ = ["StorageFault", "StoreFileError", "check_pages", "check_store_file", "fault_kind", "storage_fault"]
