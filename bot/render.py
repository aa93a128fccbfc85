"""Answer → Telegram HTML: escaping, the bot's texts, buttons, and splitting long output.

Everything that comes from a document or a user goes through ``escape`` (html.escape,
and bidi controls removed); only the tags written here reach Telegram as markup. Telegram refuses a message whose
text is over 4096 characters, so ``split_html`` cuts long output at paragraph, then
line, then word boundaries, never inside a tag or an entity, closing and reopening tags
at each cut.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

from index import Answer, DocumentInfo, IndexReport, Status, StoredEvent
from index.answer.timeline import describe_grades
from index.text.dates import describe_age, format_date

MAX_MESSAGE = 4096  # Telegram's limit on a message's text
MAX_CALLBACK_DATA = 64  # bytes
#: Every message the bot sends, replies and alerts alike, goes without a link preview.
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
EXAMPLES = (
    "When is the next Ofsted visit?",
    "What did the February 2021 visit focus on?",
    "What grade did the last inspection give?",
)


#: Bidi embeddings, overrides and isolates: shown unbalanced (from a question, or a document: a
#: Markdown file's "&#x202E;" decodes to one), they re-order the bot's own words after them.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_bidi(text: str) -> str:
    return text.translate(BIDI_CONTROLS)


def escape(text: str) -> str:
    """Text from a document or a user, safe to put in the bot's HTML: shown as text, in its place."""
    return html.escape(without_bidi(text))


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ---------------------------------------------------------------- answers


def answer_html(answer: Answer, documents: int) -> str:
    """The short answer first, then numbered sources, the as-of date and warnings."""
    parts = [escape(answer.answer)]
    if answer.citations:
        parts.append(
            "\n".join(
                ["<b>Sources</b>"]
                + [
                    f"[{c.n}] <i>{escape(c.title)}</i> ({format_date(c.date)}), {escape(c.location)}"
                    for c in answer.citations
                ]
            )
        )
    if answer.abstained:
        parts.append(f"<i>The index holds {plural(documents, 'document')}; /docs lists them.</i>")
    elif answer.as_of:
        parts.append(f"As of {format_date(answer.as_of)}.")
    parts += [f"⚠️ {escape(w)}" for w in answer.warnings]
    return "\n\n".join(parts)


def sources_html(answer: Answer) -> str:
    """Each citation with the passage it quotes."""
    lines = [f"<b>Sources for</b> “{escape(answer.question)}”"]
    for c in answer.citations:
        lines.append(
            f"\n[{c.n}] <b>{escape(c.title)}</b> ({format_date(c.date)}), {escape(c.location)}\n"
            f"<i>{escape(c.source)}</i>\n<blockquote>{escape(c.quote)}</blockquote>"
        )
    return "\n".join(lines)


# Callback data: an action and an answer's short id; never any text a user wrote.
SOURCES, UP, DOWN = "src", "up", "down"


def answer_buttons(answer_id: str, sources: bool = True) -> InlineKeyboardMarkup:
    """📄 Sources (when there are any), 👍 and 👎, each carrying the answer's short id."""
    buttons = (
        [InlineKeyboardButton("📄 Sources", callback_data=f"{SOURCES}:{answer_id}")]
        if sources
        else []
    )
    buttons += [
        InlineKeyboardButton("👍", callback_data=f"{UP}:{answer_id}"),
        InlineKeyboardButton("👎", callback_data=f"{DOWN}:{answer_id}"),
    ]
    assert all(len(b.callback_data.encode()) <= MAX_CALLBACK_DATA for b in buttons)  # type: ignore[union-attr]
    return InlineKeyboardMarkup([buttons])


def parse_button(data: str | None) -> tuple[str, str] | None:
    """(action, answer id) from a button's callback data, or None when it is not one of ours."""
    match = re.fullmatch(rf"({SOURCES}|{UP}|{DOWN}):([\w-]{{1,32}})", data or "")
    return (match[1], match[2]) if match else None


# ---------------------------------------------------------------- the bot's texts


