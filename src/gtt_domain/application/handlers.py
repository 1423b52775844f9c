"""The shape of a command handler. The table of handlers is an explicit list per use-case
module, joined in :mod:`gtt_domain.application.use_cases` (never filled by imports)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from gtt_domain.application.unit_of_work import UnitOfWork
    from gtt_domain.domain.meta import EventMeta

Handler = Callable[["UnitOfWork", Any, "EventMeta"], UUID]
