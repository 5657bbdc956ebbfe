"""The Apertium engine with real Apertium: batches, and a process started ahead of its batch."""

from __future__ import annotations

import pytest

from i18n_pub.engines.apertium import ApertiumEngine
from i18n_pub.errors import EngineError
from tests.conftest import require_tool

TEXTS = ["Hello world.", "The cat sat on the mat.", "Good morning."]


@pytest.fixture(autouse=True)
def _apertium():
    require_tool("apertium")


def test_a_warmed_up_process_gives_the_same_answers_and_is_used_once():
    expected = ApertiumEngine().translate(TEXTS, "en", "es")
    engine = ApertiumEngine()
    engine.warm_up("en", "es")
    ready = engine._ready[1]
    assert engine.translate(TEXTS, "en", "es") == expected == ["Hola Mundo.", "El gato sentado en la estera.", "Buenos días."]
    assert ready.returncode == 0 and engine._ready is None  # the batch ran in the warmed-up process
    assert engine.translate(TEXTS[:1], "en", "es") == expected[:1]  # the next batch starts its own


def test_an_unused_warm_process_is_ended_by_close_and_a_wrong_pair_is_not_used():
    engine = ApertiumEngine()
    engine.warm_up("en", "es")
    process = engine._ready[1]
    engine.close()
    assert process.returncode == 0 and engine._ready is None
    engine.warm_up("en", "ca")  # another pair: ended, not used for en→es
    other = engine._ready[1]
    assert engine.translate(TEXTS[:1], "en", "es") == ["Hola Mundo."]
    assert other.returncode is not None and engine._ready is None


def test_a_missing_pair_fails_the_same_with_or_without_warm_up():
    messages = []
    for warm in (False, True):
        engine = ApertiumEngine()
        if warm:
            engine.warm_up("en", "xx")
        with pytest.raises(EngineError) as caught:
            engine.translate(TEXTS[:1], "en", "xx")
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "apertium (en→xx)" in messages[0]