def help_html(documents: list[DocumentInfo], is_admin: bool) -> str:
    dated = [d.date for d in documents if d.date]
    held = (
        f"I hold {plural(len(documents), 'document')}"
        + (f", the newest dated {format_date(max(dated))}" if dated else "")
        + "."
    )
    text = (
        "I answer questions about the council's Ofsted children's services inspections — the last visit, "
        "the next one, the grade held — by quoting the council's own documents, with a source for every "
        f"sentence. {held}\n\n"
        "<b>How to ask</b>\nIn this private chat, just send a question. In a group, use /ask or mention me; "
        "I also answer replies to my messages.\n\n<b>For example</b>\n"
        + "\n".join(f"• {escape(e)}" for e in EXAMPLES)
        + "\n\n<b>Commands</b>\n/ask QUESTION — ask a question\n/docs — the documents I hold"
        "\n/status [COUNCIL] — current grade, last visit, next expected"
        "\n/timeline [COUNCIL] — the inspection events in order, with a picture"
        "\n/brief [COUNCIL] — one page: grades, what needs to improve, visits, what next"
        "\n/national [JUDGEMENT] — how councils are rated, as a chart"
        "\n/help — this text"
    )
    if is_admin:
        text += (
            "\n\n<b>For administrators</b>\nSend a PDF, DOCX, TXT, MD or HTML file here to add it.\n"
            "/reindex — index the documents folder again\n/remove DOC — remove a document (by its /docs id)"
        )
    return text


def _event_line(label: str, event: StoredEvent | None, detail: str) -> str:
    if event is None:
        return f"<b>{label}:</b> not stated in the documents I hold"
    return (
        f"<b>{label}:</b> {escape(detail)}\n“{escape(event.quote)}”\n<i>— {escape(event.title)} "
        f"({format_date(event.doc_date)}), {escape(event.location)}</i>"
    )


def status_html(status: Status) -> str:
    """/status: current grade, last visit, next expected, each quoted and cited; how old the newest document is."""
    who = escape(status.organisation or "the documents I hold")
    parts = [f"<b>Inspection status: {who}</b> (as of {format_date(status.today)})"]
    grade = status.current_grade
    parts.append(_event_line("Current grade", grade, describe_grades(grade) if grade else ""))
    last = status.last_event
    parts.append(
        _event_line(
            "Last visit or inspection", last, f"{last.label}, {last.wording}" if last else ""
        )
    )
    upcoming = status.next_expected or status.overdue
    parts.append(
        _event_line(
            "Next expected", upcoming, f"{upcoming.label}, {upcoming.wording}" if upcoming else ""
        )
    )
    if status.newest_document:
        title, date = status.newest_document
        parts.append(
            f"Newest document: <i>{escape(title)}</i>, {format_date(date)} "
            f"({describe_age(date, status.today)} old)."
        )
    parts += [f"⚠️ {escape(w)}" for w in status.warnings]
    return "\n\n".join(parts)


#: How the timeline's text marks each kind of mark (index/answer/marks.py), as the picture does.
MARK_SIGNS = {"done": "✅", "expected": "🔜", "overdue": "⚠️", "mention": "▫️"}


def timeline_html(status: Status) -> str:
    """/timeline: what the picture draws, in order: each visit or inspection once with its grade
    and publication, what is expected or overdue, mentions by year only; each with its source."""
    who = escape(status.organisation or "the documents I hold")
    if not status.marks:
        return f"No dated inspection events are stated in the documents about {who}."
    lines = [f"<b>Inspection timeline: {who}</b>"]
    for m in status.marks:
        sign = "📄" if m.kind == "publication" else MARK_SIGNS[m.state]
        lines.append(
            f"{sign} <b>{escape(m.when)}</b>: {escape(m.text())} "
            f"<i>({escape(m.event.title)}, {escape(m.event.location)})</i>"
        )
    return "\n".join(lines)


