"""Reading inputs into raw records: files, directories, JSONL and feeds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sitreport.io.sources import RawRecord, iter_records

RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire Service</title>
<item><title>Shelling in Kharkiv</title><link>https://example.org/a</link>
<guid>a1</guid><pubDate>Thu, 03 Oct 2024 10:00:00 GMT</pubDate>
<description>Russian forces shelled Kharkiv on 2024-10-03.</description></item>
<item><title>Empty</title><link>https://example.org/b</link><guid>b1</guid></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Outlet</title>
<entry><title>Protest</title><id>urn:x</id><link href="https://example.org/c"/>
<updated>2024-09-01T00:00:00Z</updated>
<content type="html">&lt;p&gt;Sudanese protesters marched in Khartoum.&lt;/p&gt;</content></entry>
</feed>
"""


def test_ingest_sources_files_and_directories(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text("Police arrested ten people.")
    (tmp_path / "sub" / "b.html").write_text("<html><body><p>Hi</p></body></html>")
    (tmp_path / "sub" / "notes.csv").write_text("x,y")
    (tmp_path / ".hidden" / "c.txt").write_text("secret")
    records = list(iter_records([tmp_path], outlet="Desk"))
    assert [(Path(r.source).name, r.kind, r.outlet) for r in records] == [
        ("a.txt", "text", "Desk"),
        ("b.html", "html", "Desk"),
    ]
    assert records[0].content == b"Police arrested ten people."


def test_ingest_sources_explicit_file_of_any_suffix_and_missing_path(tmp_path: Path) -> None:
    odd = tmp_path / "article.dat"
    odd.write_bytes(b"\xff\xfe")
    records = list(iter_records([odd, tmp_path / "nope.txt"]))
    assert records[0].kind == "auto" and records[0].error is None
    assert records[1].error is not None and "no such file" in records[1].error
    assert records[1].content_hash.startswith("src-")


def test_ingest_sources_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {"url": "u1", "outlet": "Reuters", "published": "2024-10-03", "text": "One."}
        ),
        "{not json",
        json.dumps({"url": "u2", "html": "<p>Two</p>", "published": "2024-10-04T08:00:00Z"}),
        "",
        json.dumps({"url": "u3"}),
        json.dumps({"text": "x", "published": "last week"}),
        json.dumps(["a", "list"]),
    ]
    path.write_text("\n".join(lines) + "\n")
    records = list(iter_records([path], outlet="Fallback"))
    good = [r for r in records if r.error is None]
    bad = [r for r in records if r.error is not None]
    assert [(r.url, r.kind, r.outlet, r.published) for r in good] == [
        ("u1", "text", "Reuters", dt.date(2024, 10, 3)),
        ("u2", "html", "Fallback", dt.date(2024, 10, 4)),
    ]
    assert [r.source.rsplit(":", 1)[1] for r in bad] == ["2", "5", "6", "7"]
    assert all(r.error and r.error.startswith("InputError: malformed JSONL") for r in bad)
    # Distinct bad lines get distinct keys, so each is recorded once.
    assert len({r.content_hash for r in bad}) == len(bad)


def test_ingest_sources_rss_and_atom(tmp_path: Path) -> None:
    (tmp_path / "wire.rss").write_text(RSS)
    (tmp_path / "atom.xml").write_text(ATOM)
    (tmp_path / "broken.rss").write_text("this is not a feed")
    records = {r.source.split("/")[-1]: r for r in iter_records([tmp_path])}
    first = records["wire.rss#a1"]
    assert first.outlet == "Wire Service" and first.url == "https://example.org/a"
    assert first.published == dt.date(2024, 10, 3) and first.title == "Shelling in Kharkiv"
    assert b"Kharkiv" in first.content
    assert records["wire.rss#b1"].error == "InputError: feed entry has no text"
    atom = records["atom.xml#urn:x"]
    assert atom.outlet == "Atom Outlet" and b"<p>Sudanese" in atom.content
    assert records["broken.rss"].error is not None


def test_ingest_sources_content_hash_is_of_raw_bytes() -> None:
    a = RawRecord("a", b"same")
    b = RawRecord("b", b"same", outlet="other")
    assert a.content_hash == b.content_hash


AGGREGATOR = """<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>World Digest</title><link>https://digest.example/</link>
<item><title>A</title><link>https://www.river-post.example/a</link>
  <source url="https://river-post.example/feed">River Post</source>
  <description>Police detained protesters in Khartoum.</description></item>
<item><title>B</title><link>https://hill-times.example/b</link><dc:creator>Hill Times</dc:creator>
  <description>Troops shelled a village near Aleppo.</description></item>
<item><title>C</title><link>https://www.lake-news.example/c</link>
  <description>Crowds marched in Bamako.</description></item>
</channel></rss>"""

PUBLISHER = """<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>The River Post</title><link>https://www.river-post.example/</link>
<item><title>A</title><link>https://river-post.example/a</link><dc:creator>Jane Reporter</dc:creator>
  <description>Police detained protesters in Khartoum.</description></item>
</channel></rss>"""


def test_ingest_sources_feed_items_name_their_own_outlet(tmp_path: Path) -> None:
    feed = tmp_path / "digest.rss"
    feed.write_text(AGGREGATOR)
    assert [r.outlet for r in iter_records([feed])] == ["River Post", "Hill Times", "lake-news.example"]
    # A publisher's own feed: its authors are journalists, the outlet is the feed.
    own = tmp_path / "own.rss"
    own.write_text(PUBLISHER)
    assert [r.outlet for r in iter_records([own])] == ["The River Post"]
    # --outlet still wins.
    assert {r.outlet for r in iter_records([feed], outlet="Given")} == {"Given"}
