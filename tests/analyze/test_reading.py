"""The reading pass as the pipeline runs it: segments, offsets, dated sentences, the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storyline.analyze import reading
from storyline.records import READING_VERSION, Mention, Quote
from storyline.store.reading import speaker_mention
from storyline.store.sqlite import Store
from tests.helpers import read_text, write_batch

STORY = (
    "Foreign Minister Anna Lindqvist said on Monday that Sweden would send a delegation to Geneva.\n\n"
    "“We are ready to talk,” Ms Lindqvist told reporters. The talks are scheduled for Thursday.\n\n"
    "Officials in Stockholm said the plan had been 18 months in the making."
)


def test_segments_cover_the_body_exactly_and_cut_at_paragraphs() -> None:
    body = "\n\n".join(f"Paragraph {n} " + "word " * 40 for n in range(60))
    pieces = list(reading.segments(body, limit=1000))
    assert "".join(text for _, text in pieces) == body
    assert all(len(text) <= 1000 for _, text in pieces)
    assert all(body[offset : offset + len(text)] == text for offset, text in pieces)
    assert all(text.endswith("\n") for _, text in pieces[:-1])
    assert list(reading.segments("")) == [(0, "")]


def test_a_long_article_read_in_segments_keeps_body_offsets() -> None:
    unit = STORY + "\n\nMs Lindqvist wants to reopen the embassy."
    article = read_text("\n\n".join([unit] * 200))
    assert len(list(reading.segments(article.body))) > 1
    (long_reading,) = reading.read([article])
    for m in long_reading.mentions:
        assert article.body[m.start : m.end] == m.text
    for q in long_reading.quotes:
        assert article.body[q.start : q.end] == q.text
    assert len(long_reading.attitudes) == 200
    for a in long_reading.attitudes:
        assert article.body[a.start : a.end] == a.text == "to reopen the embassy"
        assert a.holder_start is not None and article.body[a.holder_start : a.holder_end] == "Lindqvist"
    names = [m.text for m in long_reading.mentions if m.label == "PERSON"]
    assert names.count("Anna Lindqvist") == 200
    assert [s.start for s in long_reading.sentences] == sorted(s.start for s in long_reading.sentences)


def test_dates_resolve_against_the_publication_day_and_date_their_sentences() -> None:
    article = read_text("June 2, 2025\n\n" + STORY)
    assert reading.anchor_of(article) == date(2025, 6, 2)
    (result,) = reading.read([article])
    values = {d.text: d.value for d in result.dates}
    assert values["Monday"] == "2025-06-02"
    assert values["Thursday"] == "2025-06-05"
    assert any(d.value == "P18M" and d.kind == "duration" for d in result.dates)
    dated = [s.date for s in result.sentences]
    assert dated[0] == "2025-06-02" and "2025-06-05" in dated
    assert dated[-1] is None  # a duration dates nothing


def test_an_undated_article_leaves_relative_dates_unresolved() -> None:
    article = read_text(STORY)
    assert article.published is None and reading.anchor_of(article) is None
    (result,) = reading.read([article])
    assert not any(d.value.startswith("20") for d in result.dates if d.text in ("Monday", "Thursday"))


def test_a_speaker_is_the_mention_ending_the_speaker_words() -> None:
    mentions = [Mention(3, 9, "Sybiha", "PERSON", "Mr"), Mention(20, 27, "Russian", "NORP")]
    named = Quote(40, 50, "words", "direct", "Sybiha", 3, 9, "said")
    titled = Quote(40, 50, "words", "direct", "Mr Sybiha", 0, 9, "said")
    phrase = Quote(40, 50, "words", "direct", "Russian state media", 20, 39, "said")
    unnamed = Quote(40, 50, "words", "direct", "unnamed: a Russian official", 18, 36, "said")
    for quote, expected in ((named, 0), (titled, 0), (phrase, None), (unnamed, None)):
        assert speaker_mention(quote.speaker, quote.speaker_start, quote.speaker_end, mentions) == expected


def test_a_reread_replaces_the_previous_reading(tmp_path: Path) -> None:
    article = read_text(STORY)
    with Store(tmp_path / "s.db") as store:
        write_batch(store, [article])
        (first,) = reading.read([article])
        with store.transaction():
            store.reading.save(first, READING_VERSION)
            store.reading.save(first, READING_VERSION)
        assert store.reading.mentions(article.id) == first.mentions
        counts = [
            store.db.execute(f"SELECT COUNT(*) FROM {t} WHERE article_id = ?", (article.id,)).fetchone()[0]
            for t in ("sentences", "mentions", "quotes", "attitudes")
        ]
        assert counts == [len(first.sentences), len(first.mentions), len(first.quotes), len(first.attitudes)]
