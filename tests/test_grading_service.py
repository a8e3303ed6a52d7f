"""The grading service that hidden tests inside nbgrader's kernel talk to."""

from __future__ import annotations

import json
import socket

from graders.engine import solution_sources
from graders.grading_service import MAX_ASKS_PER_EXERCISE, grading_service
from graders.registry import ASSIGNMENTS
from graders.sandbox import hidden_paths


def ask(path, request: dict) -> dict:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(str(path))
        conn.sendall(json.dumps(request).encode() + b"\n")
        with conn.makefile("rb") as answer:
            return json.loads(answer.readline())


def test_service_grades_and_then_refuses_an_oracle_attack():
    sources = solution_sources(ASSIGNMENTS["c1w2a1"])
    request = {"assignment": "c1w2a1", "only": ["sigmoid"], "sources": sources}
    with grading_service() as path:
        answers = [ask(path, request) for _ in range(MAX_ASKS_PER_EXERCISE + 1)]
    assert all(a["exercises"][0]["passed"] for a in answers[:MAX_ASKS_PER_EXERCISE])
    assert "too many" in answers[-1]["error"]


def test_service_answers_malformed_requests_without_dying():
    with grading_service() as path:
        assert "error" in ask(path, {"assignment": "c9w9a9", "sources": {}})
        assert "error" in ask(path, {"nonsense": True})
        sources = solution_sources(ASSIGNMENTS["c1w2a1"])
        good = ask(path, {"assignment": "c1w2a1", "only": ["L1"], "sources": sources})
    assert good["exercises"][0]["passed"]


def test_sandboxed_children_cannot_reach_a_running_service():
    with grading_service() as path:
        assert str(path.parent) in hidden_paths()
    assert str(path.parent) not in hidden_paths()
