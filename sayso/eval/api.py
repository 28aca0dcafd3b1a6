"""The public scoring API: pure functions over plain standoff records.

>>> from sayso.corpus.model import Entity, Standoff
>>> gold = [Standoff("d1", "0" * 64, entities=(Entity("e1", 0, 3, "ORG"), Entity("e2", 10, 13, "GPE")))]
>>> pred = [Standoff("d1", "0" * 64, entities=(Entity("x", 0, 3, "ORG"),))]
>>> r = score_entities(gold, pred, resamples=0)
>>> r.strict.precision, r.strict.recall, round(r.strict.f1, 4)
(1.0, 0.5, 0.6667)
>>> r.signature
'sayso:0.1.0|data:custom@6a704c13|split:custom|ent:strict|boot:0'

:func:`score` is the one scorer; it iterates over the layer registry
(:mod:`sayso.eval.layers`). :func:`score_entities`, :func:`score_claims` and
:func:`score_attributions` are thin wrappers that score one layer.

Predictions are paired with gold documents by id. A gold document without a prediction
counts as predicting nothing (:class:`MissingPredictionsWarning`, with the count); a
prediction for a document not in the gold is an error. Offsets are end-exclusive
code-point offsets into the document text. Given the texts, every record first passes
the checks of ``sayso validate`` (:mod:`sayso.eval.checks`).
"""
from __future__ import annotations

import warnings
from typing import Any, Mapping, Sequence

import numpy as np

from sayso.corpus.model import Standoff, text_sha256
from sayso.eval.checks import check_records
from sayso.eval.layers import LAYERS, get_layer, layer_order
from sayso.eval.results import Comparison, Difference, LayerResult, Report
from sayso.eval.signature import DataInfo, Signature
from sayso.eval.stats import (LayerStats, check_level, confidence_intervals, is_rate, paired_difference,
                              resample_counts, resampled_metrics)
from sayso.options import LEVEL, RESAMPLES, SEED

__all__ = ["score", "score_entities", "score_claims", "score_attributions", "compare", "pair_documents",
           "Report", "Comparison", "MissingPredictionsWarning"]


class MissingPredictionsWarning(UserWarning):
    """Some gold documents have no prediction; they are scored as predicting nothing."""


def pair_documents(gold: Sequence[Standoff], pred: Sequence[Standoff]) -> list[Standoff | None]:
    """The prediction for each gold document (None when missing), in gold order.

    Raises ValueError for duplicate ids, predictions of unknown documents and
    predictions whose ``text_sha256`` differs from the gold's.
    """
    gold_ids: dict[str, Standoff] = {}
    for g in gold:
        if g.id in gold_ids:
            raise ValueError(f"gold document {g.id!r} appears twice; keep one record per document")
        gold_ids[g.id] = g
    by_id: dict[str, Standoff] = {}
    for p in pred:
        if p.id in by_id:
            raise ValueError(f"predicted document {p.id!r} appears twice; keep one record per document")
        if p.id not in gold_ids:
            raise ValueError(f"predicted document {p.id!r} is not in the gold; predict only gold documents "
                             "(check --split / --gold)")
        if p.text_sha256 != gold_ids[p.id].text_sha256:
            raise ValueError(f"predicted document {p.id!r}: text_sha256 {p.text_sha256[:12]}… differs from the gold's "
                             f"{gold_ids[p.id].text_sha256[:12]}…; the prediction was made on another text")
        by_id[p.id] = p
    missing = [g.id for g in gold if g.id not in by_id]
    if missing:
        shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
        warnings.warn(MissingPredictionsWarning(
            f"{len(missing)} of {len(gold)} gold documents have no prediction and count as predicting nothing: {shown}"),
            stacklevel=3)
    return [by_id.get(g.id) for g in gold]


def _check_texts(gold: Sequence[Standoff], texts: Mapping[str, str] | None, layer: str) -> Mapping[str, str]:
    if texts is None:
        raise ValueError(f"scoring {layer} needs the document texts (token overlap); pass texts={{id: text}}")
    for g in gold:
        if g.id not in texts:
            raise ValueError(f"scoring {layer}: no text for gold document {g.id!r}; pass every document's text")
        if text_sha256(texts[g.id]) != g.text_sha256:
            raise ValueError(f"scoring {layer}: the text given for {g.id!r} does not hash to the gold's text_sha256; "
                             "use the text the gold was annotated on")
    return texts


def _counts(n: int, resamples: int, seed: int) -> np.ndarray | None:
    if resamples < 0:
        raise ValueError(f"resamples must be >= 0, got {resamples}")
    return resample_counts(n, resamples, seed) if resamples and n else None


