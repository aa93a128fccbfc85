"""What a document states, read once at indexing: its events (inspections and visits held or
expected, with dates, number, focus and grades) and, for an Ofsted report, its facts
(dates, lead inspector, each judgement, what needs to improve, each section's summary).

    extract_events(text, doc_date=..., title=..., source=...)   # → [Event]
    read_facts(text)                                             # → [Fact]

Imports only index.text and index.councils.
"""

from index.extract.events import Event, extract_events
from index.extract.facts import Fact, read_facts

__all__ = ["Event", "Fact", "extract_events", "read_facts"]
