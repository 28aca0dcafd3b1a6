"""Run a language model over documents: cache first, then concurrent requests, then resolution.

Every answer is cached the moment it arrives, so an interrupted run resumes where it
stopped. A run either returns a record for every document or raises
:class:`LlmRunError` naming the documents that got no answer (after retries); nothing
is written then, and the next run asks only for those. A malformed answer is the
model's answer: the document is predicted as empty and counted, not asked again.
"""
from __future__ import annotations

import sys
import threading
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Sequence

from sayso.corpus.model import Document, Standoff
from sayso.errors import SaysoError
from sayso.eval.systems.llm.answer import MalformedAnswer, answer_to_standoff, parse_answer
from sayso.eval.systems.llm.cache import AnswerCache, CachedAnswer
from sayso.eval.systems.llm.client import Attempts, ChatClient, ChatError
from sayso.eval.systems.llm.prompt import Prompt

FATAL_STATUSES = frozenset({400, 401, 403, 404, 422})  # the same for every document: stop asking


class LlmRunError(SaysoError):
    """Some documents got no answer; the answered ones are cached."""


@dataclass
class RunStats:
    """What a run cost and what it dropped: numbers only (no article words)."""

    documents: int = 0
    from_cache: int = 0
    requested: int = 0
    malformed: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    answers_without_usage: int = 0
    retries: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)

    def count_usage(self, answer: CachedAnswer) -> None:
        if answer.prompt_tokens is None and answer.completion_tokens is None:
            self.answers_without_usage += 1
        self.prompt_tokens += answer.prompt_tokens or 0
        self.completion_tokens += answer.completion_tokens or 0

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "from_cache": self.from_cache, "requested": self.requested,
                "malformed_answers": self.malformed,
                "usage": {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                          "total_tokens": self.prompt_tokens + self.completion_tokens,
                          "answers_without_usage": self.answers_without_usage},
                "retries": dict(sorted(self.retries.items())), "dropped": dict(sorted(self.dropped.items())),
                "dropped_total": sum(self.dropped.values())}


@dataclass(frozen=True)
class LlmRun:
    records: list[Standoff]
    stats: RunStats
    model: str
    prompt_version: str

    def system_info(self, name: str) -> dict[str, Any]:
        """The run's record for the report: who predicted, with what prompt, at what cost."""
        return {"name": name, "kind": "model", "model": self.model, "prompt": self.prompt_version,
                **self.stats.to_dict()}


def run_llm(documents: Sequence[Document], client: ChatClient, prompt: Prompt, cache: AnswerCache,
            concurrency: int = 4, progress: bool = True) -> LlmRun:
    """Predictions of ``client.model`` for every document, in document order."""
    if concurrency < 1:
        raise ValueError(f"concurrency must be >= 1, got {concurrency}")
    stats = RunStats(documents=len(documents))
    answers: dict[str, CachedAnswer] = {}
    for doc in documents:
        cached = cache.get(client.model, prompt.version, doc.text_sha256)
        if cached is not None:
            answers[doc.id] = cached
            stats.from_cache += 1
            stats.count_usage(cached)
    pending = [doc for doc in documents if doc.id not in answers]
    failed = _ask(pending, client, prompt, cache, concurrency, progress, answers, stats)
    if progress:
        print(f"llm {client.model}: {stats.documents} documents, {stats.from_cache} from the cache, "
              f"{stats.requested} requested; tokens in {stats.prompt_tokens:,} out {stats.completion_tokens:,}",
              file=sys.stderr)
    if failed:
        shown = "\n".join(f"  {doc_id}: {reason}" for doc_id, reason in list(failed.items())[:10])
        more = f"\n  … and {len(failed) - 10} more" if len(failed) > 10 else ""
        raise LlmRunError(f"{len(failed)} of {len(documents)} documents got no answer from {client.model}:\n"
                          f"{shown}{more}\n{len(answers)} answers are cached in {cache.folder}; nothing was "
                          "written. Run the same command again to ask only for the missing ones.")
    records = []
    for doc in documents:
        try:
            record, drops = answer_to_standoff(parse_answer(answers[doc.id].content), doc)
        except MalformedAnswer:
            stats.malformed += 1
            record = Standoff(doc.id, doc.text_sha256, entities=(), claims=(), attributions=())
            drops = Counter()
        stats.dropped.update(drops)
        records.append(record)
    return LlmRun(records, stats, client.model, prompt.version)


def _ask(pending: list[Document], client: ChatClient, prompt: Prompt, cache: AnswerCache, concurrency: int,
         progress: bool, answers: dict[str, CachedAnswer], stats: RunStats) -> dict[str, str]:
    """Request every pending document (at most ``concurrency`` at once); the failures by id."""
    from tqdm import tqdm

    failed: dict[str, str] = {}
    if not pending:
        return failed
    lock = threading.Lock()
    stop = threading.Event()

    def ask(doc: Document) -> tuple[CachedAnswer, Attempts]:
        attempts = Attempts()
        if stop.is_set():
            raise ChatError("not asked: an earlier request failed for good")
        with lock:
            stats.requested += 1
        try:
            answer = client.complete(prompt.messages(doc), attempts)
        except ChatError as exc:
            if exc.status in FATAL_STATUSES:
                stop.set()  # here, in the worker, so that no queued request starts after it
            raise
        cache.put(client.model, prompt.version, doc.text_sha256, answer)
        return answer, attempts

    bar = tqdm(total=stats.documents, initial=stats.from_cache, desc=f"llm {client.model}", unit="doc",
               disable=not progress, file=sys.stderr, dynamic_ncols=True)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures: dict[Future[tuple[CachedAnswer, Attempts]], Document] = {pool.submit(ask, d): d for d in pending}
        remaining = set(futures)
        try:
            _collect(futures, remaining, answers, failed, stats, lock, bar)
        except BaseException:  # Ctrl-C: start no new request; what arrived is cached already
            stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    bar.close()
    return failed


def _collect(futures: dict[Future[tuple[CachedAnswer, Attempts]], Document], remaining: set[Any],
             answers: dict[str, CachedAnswer], failed: dict[str, str], stats: RunStats, lock: threading.Lock,
             bar: Any) -> None:
    """Take answers as they complete: record them, their token counts and retries."""
    while remaining:
        done, remaining = wait(remaining, return_when=FIRST_COMPLETED)
        for future in done:
            doc = futures[future]
            try:
                answer, attempts = future.result()
            except ChatError as exc:
                failed[doc.id] = str(exc)
                continue
            with lock:
                answers[doc.id] = answer
                stats.count_usage(answer)
                stats.retries.update(attempts.retries)
            bar.update(1)
            bar.set_postfix_str(f"tokens in {stats.prompt_tokens:,} out {stats.completion_tokens:,}", refresh=False)