def default_layers(gold: Sequence[Standoff], pred: Sequence[Standoff]) -> tuple[str, ...]:
    """The layers the predictions fill and the gold annotates (any document has the layer).

    A layer the gold does not annotate at all (PolNeAR's gold has attributions only) is not
    scored: it is not available, not 0.
    """
    layers = tuple(name for name in LAYERS if any(p.layer(name) is not None for p in pred)
                   and any(g.layer(name) is not None for g in gold))
    if not layers:
        raise ValueError(f"the predictions fill none of the layers the gold annotates ({', '.join(LAYERS)}); "
                         "nothing to score")
    return layers


def _modes(layers: Sequence[str], modes: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    """``((layer, mode), ...)`` for the scored layers; unknown layers and modes raise."""
    modes = dict(modes or {})
    for name in modes:
        get_layer(name)
    return tuple((name, get_layer(name).check_mode(modes.get(name, get_layer(name).default_mode))) for name in layers)


def layer_result(name: str, mode: str, stats: LayerStats, ci: Mapping[str, tuple[float, float]],
                 signature: Signature) -> LayerResult:
    """A layer's typed result from its statistics; metrics that do not apply are left out."""
    skip = tuple(f"{prefix}." for prefix in stats.meta.get("not_scored", ()))  # type: ignore[union-attr]
    point = {k: v for k, v in stats.point().items() if not k.startswith(skip)} if skip else stats.point()
    return LayerResult(name, mode, point, {k: v for k, v in ci.items() if k in point},
                       signature.for_layer(name).format())


def score(gold: Sequence[Standoff], pred: Sequence[Standoff], texts: Mapping[str, str] | None = None, *,
          layers: Sequence[str] | None = None, modes: Mapping[str, str] | None = None,
          resamples: int = RESAMPLES, seed: int = SEED, level: float = LEVEL, data: DataInfo | None = None,
          system: str | None = None, subset: str | None = None, check: bool = True,
          system_info: Mapping[str, Any] | None = None, signature_extra: Sequence[tuple[str, str]] = ()) -> Report:
    """Score every requested layer (default: the layers the predictions fill) with one set
    of bootstrap resamples shared by all layers.

    Args:
        gold, pred: standoff records; predictions are matched to gold by id.
        texts: ``{document id: text}``, needed for claims and attributions (and for the
            validation checks).
        layers: names from :data:`sayso.eval.layers.LAYERS`.
        modes: ``{layer: mode}``, e.g. ``{"entities": "exact"}``; default: each layer's
            first mode. Recorded in the signatures.
        resamples, seed, level: the percentile bootstrap (0 resamples: no CIs).
        data: the gold's identity for the signature (default: computed from ``gold``).
        system: the system's name, shown in every report.
        subset: named in the signature when not every gold document is scored
            (``"predicted"``: ``--only-predicted``).
        check: validate every record against its text first (the CLI validates at the
            edge, with file and line, and passes False).
        system_info: the system's record (kind, versions, model, prompt, counts), copied
            into the report; ``signature_extra``: fields it adds at the end of every
            signature (``(("model", NAME), ("prompt", VERSION))``).
    Raises:
        ValueError: bad options, unknown documents, and (as
            :class:`sayso.eval.checks.InvalidRecords`) records ``sayso validate`` refuses.
    """
    level = check_level(level)
    if not gold:
        raise ValueError("score: the gold holds no documents")
    layers = layer_order(layers) if layers else default_layers(gold, pred)
    chosen = _modes(layers, modes)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MissingPredictionsWarning)
        paired = pair_documents(gold, pred)
    for w in caught:
        warnings.warn(w.message, w.category, stacklevel=2)
    for name in layers:
        if get_layer(name).needs_text:
            texts = _check_texts(gold, texts, name)
    if check and texts is not None:
        check_records(gold, paired, texts)
    counts = _counts(len(gold), resamples, seed)
    sig = Signature(data or DataInfo.custom(gold), chosen, resamples, seed, level, subset=subset,
                    extra=tuple(signature_extra))
    tokens: dict[str, Any] = {}
    if texts is not None and any(get_layer(name).needs_text for name in layers):
        from sayso.eval.matching import TextTokens

        tokens = {g.id: TextTokens(texts[g.id]) for g in gold}
    stats: dict[str, LayerStats] = {}
    results: dict[str, LayerResult] = {}
    for name, mode in chosen:
        st = get_layer(name).statistics(gold, paired, texts, mode, tokens)
        stats[name] = st
        results[name] = layer_result(name, mode, st, confidence_intervals(st, counts, level), sig)
    missing = tuple(g.id for g, p in zip(gold, paired) if p is None)
    return Report(system, sig, len(gold), missing, results, stats, dict(system_info) if system_info else None)