def documents_html(documents: list[DocumentInfo]) -> str:
    if not documents:
        return "No documents are indexed yet."
    ordered = sorted(documents, key=lambda d: (d.date or dt.date.min, d.id), reverse=True)
    lines = [f"<b>{plural(len(documents), 'document')}</b>, newest first:"]
    lines += [
        f"#{d.id} {format_date(d.date)} — {escape(d.title)} <i>({escape(d.source)})</i>"
        for d in ordered
    ]
    return "\n".join(lines)


ASK_USAGE = f"Ask a question after /ask, for example:\n/ask {escape(EXAMPLES[0])}"
TOO_LONG = (
    "That message is {length:,} characters long. Please ask a shorter question (under {limit:,} characters): "
    "I answer questions; I do not read documents pasted as text. An administrator can send me a file instead."
)
NOT_TEXT = f"I can only read text. Send me a question as text, for example: {escape(EXAMPLES[0])}"
NOT_ALLOWED = (
    "Sorry, I only answer people this bot has been set up for. If you should have access, send an "
    "administrator your Telegram user id: <code>{user_id}</code>."
)
ADMINS_ONLY = "Only the bot's administrators can {what}."
RATE_LIMITED = (
    "You have sent me more in the last {window} than I can answer (up to {count} questions or commands; "
    "a timeline or chart counts as three). Please wait {wait} and ask again."
)
UNKNOWN_COMMAND = "I don't know {command}. /help lists what I can do."
REMOVE_USAGE = (
    "Name the document to remove after /remove, for example: /remove 3 (the ids are in /docs)."
)
NOT_FOUND = "No indexed document matches “{name}”. /docs lists them with their ids."
BUTTON_EXPIRED = "That answer is no longer kept; please ask again."
THANKS = {UP: "Thanks! Glad it helped.", DOWN: "Thanks — noted. It helps us improve the answers."}
WENT_WRONG = (
    "Sorry, something went wrong on my side and I could not finish that. Please try again in a minute; "
    "if it keeps happening, tell the bot's administrators."
)


def seconds_text(seconds: float) -> str:
    seconds = max(1, round(seconds))
    return plural(seconds, "second") if seconds < 120 else plural(round(seconds / 60), "minute")


def rate_limited(count: int, window: float, wait: float) -> str:
    return RATE_LIMITED.format(
        count=count,
        window="minute" if window == 60 else seconds_text(window),
        wait=seconds_text(wait),
    )


# ---------------------------------------------------------------- documents changing


def progress_html(stage: str, done: int, total: int) -> str:
    label, unit = {
        "reading": ("Reading", "document"),
        "sentences": ("Embedding sentences", "sentence"),
    }.get(stage, (stage.capitalize(), "passage"))
    return f"{label}: {done} of {plural(total, unit)}…"


def report_html(report: IndexReport) -> str:
    """What an index run changed, in the words `inspection-bot index` uses."""
    counts = [
        plural(len(report.added), "document") + " added" if report.added else "",
        f"{len(report.updated)} updated" if report.updated else "",
        f"{len(report.removed)} removed" if report.removed else "",
        f"{len(report.unchanged)} unchanged" if report.unchanged else "",
        f"{len(report.skipped)} skipped" if report.skipped else "",
    ]
    text = (", ".join(c for c in counts if c) or "nothing to index") + (
        f" ({plural(report.passages_added, 'new passage')})" if report.passages_added else ""
    )
    text += f". The index holds {plural(report.documents, 'document')}, {plural(report.passages, 'passage')}."
    return text + "".join(
        f"\nSkipped {escape(s.source)}: {escape(s.reason)}" for s in report.skipped
    )


def upload_indexed(name: str, report: IndexReport, renamed_from: str | None) -> str:
    """Indexing… done: added 1 document, 14 passages."""
    done = (
        f"added {plural(len(report.added), 'document')}, {plural(report.passages_added, 'passage')}"
        if report.added or report.updated
        else "it was already indexed"
    )
    return (
        _saved(name, renamed_from)
        + f"Indexing… done: {done}. The index holds {plural(report.documents, 'document')}; "
        "questions are answered from it now."
    )


