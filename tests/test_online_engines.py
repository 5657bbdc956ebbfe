"""Online engines: the real deep-translator and deepl clients against real HTTP servers on 127.0.0.1.

Nothing here touches the internet. Each failure kind (429 with Retry-After,
500, a stalled connection, connection refused, a bad key) must end with exit
code 3, one ``Error:`` line naming engine, language and cause and no key, and
every answer received before the failure saved.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import polib
import pytest

from i18n_pub.engines import create_engine
from i18n_pub.engines.remote import Failure, RetryPolicy, Runner
from i18n_pub.store import FILENAME
from tests.conftest import CLI, REPO, copy_site, msgfmt_check, run_cli
from tests.mt_server import MTServer

KEY = "sk-test-7f3a9c2e41d8b6"  # a made-up key; it must never appear in any file or output
FAST = {"timeout": 0.5, "retries": 1, "backoff": 0.01, "max-backoff": 0.05}

# How each engine is pointed at the local server: the endpoint its client really reads.
ENDPOINTS = {"google": "/m", "mymemory": "/get", "libre": "", "microsoft": "", "deepl": ""}

# --- a small site whose every expected value is written out by hand ---------------------------
#
# One article: a title, three sentences with glossary terms or none, and 30 plain sentences
# (no term, name, number or date: the engine gets them as they are). What the engine is sent,
# and what each catalog entry must hold afterwards, are written below from the glossary's
# rules (ICESCO and Rabat are kept; Minister of Education is "ministre de l'Éducation" in
# French), not computed by the masking code under test.

PLAIN = [f"The {adjective} {noun} spoke." for adjective in ("young", "old", "tall", "kind", "busy")
         for noun in ("teacher", "pupil", "farmer", "doctor", "writer", "painter")]  # fmt: skip
ARTICLE = """---
title: A new school
date: 2021-05-01
---

ICESCO opened a new school in Rabat.

The pupils thanked the Minister of Education.

Teachers welcomed the news.

""" + "\n\n".join(PLAIN) + "\n"
# msgid → (what the engine is sent, the French text the answer becomes once the terms are restored)
SENT = {
    "A new school": ("A new school", "A new school"),
    "ICESCO opened a new school in Rabat.": ("{0} opened a new school in {1}.", "ICESCO opened a new school in Rabat."),
    "The pupils thanked the Minister of Education.": ("The pupils thanked the {0}.", "The pupils thanked the ministre de l'Éducation."),
    "Teachers welcomed the news.": ("Teachers welcomed the news.", "Teachers welcomed the news."),
    **{text: (text, text) for text in PLAIN},
}
# The site strings (_site.po) the engine is asked for: the feed's title and the organisation's name,
# ICESCO masked as in the articles. The subtitle and the three notices reach no engine: i18n-pub ships
# their French translation.
SITE_SENT = {"{0}", "{0} News"}
# The spans masked in each entry, as the comment names them when the engine loses their token.
MASKED_SPANS = {
    "ICESCO opened a new school in Rabat.": ["ICESCO (organization)", "Rabat (name)"],
    "The pupils thanked the Minister of Education.": ["Minister of Education (title)"],
}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """The sample site's configuration and glossary with the one article above as its only source."""
    site = copy_site(tmp_path / "small")
    shutil.rmtree(site / "sources")
    (site / "sources").mkdir()
    (site / "sources/a-new-school.md").write_text(ARTICLE, encoding="utf-8")
    return site


def sent(msgids) -> set[str]:
    return {SENT[msgid][0] for msgid in msgids}


def expected_output(msgid: str, prefix: str = "fr") -> str:
    """What the fake server answers (``<target>: <text sent>``), with the terms restored; a sentence
    that starts with a capital starts with one in the catalog too (engines answer ``has escrito`` for
    ``You've written``; i18n_pub/spacing.py puts the capital back)."""
    text = f"{prefix}: {SENT[msgid][1]}"
    return text[0].upper() + text[1:] if next((c for c in msgid if c.isalpha()), "").isupper() else text


@pytest.fixture
def server():
    with MTServer() as running:
        yield running