def _one_layer(name: str, gold: Sequence[Standoff], pred: Sequence[Standoff], texts: Mapping[str, str] | None,
               mode: str | None, **kwargs: Any) -> LayerResult:
    modes = {name: mode} if mode else None
    report = score(gold, pred, texts, layers=[name], modes=modes, **kwargs)
    return report.results[name]


def score_entities(gold: Sequence[Standoff], pred: Sequence[Standoff], *, mode: str = "strict",
                   **kwargs: Any) -> LayerResult:
    """Score entities in all four SemEval-2013 modes (numbers equal nervaluate 1.2.1's);
    ``mode`` is the one the signature names. Other keywords as :func:`score`."""
    return _one_layer("entities", gold, pred, kwargs.pop("texts", None), mode, **kwargs)


def score_claims(gold: Sequence[Standoff], pred: Sequence[Standoff], texts: Mapping[str, str], *,
                 matching: str = "overlap", **kwargs: Any) -> LayerResult:
    """Score claims: sentence detection (over gold sentences), span exact/overlap F1, kind
    and voice accuracy on pairs matched by ``matching`` (``overlap`` or ``exact``)."""
    return _one_layer("claims", gold, pred, texts, matching, **kwargs)


def score_attributions(gold: Sequence[Standoff], pred: Sequence[Standoff], texts: Mapping[str, str], *,
                       matching: str = "content-tokens", **kwargs: Any) -> LayerResult:
    """Score attributions: one-to-one matching by content, roles, relations, accuracies and
    who-claimed-what (see :mod:`sayso.eval.attributions`)."""
    return _one_layer("attributions", gold, pred, texts, matching, **kwargs)


# -- paired comparison ----------------------------------------------------------------------------

def compared_metrics(names: Sequence[str]) -> list[str]:
    """The rates compared by :func:`compare`: every F1 and accuracy except per-type ones."""
    return [n for n in names if is_rate(n) and n.endswith((".f1", ".accuracy")) and not n.startswith("per_type.")]


def paired_test(stats_a: LayerStats, stats_b: LayerStats, counts: np.ndarray | None, level: float,
                names: Sequence[str]) -> dict[str, Difference]:
    """Paired bootstrap: both systems are scored on the same resampled documents; the
    interval and the p-value of each difference come from the same resampled differences
    (:func:`sayso.eval.stats.paired_difference`), so they cannot contradict each other."""
    pa, pb = stats_a.point(), stats_b.point()
    ra = resampled_metrics(stats_a, counts) if counts is not None else {}
    rb = resampled_metrics(stats_b, counts) if counts is not None else {}
    out: dict[str, Difference] = {}
    for name in names:
        d = pa[name] - pb[name]
        if counts is None:
            out[name] = Difference(pa[name], pb[name], d, None, None)
            continue
        ci, p = paired_difference(ra[name] - rb[name], level)
        out[name] = Difference(pa[name], pb[name], d, ci, p)
    return out


def compare(gold: Sequence[Standoff], pred_a: Sequence[Standoff], pred_b: Sequence[Standoff],
            texts: Mapping[str, str] | None = None, *, layers: Sequence[str] | None = None,
            modes: Mapping[str, str] | None = None, resamples: int = RESAMPLES, seed: int = SEED,
            level: float = LEVEL, data: DataInfo | None = None, systems: tuple[str | None, str | None] = (None, None),
            subset: str | None = None, check: bool = True) -> Comparison:
    """Score two systems on the same gold and test every headline difference (paired bootstrap)."""
    if layers is None:
        layers = layer_order(set(default_layers(gold, pred_a)) | set(default_layers(gold, pred_b)))
    data = data or DataInfo.custom(gold)
    kwargs: dict[str, Any] = dict(layers=layers, modes=modes, resamples=resamples, seed=seed, level=level, data=data,
                                  subset=subset, check=check)
    report_a = score(gold, pred_a, texts, system=systems[0], **kwargs)
    report_b = score(gold, pred_b, texts, system=systems[1], **kwargs)
    counts = _counts(len(gold), resamples, seed)
    diffs = {}
    for name in report_a.layers:
        # metrics left out of either result (e.g. who claimed what) are not compared
        names = [n for n in compared_metrics(list(report_a.results[name].scores)) if n in report_b.results[name].scores]
        diffs[name] = paired_test(report_a.stats[name], report_b.stats[name], counts, level, names)
    sig = Signature(data, report_a.signature.modes, resamples, seed, level, test="paired-bs", subset=subset)
    return Comparison(sig, report_a, report_b, diffs)
