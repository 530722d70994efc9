"""Stories: the events that continue one another, chained as the articles arrive.

An event (corpus/events.py) is one happening as ECB+ marks them: the crash, the
rescue, the inquiry report a month later are three. A reader follows the developing
story, so events are chained into stories, as Event Registry does: two events are one
story when articles placed in one of them also score close to the other, within the
story window (`STORY_WINDOW_DAYS` of the other's span): at least `LINK_SUPPORT` such
articles, and the two events' bodies alike (`KINSHIP`), since one article close to two
events is as often a roundup of the week, and two events a week apart can name the same
president and nothing else. Those articles are the bridge a reader would see: the rescue
report that retells the crash, the reactions that recap the attack.
A story is therefore open-ended in time while the coverage goes on, each
link spanning at most the window.

Links weaker than a chain but still close make two stories *related* (an operation on
the Sunday and the talks it overshadowed on the Monday): kept in `event_links`, shown
beside the story, never merged.

Chaining is single-link over events (a union of the stories of linked events): the
story of an event never depends on which of its bridging articles came first, which
keeps the stories steadier than the events under a change of arrival order. A story's
id is the id of its first event; when two stories meet, the older id is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from storyline.corpus.events import iso_day, parse_day
from storyline.store.stories import StoredStory, StoryTables

# Articles that must bridge two events before they are one story: one article close to two
# events is as often a roundup of the week as a continuation (docs/corpus.md).
LINK_SUPPORT = 2
# and how alike the two events' bodies must be (EventIndex.kinship)
KINSHIP = 0.3


@dataclass
class Story:
    id: int
    title: str | None = None
    start: date | None = None
    end: date | None = None
    size: int = 0

    def count(self, day: date | None) -> None:
        self.size += 1
        self.widen(day)

    def widen(self, day: date | None) -> None:
        if day is not None:
            self.start = min(self.start or day, day)
            self.end = max(self.end or day, day)


@dataclass
class StoryChains:
    """Which story each event belongs to; loaded from the store, written back by `flush`."""

    tables: StoryTables
    story_of: dict[int, int] = field(default_factory=dict)  # event id -> story id
    stories: dict[int, Story] = field(default_factory=dict)
    events_of: dict[int, list[int]] = field(default_factory=dict)  # story id -> its event ids
    joins: int = 0  # stories merged into another since loading
    _dirty: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, tables: StoryTables) -> StoryChains:
        story_of, rows = tables.load_chains()
        chains = cls(tables, dict(story_of))
        for row in rows:
            chains.stories[row.id] = Story(row.id, row.title, parse_day(row.start), parse_day(row.end), row.size)
        for event, story in story_of.items():
            chains.events_of.setdefault(story, []).append(event)
        return chains

    def place(
        self,
        article_id: str,
        event_id: int,
        day: date | None,
        title: str | None,
        neighbours: Sequence[tuple[int, float, str]] = (),
        kinship: Callable[[int, int], float] | None = None,
    ) -> int:
        """Count an article placed in `event_id`; chain its event to the events it continues,
        and note those it is only related to (`neighbours`: id, score, kind). Returns the
        event's story."""
        story = self._story_of(event_id, title)
        story.count(day)
        self._dirty.add(story.id)
        for other, score, kind in neighbours:
            if other not in self.story_of:
                continue
            support = self.tables.link_events(event_id, other, kind, score, article_id)
            if kind != "continues" or support < LINK_SUPPORT:
                continue
            if kinship is None or kinship(event_id, other) >= KINSHIP:
                story = self._join(story, self.stories[self.story_of[other]])
        return story.id

    def _story_of(self, event_id: int, title: str | None) -> Story:
        """The story of an event; a new event opens a story of its own, with its id."""
        if event_id in self.story_of:
            return self.stories[self.story_of[event_id]]
        story = Story(event_id, title)
        self.stories[story.id] = story
        self.story_of[event_id] = story.id
        self.events_of[story.id] = [event_id]
        self._save(story)  # before the event's membership that refers to it
        self.tables.set_story(event_id, story.id)
        return story

    def _join(self, one: Story, other: Story) -> Story:
        if one.id == other.id:
            return one
        self.joins += 1
        kept, gone = (one, other) if one.id < other.id else (other, one)
        kept.size += gone.size
        kept.widen(gone.start)
        kept.widen(gone.end)
        kept.title = kept.title or gone.title
        moved = self.events_of.pop(gone.id, [])
        for event in moved:
            self.story_of[event] = kept.id
        self.events_of.setdefault(kept.id, []).extend(moved)
        del self.stories[gone.id]
        self._dirty.discard(gone.id)
        self._dirty.add(kept.id)
        self._save(kept)
        self.tables.merge_stories(kept.id, gone.id)
        return kept

    def flush(self) -> None:
        """Write the stories changed since the last flush (the caller owns the transaction)."""
        for story_id in sorted(self._dirty):
            self._save(self.stories[story_id])
        self._dirty.clear()

    def _save(self, story: Story) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        row = StoredStory(story.id, story.title, iso_day(story.start), iso_day(story.end), story.size)
        self.tables.save_story(row, now)
