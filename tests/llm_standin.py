"""A stand-in for an OpenAI-compatible chat server, for tests only: it runs on 127.0.0.1,
answers ``POST /v1/chat/completions`` from a script per document, and records what it
was asked. It is not a model; nothing it answers is ever scored on the leaderboard.

A script is a list of steps per document id, used in order (the last one repeats):
``{"content": "...", "usage": {...}}`` answers; ``{"status": 429, "retry_after": "0"}``
fails with that status; ``{"sleep": 2.0}`` waits before the next step's answer, making
the client time out; ``{"raw": "..."}`` sends a 200 response that is not a completion.
"""
from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DOC_RE = re.compile(r"^Document (\S+)\. ", re.MULTILINE)


class StandIn:
    def __init__(self, script: dict[str, list[dict[str, Any]]], api_key: str | None = None, delay: float = 0.0):
        self.script = {doc: list(steps) for doc, steps in script.items()}
        self.api_key = api_key
        self.delay = delay
        self.requests: Counter[str] = Counter()
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "StandIn":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _next_step(self, doc: str) -> dict[str, Any]:
        with self.lock:
            self.requests[doc] += 1
            steps = self.script.get(doc) or [{"content": "{}"}]
            return steps.pop(0) if len(steps) > 1 else steps[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a time-out test)

            def do_POST(self) -> None:
                with standin.lock:
                    standin.in_flight += 1
                    standin.max_in_flight = max(standin.max_in_flight, standin.in_flight)
                try:
                    self._answer()
                finally:
                    with standin.lock:
                        standin.in_flight -= 1

            def _answer(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with standin.lock:
                    standin.bodies.append(body)
                    standin.headers.append(dict(self.headers))
                if self.path != "/v1/chat/completions":
                    return self._send(404, json.dumps({"error": {"message": f"no route {self.path}"}}).encode())
                if standin.api_key and self.headers.get("Authorization") != f"Bearer {standin.api_key}":
                    return self._send(401, json.dumps({"error": {"message": "invalid api key"}}).encode())
                found = DOC_RE.search(body["messages"][-1]["content"])
                doc = found.group(1) if found else "?"
                if standin.delay:
                    time.sleep(standin.delay)
                step = standin._next_step(doc)
                if "sleep" in step:
                    time.sleep(step["sleep"])
                    step = standin._next_step(doc)
                if "status" in step:
                    headers = {"Retry-After": step["retry_after"]} if "retry_after" in step else {}
                    return self._send(step["status"], json.dumps({"error": {"message": "stand-in says no"}}).encode(),
                                      headers)
                if "raw" in step:
                    return self._send(200, step["raw"].encode())
                completion = {"id": "standin", "object": "chat.completion", "model": body["model"],
                              "choices": [{"index": 0, "finish_reason": "stop",
                                           "message": {"role": "assistant", "content": step["content"]}}]}
                if "usage" in step:
                    completion["usage"] = step["usage"]
                self._send(200, json.dumps(completion).encode())

        return Handler
