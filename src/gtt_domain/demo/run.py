"""``run_demo``: build the story for a seed and scale, then record it batch by batch."""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from eventsourcing.application import AggregateNotFoundError

from gtt_domain.application.app import BatchError, GttApplication
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.demo.calendar import START
from gtt_domain.demo.college import college
from gtt_domain.demo.communities import basic_education_communities
from gtt_domain.demo.governance import adopt
from gtt_domain.demo.groups import education_groups
from gtt_domain.demo.highschool import high_school
from gtt_domain.demo.internships import (
    air_conditioning,
    observation,
    order_classes,
    post_internships,
)
from gtt_domain.demo.medical import medical_community
from gtt_domain.demo.places import institution
from gtt_domain.demo.secondary import secondary_order_class
from gtt_domain.demo.story import DemoClock, Story
from gtt_domain.domain.base import natural_id
from gtt_domain.domain.errors import GttError
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.recording_run import RecordingRun, demo_run_id

#: the first aggregate the demo records: its presence means the demo is in the store
MARKER_KEY = "demo:anxi-bureau"


class DemoError(GttError):
    """A scenario step the application refused (a bug in the demo, not in the data)."""


@dataclass
class DemoSummary:
    aggregates: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    transactions: int = 0

    @property
    def total_events(self) -> int:
        return sum(self.events.values())


def build_story(seed: int, scale: float) -> Story:
    """Every step of the demo, in the order scenarios produce them (pure: no I/O)."""
    story = Story(rng=random.Random(seed), scale=scale)
    bureau = institution(story, START, "anxi.bureau", "anxi-bureau", "bureau", "Anxi County Education Bureau", "Anxi")
    adopt(story, START, "anxi.bureau", "P3", "institution", bureau, authority="Anxi County Education Bureau")
    education_groups(story, bureau)
    high_school(story)
    col = college(story)
    air_conditioning(story, col)
    order_classes(story, col)
    post_internships(story, col)
    observation(story, col)
    medical_community(story)
    basic_education_communities(story)
    secondary_order_class(story)
    return story


def demo_recorded(app: GttApplication) -> bool:
    """Whether this store already holds the demo (its first aggregate exists)."""
    try:
        app.repository.get(natural_id("institution", MARKER_KEY))
    except Exception:
        return False
    return True


def demo_completed(app: GttApplication) -> bool:
    """Whether the demo's completion marker (its :class:`RecordingRun`, recorded in the
    demo's last transaction) is in this store: without it, a demo was interrupted."""
    try:
        run: object = app.repository.get(demo_run_id())
    except AggregateNotFoundError:
        return False
    return isinstance(run, RecordingRun) and run.completed


def store_is_empty(app: GttApplication) -> bool:
    return not app.recorder.select_notifications(start=None, limit=1)


def run_demo(app: GttApplication, clock: DemoClock, *, seed: int = 1, scale: float = 1.0,
             progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Record the demo through ``app.handle_batch``; ``app`` must use ``clock``.

    ``progress(done, total)`` is called after each transaction (for a progress bar).
    """
    story = build_story(seed, scale)
    summary = DemoSummary(aggregates=Counter(story.created))
    total = len(story.steps)
    done = 0
    before = app.recorder.max_notification_id() or 0
    for day, actor, commands in story.batches():
        clock.advance_to(day)
        try:
            app.handle_batch(commands, actor=actor)
        except BatchError as e:  # a bug in a scenario: say which step
            raise DemoError(f"{day} {actor}: {commands[e.index][0]}: {e.error}") from e
        summary.transactions += 1
        done += len(commands)
        if progress is not None:
            progress(min(done, total), total)
    clock.advance_to(clock().date())  # a second after the last batch
    app.handle_batch([], journal=_completion_marker(seed, scale, total), actor="demo")
    summary.transactions += 1
    summary.events = count_events(app, after=before)
    return summary


def _completion_marker(seed: int, scale: float, steps: int) -> Callable[[UnitOfWork, EventMeta], None]:
    """The demo's run, started and completed in one transaction after every step."""
    parameters = f"seed {seed}, scale {scale:g}"

    def record(uow: UnitOfWork, meta: EventMeta) -> None:
        run = RecordingRun.start(demo_run_id(), "demo", "demo", parameters,
                                 hashlib.sha256(parameters.encode()).hexdigest(), steps, 1, meta)
        if steps:
            run.commit_batch(steps, steps, 0, meta)  # "lines": the story's steps, all recorded
        run.complete(0, meta)
        uow.add(run)

    return record


def count_events(app: GttApplication, after: int = 0) -> Counter[str]:
    """Events per aggregate kind (from their topics) after notification ``after``."""
    counts: Counter[str] = Counter()
    start = after + 1
    while True:
        page = app.recorder.select_notifications(start=start, limit=5000)
        if not page:
            return counts
        for n in page:
            module = n.topic.split(":", 1)[0].rsplit(".", 1)[-1]
            counts[module] += 1
        start = page[-1].id + 1
