"""Security properties checked on the source and on the parts that guard secrets (SECURITY.md says why).

Stored data is never unpickled or evaluated; SQL is never built from data; the token is redacted
from every log record whatever surrounds it; settings never show it.
"""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import Redact
from bot.settings import BadSetting, BotSettings

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = ("index", "bot")  # what runs in the bot and the CLI
TOOLING = ("scripts", "benchmarks")  # run by people on their own files
TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return "?"


def keyword(call: ast.Call, name: str):
    return next((k.value for k in call.keywords if k.arg == name), None)


@pytest.mark.parametrize(
    "path", python_files(*PRODUCTION, *TOOLING), ids=lambda p: str(p.relative_to(ROOT))
)
def test_nothing_is_unpickled_evaluated_or_run_through_a_shell(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    unsafe_modules = {
        "pickle",
        "cPickle",
        "_pickle",
        "dill",
        "joblib",
        "marshal",
        "shelve",
        "cloudpickle",
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not {a.name.split(".")[0] for a in node.names} & unsafe_modules, ast.unparse(
                node
            )
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] not in unsafe_modules, ast.unparse(node)
    for call in calls(tree):
        name = dotted(call.func)
        where = f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)[:120]}"
        assert name not in {
            "eval",
            "exec",
            "__import__",
            "os.system",
            "os.popen",
            "yaml.unsafe_load",
            "pd.read_pickle",
            "pandas.read_pickle",
        }, where
        if name in {"yaml.load", "yaml.load_all"}:
            assert "Safe" in ast.unparse(keyword(call, "Loader") or ast.Constant("")), where
        if name.endswith("torch.load"):
            assert ast.unparse(keyword(call, "weights_only") or ast.Constant(False)) == "True", (
                where
            )
        allow_pickle = keyword(call, "allow_pickle")
        assert allow_pickle is None or ast.unparse(allow_pickle) == "False", where
        shell = keyword(call, "shell")
        assert shell is None or ast.unparse(shell) == "False", where


@pytest.mark.parametrize("path", python_files(*PRODUCTION), ids=lambda p: str(p.relative_to(ROOT)))
def test_stored_arrays_are_loaded_with_pickle_refused_explicitly(path):
    """numpy and bm25s default to refusing pickles today; the code must not depend on a default."""
    for call in calls(ast.parse(path.read_text())):
        name = dotted(call.func)
        if name in {"np.load", "numpy.load"} or name.endswith("BM25.load"):
            assert ast.unparse(keyword(call, "allow_pickle") or ast.Constant(None)) == "False", (
                f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)}"
            )


@pytest.mark.parametrize("path", python_files(*PRODUCTION), ids=lambda p: str(p.relative_to(ROOT)))
def test_sql_is_never_built_from_data(path):
    """SQL text is a literal or a constant; the one f-string only repeats "?" placeholders."""
    module_constants = (
        {
            t.id
            for n in ast.parse(path.read_text()).body
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
            and t.id.isupper()
            or isinstance(t, ast.Name)
            and t.id.startswith("_")
            and t.id[1:].isupper()
        }
        | {  # a constant imported from the module that owns it ("from index.store.store import SCHEMA")
            a.asname or a.name
            for n in ast.parse(path.read_text()).body
            if isinstance(n, ast.ImportFrom)
            for a in n.names
            if (a.asname or a.name).isupper()
        }
    )
    for call in calls(ast.parse(path.read_text())):
        if not (
            isinstance(call.func, ast.Attribute)
            and call.func.attr in {"execute", "executemany", "executescript"}
            and call.args
        ):
            continue
        sql = call.args[0]
        where = f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(sql)[:100]}"
        if isinstance(sql, ast.Constant):
            continue
        if isinstance(sql, ast.Name):
            assert sql.id in module_constants, where
            continue
        assert isinstance(sql, ast.JoinedStr), where
        interpolated = [
            ast.unparse(v.value) for v in sql.values if isinstance(v, ast.FormattedValue)
        ]
        assert set(interpolated) <= {"marks"}, where


# ---------------------------------------------------------------- the token in logs


def _record(
    message: str, args: tuple = (), error: BaseException | None = None
) -> logging.LogRecord:
    exc_info = (type(error), error, error.__traceback__) if error else None
    return logging.LogRecord("telegram.ext", logging.ERROR, __file__, 1, message, args, exc_info)


_around = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80)


@settings(max_examples=200, deadline=None)
@given(
    _around,
    _around,
    st.sampled_from(
        [
            TOKEN,
            TOKEN.partition(":")[2],
            f"bot{TOKEN}/sendMessage",
            f"https://api.telegram.org/file/bot{TOKEN}/documents/file_1.pdf",
        ]
    ),
    st.sampled_from(["message", "argument", "exception", "all"]),
)
def test_the_token_is_redacted_wherever_it_appears_in_a_log_record(before, after, leak, where):
    text = f"{before}{leak}{after}"
    try:
        raise RuntimeError(text)
    except RuntimeError as error:
        caught = error
    # "all" puts arbitrary text in the format string too: a "%" in it makes a malformed log call,
    # which must still be logged (redacted), not raise into the code that logged it.
    record = _record(
        text if where in ("message", "all") else "failed: %s",
        (text,) if where in ("argument", "all") else () if where == "message" else ("x",),
        caught if where in ("exception", "all") else None,
    )
    Redact((TOKEN, TOKEN.partition(":")[2], "webhook-Secret_1")).filter(record)
    formatted = logging.Formatter("%(message)s").format(record)
    assert TOKEN.partition(":")[2] not in formatted and TOKEN not in formatted


def test_a_malformed_log_call_is_still_logged_redacted_and_never_raises_into_the_caller():
    record = _record(f"sent %d messages with {TOKEN}", ("not a number",))
    assert Redact((TOKEN, TOKEN.partition(":")[2])).filter(record)
    formatted = logging.Formatter("%(message)s").format(record)
    assert "sent %d messages" in formatted and TOKEN.partition(":")[2] not in formatted


def test_settings_never_show_the_token_or_the_webhook_secret():
    settings = BotSettings.load(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "BOT_WEBHOOK_URL": "https://bot.example.org/hook",
            "BOT_WEBHOOK_SECRET": "webhook-Secret_1",
        }
    )
    assert TOKEN not in repr(settings) and "webhook-Secret_1" not in repr(settings)
    for mangled in (
        TOKEN.replace(":", ";"),
        "bot" + TOKEN,
        TOKEN + "\n" + TOKEN,
        TOKEN + "!",
        TOKEN[:9],
    ):
        with pytest.raises(BadSetting) as refused:
            BotSettings.load({"TELEGRAM_BOT_TOKEN": mangled})
        assert TOKEN.partition(":")[2] not in str(refused.value) and mangled not in str(
            refused.value
        )


def test_security_md_states_the_threat_model_and_what_is_not_protected():
    text = (ROOT / "SECURITY.md").read_text()
    for heading in ("Threat model", "What is protected", "What is not protected", "Reporting"):
        assert re.search(rf"^#+ {heading}", text, re.M), heading
    for claim in ("allowlist", "admin", "token", "pickle", "documents folder", "feedback"):
        assert claim in text.lower(), claim
