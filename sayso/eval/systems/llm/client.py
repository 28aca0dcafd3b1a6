"""A small client for OpenAI-compatible ``POST {base_url}/chat/completions``.

vLLM, llama.cpp's server, Ollama and the hosted APIs all speak it. The client retries
what is worth retrying — 408, 429 and 5xx answers, time-outs and dropped connections —
with exponential backoff (honouring ``Retry-After``), and fails at once, with the
server's own message, on anything else (a wrong model name, a missing key). The API key
is sent in the ``Authorization`` header and never logged, stored or put in an error.
Only the standard library is used, so the harness adds no dependency.
"""
from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable

from sayso.eval.systems.llm.cache import CachedAnswer

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_BACKOFF = 60.0


class ChatError(RuntimeError):
    """A request that failed for good (after retries, or at once for a non-retryable status)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass
class Attempts:
    """What it took to get one answer: retries by reason (``429``, ``503``, ``timeout``…)."""

    retries: dict[str, int] = field(default_factory=dict)

    def add(self, reason: str) -> None:
        self.retries[reason] = self.retries.get(reason, 0) + 1


@dataclass(frozen=True)
class ChatClient:
    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 120.0
    retries: int = 4
    backoff: float = 1.0
    temperature: float | None = 0.0
    max_tokens: int | None = None
    sleep: Callable[[float], None] = time.sleep

    def __repr__(self) -> str:  # never show the key
        return f"ChatClient(base_url={self.base_url!r}, model={self.model!r})"

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    def body(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": messages}
        if self.temperature is not None:
            body["temperature"] = self.temperature
        if self.max_tokens is not None:
            body["max_tokens"] = self.max_tokens
        return body

    def complete(self, messages: list[dict[str, str]], attempts: Attempts | None = None) -> CachedAnswer:
        """The first choice's message content and the token counts the server reported."""
        attempts = attempts if attempts is not None else Attempts()
        data = json.dumps(self.body(messages)).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
                with _opener(self.url).open(request, timeout=self.timeout) as response:
                    payload = response.read()
                return parse_completion(payload)
            except urllib.error.HTTPError as exc:
                detail = _server_message(exc)
                if exc.code not in RETRY_STATUSES:
                    raise ChatError(f"HTTP {exc.code} from {self.url}: {detail}{_hint(exc.code)}", exc.code) from None
                if last:
                    raise ChatError(f"HTTP {exc.code} from {self.url} after {attempt + 1} attempts: {detail}",
                                    exc.code) from None
                attempts.add(str(exc.code))
                self.sleep(self._delay(attempt, exc.headers.get("Retry-After")))
            except (TimeoutError, socket.timeout):
                if last:
                    raise ChatError(f"no answer from {self.url} within {self.timeout:g} s, {attempt + 1} attempts; "
                                    "raise --timeout for a slow model") from None
                attempts.add("timeout")
                self.sleep(self._delay(attempt, None))
            except (urllib.error.URLError, ConnectionError) as exc:
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    kind, message = "timeout", f"no answer within {self.timeout:g} s"
                else:
                    kind, message = "connection", f"cannot reach {self.url} ({reason})"
                if last:
                    raise ChatError(f"{message} after {attempt + 1} attempts; is the server running at "
                                    f"--base-url {self.base_url}?") from None
                attempts.add(kind)
                self.sleep(self._delay(attempt, None))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None:
            try:
                return min(MAX_BACKOFF, max(0.0, float(retry_after)))
            except ValueError:
                pass  # an HTTP date: fall back to our own backoff
        return min(MAX_BACKOFF, self.backoff * 2 ** attempt)


def _opener(url: str) -> urllib.request.OpenerDirector:
    """The environment's proxies, except for a server on this machine (a local vLLM or
    Ollama is never reached through an HTTP proxy set for the outside world)."""
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    if host == "localhost" or host == "::1" or host.startswith("127."):
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def parse_completion(payload: bytes) -> CachedAnswer:
    """Content and usage of a chat-completions response; a response without content is an error."""
    try:
        response = json.loads(payload)
        content = response["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise ChatError("the server's response is not a chat completion (no choices[0].message.content); "
                        "is --base-url an OpenAI-compatible /v1 endpoint?") from None
    if not isinstance(content, str):
        raise ChatError("the server's response has no text content (choices[0].message.content is not a string)")
    usage = response.get("usage") if isinstance(response.get("usage"), dict) else {}
    return CachedAnswer(content, _int_or_none(usage.get("prompt_tokens")), _int_or_none(usage.get("completion_tokens")))


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _server_message(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read() or b"{}")
        error = body.get("error") if isinstance(body, dict) else None
        message = error.get("message") if isinstance(error, dict) else error
        return str(message or exc.reason)[:300]
    except (ValueError, OSError):
        return str(exc.reason)[:300]


def _hint(status: int) -> str:
    return {401: " — set the key's variable named by --api-key-env",
            403: " — the key may not be allowed to use this model",
            404: " — check --base-url (usually ends in /v1) and --model"}.get(status, "")
