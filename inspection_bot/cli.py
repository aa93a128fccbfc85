"""The command line: ``inspection-bot index|ask|docs|remove|timeline|brief|national|chat|eval|bench|serve``.

It sits above the engine (index/), the bot (bot/, for ``serve``) and the benchmarks
(benchmarks/, for ``bench``), and only dispatches to them. Engine errors become one line on
stderr and exit status 2; a run that could index nothing exits 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from index import Engine, InspectionBotError, Settings
from index.settings import ENCODERS

from .text import answer_text, brief_text, documents_text, status_text


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


class _Bars:
    """tqdm progress bars on stderr: documents read, passages and sentences embedded.

    Stages take turns (a group's passages, then its sentences, then the next group's
    passages), so each bar's clock runs only while its own stage does: its rate is that
    stage's true rate, not its work over the time of both.
    """

    def __init__(self) -> None:
        self._bars: dict = {}
        self._active: str | None = None
        self._paused_at: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        import time

        from tqdm import tqdm

        now = time.time()
        if stage != self._active:
            if self._active is not None:
                self._paused_at[self._active] = now
            self._active = stage
        bar = self._bars.get(stage)
        if bar is None:
            unit = {"reading": "doc", "embedding": "passage", "sentences": "sentence"}.get(
                stage, "item"
            )
            bar = self._bars[stage] = tqdm(
                total=total,
                desc=stage.capitalize(),
                unit=unit,
                file=sys.stderr,
                mininterval=0.5,
                leave=True,
            )
        elif stage in self._paused_at:  # resumed: the time another stage ran is not this one's
            idle = now - self._paused_at.pop(stage)
            bar.start_t += idle
            bar.last_print_t += idle
        bar.update(done - bar.n)
        if done >= total:
            bar.close()


def _engine(args, *, build_if_missing: bool = False):
    settings = _settings(args)
    if build_if_missing:
        print(
            f"(building the index from {settings.documents_dir} on first use)", file=sys.stderr
        ) if not (settings.index_dir / "CURRENT").exists() else None
    return Engine.open(settings, build_if_missing=build_if_missing, progress=_Bars())


def _settings(args) -> Settings:
    return Settings.load(
        index_dir=getattr(args, "index_dir", None),
        documents_dir=getattr(args, "documents_dir", None),
        model=getattr(args, "model", None),
        encoder=getattr(args, "encoder", None),
        council=getattr(args, "council", None),
    )


def cmd_index(args) -> int:
    settings = _settings(args)
    engine = Engine(settings)
    report = engine.update(
        [Path(p) for p in args.paths] or None, rebuild=args.rebuild, progress=_Bars()
    )
    print(report.summary())
    if report.passages_added:
        print(engine.encoder.describe())  # which way the model ran, and the rate measured for it
    return 0 if report.indexed_any or not report.skipped else 1


def _answer_one(engine, question: str, args, out: TextIO) -> None:
    from index.conversation import Conversation

    # one question, one turn: through the conversation the bot and `chat` answer through
    answer = Conversation(engine, council=engine.settings.council).ask(question, args.today)
    if args.json:
        out.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
    else:
        out.write(answer_text(answer) + "\n")
    out.flush()


def cmd_ask(args) -> int:
    engine = _engine(args, build_if_missing=True)
    if args.question == "-":
        first = True
        for line in sys.stdin:
            if not line.strip():
                continue
            if not first and not args.json:
                sys.stdout.write("\n")
            _answer_one(engine, line.strip(), args, sys.stdout)
            first = False
        return 0
    _answer_one(engine, args.question, args, sys.stdout)
    return 0


def cmd_docs(args) -> int:
    engine = _engine(args)
    documents = engine.documents()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": d.id,
                        "source": d.source,
                        "title": d.title,
                        "date": d.date.isoformat() if d.date else None,
                        "date_source": d.date_source,
                        "passages": d.passages,
                    }
                    for d in documents
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(documents_text(documents))
    return 0


def cmd_remove(args) -> int:
    engine = _engine(args)
    document, moved = engine.remove(args.doc)
    print(
        f"Removed {document.source} ({document.title}) from the index."
        + (f" The file was moved to {moved}." if moved else "")
    )
    return 0


def cmd_timeline(args) -> int:
    engine = _engine(args)
    status = engine.status(args.org or engine.settings.council, args.today or dt.date.today())
    if args.png:
        from index.answer.chart import timeline_png

        title = f"Inspection timeline: {status.organisation or 'all documents'}"
        args.png.write_bytes(timeline_png(status.marks, status.today, title))
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
    else:
        print(status_text(status))
    return 0


def cmd_brief(args) -> int:
    engine = _engine(args)
    brief = engine.brief(args.org or engine.settings.council, args.today or dt.date.today())
    if args.png:
        from index.answer.brief_chart import brief_png

        args.png.write_bytes(brief_png(brief))
    print(
        json.dumps(brief.to_json(), ensure_ascii=False, indent=2)
        if args.json
        else brief_text(brief)
    )
    return 0


def cmd_national(args) -> int:
    from index.national import (
        Nation,
        NotUnderstood,
        engine_events,
        from_words,
        judgement_named,
        tally,
    )

    engine = _engine(args)
    today = args.today or dt.date.today()
    nation = Nation(engine_events(engine), today)
    words = " ".join(args.what)
    judgement = judgement_named(words)  # none, or a judgement ("care leavers"): a tally
    if judgement is not None:
        counted = tally(nation, judgement)
        if args.png:
            from index.answer.chart import ratings_png

            args.png.write_bytes(ratings_png(counted))
        print(json.dumps(counted.to_json(), ensure_ascii=False) if args.json else counted.to_text())
        return 0
    try:
        answer = from_words(nation, words)
    except NotUnderstood as exc:
        raise InspectionBotError(
            str(exc).replace("I can list", "`inspection-bot national` takes")
            + " With no words, or a judgement's (`care leavers`), it counts councils by grade."
        ) from None
    if args.png:
        raise InspectionBotError(
            "--png draws councils by grade: give no words, or a judgement's, e.g. "
            "`inspection-bot national care leavers --png FILE`."
        )
    print(json.dumps(answer.to_json(), ensure_ascii=False) if args.json else answer.to_text())
    return 0


def cmd_eval(args) -> int:
    import tempfile

    from index.evaluate import evaluate, load_questions, report, select

    documents, items = load_questions(args.questions)
    items = select(items, split=args.split, kind=args.kind, limit=args.limit)
    if args.index_dir is None and documents:
        missing = [str(d) for d in documents if not d.exists()]
        if missing:
            print(f"skipped: the question set's documents are not here ({', '.join(missing)})")
            return 0
        with tempfile.TemporaryDirectory(prefix="inspection-bot-eval-") as folder:
            engine = Engine(replace(_settings(args), index_dir=Path(folder)))
            engine.update(documents, progress=_Bars())
            print(report(evaluate(engine, items)))
        return 0
    print(report(evaluate(_engine(args), items)))
    return 0


def cmd_bench(args) -> int:
    # The benchmarks live in the checkout, beside this package, not in the installed project.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks import bench

    return bench.run_args(args)


def cmd_chat(args) -> int:
    from index.conversation import Conversation

    engine = _engine(args, build_if_missing=True)
    conversation = Conversation(engine, council=engine.settings.council)
    print("Ask about the inspection status (empty line or Ctrl-D to leave).")
    while True:
        try:
            question = input("> ")
        except EOFError:
            print()
            return 0
        if not question.strip() or question.strip().lower() in {"quit", "exit"}:
            return 0
        # Follow-ups ("and before that?", "who led it?") take what they lack from the turn before.
        answer = conversation.ask(question, today=args.today)
        print(answer_text(answer) + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspection-bot",
        description=(
            "Answers questions about a council's Ofsted children's services inspections, "
            "quoting and citing its documents."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, documents: bool = False, encoder: bool = True) -> None:
        p.add_argument("--index-dir", type=Path, help="index folder (env INSPECTION_BOT_INDEX_DIR)")
        p.add_argument("--model", help="embedding model (env INSPECTION_BOT_MODEL)")
        if encoder:
            p.add_argument(
                "--encoder",
                choices=ENCODERS,
                help="how the model runs (env INSPECTION_BOT_ENCODER)",
            )
        p.add_argument(
            "--documents-dir", type=Path, help="documents folder (env INSPECTION_BOT_DOCUMENTS_DIR)"
        )

    p = sub.add_parser("index", help="index files or folders (default: the documents folder)")
    p.add_argument("paths", nargs="*", help="files or folders, walked recursively")
    p.add_argument("--rebuild", action="store_true", help="start from an empty index")
    common(p)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help="answer a question; '-' reads one question per line from stdin")
    p.add_argument("question")
    p.add_argument(
        "--json", action="store_true", help="print a JSON object (one per line with '-')"
    )
    p.add_argument("--today", type=_date, help="the date to treat as today (YYYY-MM-DD)")
    p.add_argument(
        "--council",
        help='the council questions that name none (or say "our") are about '
        "(env INSPECTION_BOT_COUNCIL)",
    )
    common(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("docs", help="list the indexed documents")
    p.add_argument("--json", action="store_true")
    common(p)
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("remove", help="remove a document from the index (id, file name or title)")
    p.add_argument("doc")
    common(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser(
        "timeline", help="inspection status and timeline of a council (or the only one indexed)"
    )
    p.add_argument("org", nargs="?", help="council or trust, e.g. Norfolk (default: --council)")
    p.add_argument(
        "--council", help="the council the deployment serves (env INSPECTION_BOT_COUNCIL)"
    )
    p.add_argument("--json", action="store_true")
    p.add_argument("--today", type=_date)
    p.add_argument("--png", type=Path, help="also draw the timeline into this PNG file")
    common(p)
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser(
        "brief",
        help="one page on a council: grade and judgements in force, grades over time, what "
        "needs to improve, visits since, what is expected next; every line cited",
    )
    p.add_argument("org", nargs="?", help="council or trust, e.g. Tameside (default: --council)")
    p.add_argument(
        "--council", help="the council the deployment serves (env INSPECTION_BOT_COUNCIL)"
    )
    p.add_argument("--json", action="store_true", help="print the same content as JSON")
    p.add_argument("--today", type=_date, help="the date to treat as today (YYYY-MM-DD)")
    p.add_argument("--png", type=Path, help="also draw the brief as one page into this PNG file")
    common(p)
    p.set_defaults(func=cmd_brief)

    p = sub.add_parser(
        "national",
        help="councils across the country by their latest full inspection: "
        "counts by grade, or a list (e.g. `national inadequate`)",
    )
    p.add_argument(
        "what",
        nargs="*",
        help="none, or a judgement (care leavers, help and protection, children in care, leaders): "
        "councils by grade as a chart; or a list: GRADE | count GRADE | inspected YEAR | "
        "published YEAR | since YEAR | changed GRADE to GRADE | worse | better | newest | oldest | "
        "compare A and B; with any: in REGION, a judgement (care leavers, …), no overall grade",
    )
    p.add_argument(
        "--json", action="store_true", help="print a JSON object with one citation per council"
    )
    p.add_argument("--today", type=_date, help="the date to treat as today (YYYY-MM-DD)")
    p.add_argument(
        "--png",
        type=Path,
        help="also draw the councils by grade (or by a judgement's) into this PNG",
    )
    common(p)
    p.set_defaults(func=cmd_national)

    p = sub.add_parser("eval", help="run a question set and print per-question results and rates")
    p.add_argument("questions", type=Path, help="JSON question set (see index/evaluate.py)")
    p.add_argument("--split", choices=("dev", "test"), help="only the questions of this split")
    p.add_argument("--kind", help="only the questions of this kind (e.g. last_inspected)")
    p.add_argument(
        "--limit", type=int, help="only the first N questions (after --split and --kind)"
    )
    common(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser(
        "bench",
        help="measure parsing, indexing, answering and scale on a corpus; "
        "writes docs/benchmarks.md",
    )
    p.add_argument(
        "corpus", type=Path, help="folder of documents, e.g. ../shared/corpus/ofsted-ilacs"
    )
    p.add_argument(
        "--limit", type=int, help="use N files spread evenly over the corpus (a quick run)"
    )
    p.add_argument(
        "--scale", default="100000,1000000", help="synthetic sizes for the scale runs (0: none)"
    )
    p.add_argument(
        "--encoder", choices=ENCODERS, default="auto", help="the encoder the pipeline uses"
    )
    p.add_argument("--no-encoders", action="store_true", help="skip comparing the encoder variants")
    p.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md",
        help="markdown file the table is written into",
    )
    p.add_argument("--dry", action="store_true", help="print the table instead of writing it")
    p.add_argument("--keep", type=Path, help="work in this folder and keep it")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser(
        "chat", help="ask questions interactively; follow-ups take what they lack from the last"
    )
    p.add_argument("--today", type=_date)
    p.add_argument(
        "--council",
        help='the council questions that name none (or say "our") are about '
        "(env INSPECTION_BOT_COUNCIL)",
    )
    common(p)
    p.set_defaults(func=cmd_chat)

    try:
        from bot.cli import add_serve_parser
    except ModuleNotFoundError as exc:
        if exc.name != "bot":  # only a checkout without the bot package goes without `serve`
            raise
    else:
        # serve reads the encoder from INSPECTION_BOT_ENCODER only: its settings take no such flag.
        add_serve_parser(sub, lambda p: common(p, encoder=False))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InspectionBotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        # The answer is out; let a model export started after indexing finish before exiting
        # (at interpreter shutdown it could not start its work), so later questions are fast.
        for thread in threading.enumerate():
            if thread.name == "onnx-export":
                thread.join()


if __name__ == "__main__":
    sys.exit(main())