def upload_received(name: str, size: int | None) -> str:
    shown = (
        f" ({size / 1024:,.0f} KB)"
        if size and size < 1024 * 1024
        else (f" ({size / 1024 / 1024:.1f} MB)" if size else "")
    )
    return f"Received <b>{escape(name)}</b>{shown}; checking it…"


def upload_indexing(name: str, renamed_from: str | None) -> str:
    return _saved(name, renamed_from) + "Indexing…"


def upload_rejected(name: str, reason: str, moved_to: str) -> str:
    return (
        f"Could not index <b>{escape(name)}</b>: {escape(reason)}.\nThe file was moved aside to "
        f"<code>{escape(moved_to)}</code>; the index did not change."
    )


def upload_resumed(name: str) -> str:
    return f"I was restarted while indexing <b>{escape(name)}</b>, which is saved; indexing it now…"


def upload_lost(name: str) -> str:
    return f"I was restarted while saving <b>{escape(name)}</b>, so it was not saved. Please send it again."


def upload_refused(name: str, reason: str) -> str:
    return f"I did not save <b>{escape(name)}</b>: {escape(reason)}"


def _saved(name: str, renamed_from: str | None) -> str:
    renamed = (
        f" (a file named {escape(renamed_from)} already exists, so I did not overwrite it)"
        if renamed_from
        else ""
    )
    return f"Saved <b>{escape(name)}</b>{renamed}.\n"


def removed_html(document: DocumentInfo, moved_to: str | None) -> str:
    return (
        f"Removed #{document.id} <b>{escape(document.title)}</b> ({escape(document.source)}) from the index."
        + (
            f" The file was moved to <code>{escape(moved_to)}</code>, not deleted."
            if moved_to
            else ""
        )
    )


# ---------------------------------------------------------------- splitting

_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|.", re.S)  # a tag, an entity, or one character
_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)")


def _size(token: str) -> int:
    """What a token adds to the text Telegram counts: tags nothing, an entity its character, in UTF-16 units."""
    if token.startswith("<"):
        return 0
    return len(html.unescape(token).encode("utf-16-le")) // 2


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Telegram HTML in messages of at most ``limit`` characters of text, each cut at the best boundary.

    Telegram counts the text after parsing (tags do not count, an entity is one
    character); counting UTF-16 units keeps emoji on the safe side. Paragraph breaks
    are preferred, then line breaks, then spaces, then any point between two tokens.
    Tags open at a cut are closed at the end of one part and reopened at the start of
    the next, so each part parses on its own.
    """
    tokens = _TOKEN.findall(text)
    if sum(map(_size, tokens)) <= limit:
        return [text] if _visible(text) else []
    parts: list[str] = []
    prefix: list[str] = []  # start tags reopened at the top of the next part
    start = 0
    while start < len(tokens):
        size, end = 0, start
        while end < len(tokens) and size + _size(tokens[end]) <= limit:
            size += _size(tokens[end])
            end += 1
        if end < len(tokens):
            end = _best_cut(tokens, start, end)
        body = prefix + tokens[start:end]
        open_tags = _open_tags(body)
        part = "".join(body) + "".join(f"</{_START_TAG.match(t)[1]}>" for t in reversed(open_tags))
        if _visible(part):
            parts.append(part.strip())
        prefix, start = open_tags, end
    return parts


def _visible(part: str) -> str:
    """The text Telegram would show: an empty one is refused."""
    return html.unescape(re.sub(r"<[^>]*>", "", part)).strip()


def _best_cut(tokens: list[str], start: int, end: int) -> int:
    """The cut in tokens[start:end] after the last paragraph break, line break or space; else ``end``."""
    floor = start + (end - start) // 4  # a cut this early would waste most of the message
    for wanted in ("\n\n", "\n", " "):
        for i in range(end, floor, -1):
            if "".join(tokens[max(i - len(wanted), start) : i]) == wanted:
                return i
    return end


def _open_tags(tokens: Iterable[str]) -> list[str]:
    stack: list[str] = []
    for token in tokens:
        if token.startswith("</"):
            if stack:
                stack.pop()
        elif token.startswith("<") and _START_TAG.match(token):
            stack.append(token)
    return stack