def configure(site: Path, engine: str, url: str, **settings) -> None:
    """Add ``[tool.i18n-pub.engine.<engine>]`` to the site's pyproject.toml."""
    lines = [f"\n[tool.i18n-pub.engine.{engine}]", f'url = "{url}"']
    for key, value in {**FAST, **settings}.items():
        lines.append(f"{key} = {value!r}" if not isinstance(value, str) else f'{key} = "{value}"')
    with (site / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def translate_fr(site: Path, engine: str, *, check: int | None = 0, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return run_cli("translate", "-l", "fr", "--engine", engine, *extra, cwd=site, env={f"I18N_PUB_{engine.upper()}_KEY": KEY}, check=check)


def catalogs(site: Path) -> list[polib.POFile]:
    """The article catalogs (_site.po, the site strings, reaches the engine with its placeholders masked)."""
    return [polib.pofile(str(p)) for p in sorted((site / "locales/fr").glob("[!_]*.po"))]


def translated_texts(site: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for po in catalogs(site) for e in po if e.msgstr}


def all_texts(site: Path) -> set[str]:
    return {e.msgid for po in catalogs(site) for e in po}


def assert_key_never_written(site: Path, *outputs: str) -> None:
    for output in outputs:
        assert KEY not in output
    for path in site.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), f"the key leaked into {path}"


def error_lines(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("Error:")]


# --- every engine through its real client --------------------------------------------


@pytest.mark.parametrize("engine", ["google", "libre", "mymemory", "microsoft", "deepl"])
def test_each_engine_translates_every_segment_once_through_its_real_client(small, server, engine):
    site = small
    server.behaviour.key = KEY if engine in ("libre", "microsoft", "deepl") else None
    configure(site, engine, server.url + ENDPOINTS[engine])
    done = translate_fr(site, engine)
    assert all_texts(site) == set(SENT) and translated_texts(site).keys() == set(SENT)
    prefix = {"mymemory": "fr-fr"}.get(engine, "fr")  # MyMemory's code for French is fr-FR
    for po in catalogs(site):
        msgfmt_check(Path(po.fpath))
        for entry in po:
            assert entry.msgstr == expected_output(entry.msgid, prefix)
            assert "fuzzy" in entry.flags and f"mt: {engine}" in entry.tcomment
    if engine != "deepl":  # DeepL sends several texts per request
        assert server.requests == len(sent(SENT) | SITE_SENT)
    assert set(server.texts) == sent(SENT) | SITE_SENT and max(server.texts.values()) == 1
    if engine in ("libre", "microsoft", "deepl"):
        assert set(server.seen_keys) == {KEY}  # the key from the environment reached the server …
    assert_key_never_written(site, done.stdout, done.stderr)  # … and nothing else


def test_a_second_run_asks_the_engine_nothing(site, server):
    configure(site, "libre", server.url)
    translate_fr(site, "libre")
    first = server.requests
    assert first > 0
    # Even with the catalogs gone, the cache answers: no text is asked twice.
    for path in (site / "locales/fr").glob("*.po"):
        path.unlink()
    server.reset_counts()
    translate_fr(site, "libre")
    assert server.requests == 0
    assert translated_texts(site).keys() == all_texts(site)


def test_requests_run_concurrently_up_to_the_configured_limit(server):
    server.behaviour.latency = 0.05
    engine = create_engine("google", {"url": server.url + "/m", "concurrency": 3, **FAST})
    texts = [f"Sentence number {n}." for n in range(24)]
    assert engine.translate(texts, "en", "fr").texts == tuple(f"fr: {t}" for t in texts)
    assert server.max_in_flight == 3


# --- failures: exit 3, one line naming engine, language and cause; nothing lost ----------


@pytest.mark.slow  # engine fault
@pytest.mark.parametrize(
    ("kind", "cause"),
    [
        ("429", "rate limited (HTTP 429), gave up after 2 attempt(s)"),
        ("500", "server error (HTTP 500), gave up after 2 attempt(s)"),
        ("stall", "within 0.5 s (timeout), gave up after 2 attempt(s)"),
        ("drop", "failed or dropped, gave up after 2 attempt(s)"),
        ("403", "the key was refused (HTTP 403)"),
    ],
)
def test_a_failing_engine_keeps_what_it_translated_and_exits_3(small, server, kind, cause):
    site = small
    server.behaviour.fail_after, server.behaviour.then, server.behaviour.retry_after = 12, kind, "0"
    server.behaviour.stall = 3
    configure(site, "libre", server.url, concurrency=4)
    done = translate_fr(site, "libre", check=3)
    [line] = error_lines(done)
    assert line.startswith("Error: libre (en→fr): ") and cause in line, line
    assert "Traceback" not in done.stderr
    saved = translated_texts(site)
    # Every answer the server gave is in a catalog; the rest stays untranslated.
    assert sent(saved) == set(server.texts) and len(saved) >= 12
    assert len(saved) < len(all_texts(site))
    for po in catalogs(site):
        msgfmt_check(Path(po.fpath))
    assert_key_never_written(site, done.stdout, done.stderr)


@pytest.mark.slow  # engine fault
def test_retry_after_is_honoured_before_asking_again(server):
    server.behaviour.script, server.behaviour.retry_after = ["429"], "1"
    engine = create_engine("libre", {"url": server.url, "concurrency": 1, **FAST})
    assert engine.translate(["One.", "Two."], "en", "fr").texts == ("fr: One.", "fr: Two.")
    (rejected, action), (retried, _) = server.times[0], server.times[1]
    assert action == "429" and retried - rejected >= 1.0


@pytest.mark.slow  # engine fault
def test_a_retry_after_longer_than_max_wait_fails_at_once(site, server):
    server.behaviour.default, server.behaviour.retry_after = "429", "3600"
    configure(site, "libre", server.url, concurrency=1, **{"max-wait": 5})
    started = time.monotonic()
    done = translate_fr(site, "libre", check=3)
    assert time.monotonic() - started < 30
    [line] = error_lines(done)
    assert "libre (en→fr): rate limited (HTTP 429), Retry-After 3600 s is longer than max-wait 5 s" in line
    assert server.requests == 1  # stopped asking at once


@pytest.mark.slow  # engine fault
def test_connection_refused_exits_3_and_keeps_earlier_translations(site, server):
    configure(site, "libre", server.url)
    server.behaviour.fail_after, server.behaviour.then = 10, "500"
    translate_fr(site, "libre", check=3)
    before = translated_texts(site)
    assert len(before) >= 10
    server.stop()  # nothing listens on that port any more
    done = translate_fr(site, "libre", check=3)
    [line] = error_lines(done)
    assert line.startswith("Error: libre (en→fr): cannot connect to 127.0.0.1:") and "connection refused" in line
    assert translated_texts(site) == before
    assert_key_never_written(site, done.stdout, done.stderr)


def test_a_bad_key_stops_at_once_and_is_never_shown(site, server):
    server.behaviour.key = "the-right-key-0000"
    configure(site, "microsoft", server.url, concurrency=2)
    done = translate_fr(site, "microsoft", check=3)
    [line] = error_lines(done)
    assert line.startswith("Error: microsoft (en→fr): the key was refused (HTTP 403)")
    assert "I18N_PUB_MICROSOFT_KEY" in line
    assert server.requests <= 2  # the requests already in flight, no more
    assert not translated_texts(site)
    assert_key_never_written(site, done.stdout, done.stderr)


def test_a_missing_key_is_a_configuration_error(site, server):
    configure(site, "deepl", server.url)
    env = {k: v for k, v in os.environ.items() if k != "I18N_PUB_DEEPL_KEY"}
    done = subprocess.run([*CLI, "translate", "-l", "fr", "--engine", "deepl"], cwd=site, capture_output=True, text=True,
                          env={**env, "PYTHONPATH": str(REPO)})  # fmt: skip
    assert done.returncode == 1
    assert error_lines(done) == [
        "Error: engine 'deepl' needs a key and I18N_PUB_DEEPL_KEY is not set — "
        "export I18N_PUB_DEEPL_KEY=… in the environment (keys are never read from files)"
    ]


# --- an interrupted run started again --------------------------------------------------


@pytest.mark.slow  # engine fault
def test_a_run_killed_halfway_then_restarted_asks_only_for_what_was_missing(small, server):
    site = small
    server.behaviour.latency = 0.03
    configure(site, "libre", server.url, concurrency=2)
    env = {**os.environ, "PYTHONPATH": str(REPO), "I18N_PUB_LIBRE_KEY": KEY}
    process = subprocess.Popen([*CLI, "translate", "-l", "fr", "--engine", "libre"], cwd=site, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while server.answered < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not (site / "locales/fr").exists() or not translated_texts(site)  # killed before writing catalogs
    with sqlite3.connect(site / ".i18n-pub" / FILENAME) as db:
        cached = {text for (text,) in db.execute("SELECT text FROM machine_answers WHERE engine='libre'")}
    assert len(cached) >= 5  # each answer was committed as it arrived (a few may have been in flight)

    server.reset_counts()
    server.behaviour.latency = 0
    translate_fr(site, "libre")
    assert all_texts(site) == set(SENT) and translated_texts(site).keys() == set(SENT)
    # The restarted run asked only for the texts the cache did not hold, each once.
    assert server.requests == len((sent(SENT) | SITE_SENT) - cached)
    assert set(server.texts) == (sent(SENT) | SITE_SENT) - cached


# --- long segments, settings, progress --------------------------------------------------


def test_a_segment_longer_than_the_limit_is_split_at_clause_boundaries_and_joined(server):
    engine = create_engine("libre", {"url": server.url, "max-chars": 40, **FAST})
    text = "The agreement covers education, science and culture; it runs for five years, starting in April."
    [out] = engine.translate([text], "en", "es").texts
    pieces = list(server.texts)
    assert pieces == ["The agreement covers education,", "science and culture;", "it runs for five years,", "starting in April."]
    assert out == "es: The agreement covers education, es: science and culture; es: it runs for five years, es: starting in April."


def test_the_result_holds_the_answers_obtained_and_the_error(server):
    server.behaviour.script = ["ok", "ok", "403"]
    engine = create_engine("google", {"url": server.url + "/m", "concurrency": 1, **FAST})
    result = engine.translate(["one", "two", "three", "four"], "en", "fr")
    assert result.texts == ("fr: one", "fr: two", None, None)
    assert result.error is not None and result.error.exit_code == 3


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("colour = 1", "unknown key 'colour' in [tool.i18n-pub.engine.libre] — allowed keys: backoff, concurrency,"),
        ('key = "abc"', "keys are read only from the environment variable I18N_PUB_LIBRE_KEY"),
        ("concurrency = 0", "'concurrency' in [tool.i18n-pub.engine.libre] must be at least 1"),
        ('timeout = "fast"', "'timeout' in [tool.i18n-pub.engine.libre] must be a float"),
    ],
)
def test_engine_settings_are_checked(site, setting, message):
    with (site / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(f"\n[tool.i18n-pub.engine.libre]\n{setting}\n")
    done = run_cli("translate", "-l", "fr", "--engine", "libre", cwd=site, check=1)
    [line] = error_lines(done)
    assert line.startswith("Error: pyproject.toml:") and message in line, line


def test_progress_is_plain_lines_when_not_a_terminal_and_silent_with_quiet(site, server):
    configure(site, "libre", server.url)
    done = translate_fr(site, "libre")
    lines = [line for line in done.stderr.splitlines() if line.startswith("fr: libre:")]
    total = len(all_texts(site))
    assert lines[0] == f"fr: libre: translating {total} segment(s)" and lines[-1] == f"fr: libre: {total}/{total}"
    assert 2 <= len(lines) <= 5
    for path in (site / "locales/fr").glob("*.po"):
        path.unlink()
    shutil.rmtree(site / ".i18n-pub")
    quiet = translate_fr(site, "libre", extra=("--quiet",))
    assert quiet.stderr == "" and quiet.stdout == ""


# --- DeepL: its own client, its own code path (an adapter on its session) -----------------


def deepl_engine(server: MTServer, monkeypatch, **settings):
    monkeypatch.setenv("I18N_PUB_DEEPL_KEY", KEY)
    return create_engine("deepl", {"url": server.url, **FAST, **settings})


@pytest.mark.slow  # engine fault
@pytest.mark.parametrize(
    ("kind", "cause"),
    [
        ("429", "rate limited (HTTP 429), gave up after 2 attempt(s)"),
        ("500", "server error (HTTP 500), gave up after 2 attempt(s)"),
        ("stall", "within 0.5 s (timeout), gave up after 2 attempt(s)"),
        ("403", "the key was refused (HTTP 403)"),
    ],
)
def test_deepl_failures_keep_the_batches_already_answered(server, monkeypatch, kind, cause):
    server.behaviour.fail_after, server.behaviour.then, server.behaviour.retry_after, server.behaviour.stall = 2, kind, "0", 3
    engine = deepl_engine(server, monkeypatch, concurrency=1)
    texts = [f"Sentence {n}." for n in range(60)]  # 25 per request: 3 requests
    result = engine.translate(texts, "en", "fr")
    message = str(result.error)
    assert message.startswith("deepl (en→fr): ") and cause in message and KEY not in message
    assert result.texts[:50] == tuple(f"fr: {t}" for t in texts[:50])
    assert result.texts[50:] == (None,) * 10


@pytest.mark.slow  # engine fault
def test_deepl_honours_retry_after_and_refused_connections_are_named(server, monkeypatch):
    server.behaviour.script, server.behaviour.retry_after = ["429"], "1"
    engine = deepl_engine(server, monkeypatch)
    assert engine.translate(["One."], "en", "fr").texts == ("fr: One.",)
    (rejected, _), (retried, _) = server.times[0], server.times[1]
    assert retried - rejected >= 1.0
    port = server.server_address[1]
    server.stop()
    result = engine.translate(["Two."], "en", "fr")
    assert str(result.error).startswith(f"deepl (en→fr): cannot connect to 127.0.0.1:{port} (connection refused)")


def test_deepl_sends_our_glossary_as_a_native_glossary(server, monkeypatch):
    engine = deepl_engine(server, monkeypatch)
    plain_key = engine.cache_key
    engine.set_glossary({"ICESCO": "l'ICESCO", "Director-General": "Directeur général"})
    assert engine.cache_key != plain_key  # answers with a glossary are cached apart
    [out] = engine.translate(["The Director-General of ICESCO spoke."], "en", "fr").texts
    assert out == "fr: The Directeur général of l'ICESCO spoke."
    assert server.glossaries == {"g1": {"ICESCO": "l'ICESCO", "Director-General": "Directeur général"}}
    engine.translate(["Again."], "en", "fr")
    assert len(server.glossaries) == 1  # created once per language pair


def test_a_failure_is_a_value_and_a_key_in_its_cause_is_never_shown():
    def send(pieces: list[str]) -> list[str] | Failure:
        if pieces == ["boom"]:
            return Failure("refused s3cr3t-key-value", fix="check s3cr3t-key-value")
        return [p.upper() for p in pieces]

    runner = Runner("libre", RetryPolicy(concurrency=1), 100, secrets=["s3cr3t-key-value"])
    result = runner.run(["a", "boom", "c"], "en", "fr", send)
    assert str(result.error) == "libre (en→fr): refused [key]; 1 of 3 text(s) translated — check [key]"
    assert result.texts == ("A", None, None)


def test_mymemory_quota_warning_is_a_failure_not_a_translation(server):
    server.behaviour.default, server.behaviour.retry_after = "quota", "0"
    engine = create_engine("mymemory", {"url": server.url + "/get", **FAST})
    result = engine.translate(["Hello."], "en", "fr")
    assert str(result.error).startswith("mymemory (en→fr): rate limited (HTTP 429), gave up after 2 attempt")
    assert result.texts == (None,)


# --- with the glossary: what the engine gets is masked, and checked when it comes back ---------


def test_tokens_an_engine_drops_leave_the_entry_fuzzy_naming_the_lost_term(small, server):
    site = small
    server.behaviour.drop_tokens = True
    configure(site, "libre", server.url)
    done = translate_fr(site, "libre")
    [po] = catalogs(site)
    for msgid, labels in MASKED_SPANS.items():
        entry = po.find(msgid)
        assert "fuzzy" in entry.flags
        comment = " ".join(entry.tcomment.split())  # the PO writer may wrap a long comment
        for label in labels:  # every term the engine lost is named for the translator
            assert f"glossary: lost {label}" in comment
    unmasked = [e for e in po if e.msgid not in MASKED_SPANS]
    assert unmasked and all("lost" not in e.tcomment for e in unmasked)
    assert "the engine lost" in done.stdout


def test_deepl_receives_the_site_glossary_as_a_native_glossary_and_masking_still_applies(small, server):
    site = small
    server.behaviour.key = KEY
    configure(site, "deepl", server.url)
    translate_fr(site, "deepl")
    [entries] = server.glossaries.values()  # one glossary, created once for en→fr
    assert entries["ICESCO"] == "ICESCO" and entries["Organization"] == "Organisation"
    assert sent(SENT) <= set(server.texts)  # terms still masked when sent
    for po in catalogs(site):
        for entry in po:
            assert entry.msgstr == expected_output(entry.msgid)
