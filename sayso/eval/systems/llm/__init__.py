"""Language models as SaySo systems, through any OpenAI-compatible chat-completions server.

One job per module:

* :mod:`.prompt` — the versioned prompt (``prompts/llm-v1.md``) and the messages for a document;
* :mod:`.client` — HTTP: concurrency limit, retry with backoff on 429/5xx, timeout;
* :mod:`.cache` — answers on disk keyed by (model, prompt version, document hash);
* :mod:`.answer` — the model's JSON answer to a standoff record through the annotators'
  span resolver (:func:`sayso.annotation.draft.resolve_draft`); what cannot be resolved
  is dropped and counted, never guessed;
* :mod:`.harness` — runs the four over documents, with a progress bar and token counts.
"""
