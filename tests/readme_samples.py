"""The README's sample outputs, made by running the commands they show.

A sample in README.md is a ```text block after a marker line, whose first line is the command
as a user types it::

    <!-- sample: bundled -->            run over an index of the bundled documents/
    <!-- sample: national head=14 -->   run over an index of the national corpus; the first 14
                                        lines of output, then a line "…"

Regenerate them all (the national ones need an index of the national corpus):

    python -m tests.readme_samples --national-index ~/national-index

and check them without writing (`--check`); tests/test_readme.py checks each against what the
command prints today. The command is run as `python -m inspection_bot ARGS --index-dir DIR`.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARKER = re.compile(r"^<!-- sample: (bundled|national)(?: head=(\d+))? -->\n```text\n", re.M)
ELIDED = "…"
#: The index of the national corpus the national samples run over, when one is given.
NATIONAL_INDEX_ENV = "INSPECTION_BOT_TEST_NATIONAL_INDEX"


@dataclass(frozen=True)
class Sample:
    corpus: str  # "bundled" or "national"
    head: int | None  # lines of output kept (then "…"); None: all of them
    command: str  # as typed after "$ "
    shown: str  # the output the README shows
    start: int  # offsets of the block's body (command line and output) in the README
    end: int

    @property
    def args(self) -> list[str]:
        words = shlex.split(self.command)
        assert words[0] == "inspection-bot", self.command
        return words[1:]

    def expected(self, printed: str) -> str:
        """What the README should show for this output."""
        lines = printed.rstrip("\n").split("\n")
        if self.head is not None and len(lines) > self.head:
            lines = [*lines[: self.head], ELIDED]
        return "\n".join(lines)


def samples(text: str) -> list[Sample]:
    found = []
    for match in MARKER.finditer(text):
        start = match.end()
        end = text.index("\n```", start)
        body = text[start:end]
        first, _, shown = body.partition("\n")
        assert first.startswith("$ "), f"a sample starts with its command: {first!r}"
        head = int(match[2]) if match[2] else None
        found.append(Sample(match[1], head, first[2:], shown, start, end))
    return found


def national_index() -> Path | None:
    """An index of the national corpus to run national samples over, or None."""
    given = os.environ.get(NATIONAL_INDEX_ENV)
    return Path(given) if given else None


def run(sample: Sample, index_dir: Path) -> str:
    """What the command prints today (stdout; the exit status must be 0)."""
    result = subprocess.run(
        [sys.executable, "-m", "inspection_bot", *sample.args, "--index-dir", str(index_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"`{sample.command}` failed: {result.stderr.strip()}")
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report differences; write nothing")
    parser.add_argument("--national-index", type=Path, help="an index of the national corpus")
    args = parser.parse_args(argv)
    text = README.read_text()
    national = args.national_index or national_index()
    with tempfile.TemporaryDirectory(prefix="readme-samples-") as folder:
        bundled = Path(folder) / "index"
        subprocess.run(
            [sys.executable, "-m", "inspection_bot", "index", "--index-dir", str(bundled)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        stale, out, at = [], [], 0
        for sample in samples(text):
            index_dir = bundled if sample.corpus == "bundled" else national
            if index_dir is None:
                print(f"skipped (no national index): {sample.command}")
                continue
            expected = sample.expected(run(sample, index_dir))
            if expected != sample.shown:
                stale.append(sample.command)
            out += [text[at : sample.start], f"$ {sample.command}\n{expected}"]
            at = sample.end
        out.append(text[at:])
    for command in stale:
        print(f"{'stale' if args.check else 'regenerated'}: {command}")
    if not args.check:
        README.write_text("".join(out))
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
