"""The public scoring API: pure functions over plain standoff records.

>>> from sayso.corpus.model import Entity, Standoff
>>> gold = [Standoff("d1", "0" * 64, entities=(Entity("e1", 0, 3, "ORG"), Entity("e2", 10, 13, "GPE")))]
>>> pred = [Standoff("d1", "0" * 64, entities=(Entity("x", 0, 3, "ORG"),))]
>>> r = score_entities(gold, pred, resamples=0)
>>> r.strict.precision, r.strict.recall, round(r.strict.f1, 4)
(1.0, 0.5, 0.6667)
>>> r.signature
'sayso:0.1.0|data:custom@6a704c13|split:custom|ent:strict|boot:0'

Predictions are paired with gold documents by id. A gold document without a prediction
counts as predicting nothing (:class:`MissingPredictionsWarning`, with the count); a
prediction for a document not in the gold is an error. Offsets are end-exclusive
code-point offsets into the document text.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from sayso.corpus.model import Standoff, text_sha256
from sayso.eval import attributions as att
from sayso.eval import claims as clm
from sayso.eval import entities as ent
from sayso.eval.matching import ATTRIBUTION_MATCHING, CLAIM_MATCHING, ENTITY_MODES, TextTokens, get_mode
from sayso.eval.results import AttributionResult, ClaimResult, Difference, EntityResult, EntityScores, PRF, Accuracy
from sayso.eval.signature import DataInfo, Signature
from sayso.eval.stats import (LayerStats, check_level, confidence_intervals, is_rate, percentile_interval,
                              resample_counts, resampled_metrics)

SCORED_LAYERS: tuple[str, ...] = ("entities", "claims", "attributions")
DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 12345
DEFAULT_LEVEL = 0.95


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
        raise ValueError(f"score_{layer}: the document texts are needed (token overlap); pass texts={{id: text}}")
    for g in gold:
        if g.id not in texts:
            raise ValueError(f"score_{layer}: no text for gold document {g.id!r}; pass every document's text")
        if text_sha256(texts[g.id]) != g.text_sha256:
            raise ValueError(f"score_{layer}: the text given for {g.id!r} does not hash to the gold's text_sha256; "
                             "use the text the gold was annotated on")
    return texts


def _counts(n: int, resamples: int, seed: int) -> np.ndarray | None:
    if resamples < 0:
        raise ValueError(f"resamples must be >= 0, got {resamples}")
    return resample_counts(n, resamples, seed) if resamples and n else None


def _signature(data: DataInfo, modes: tuple[tuple[str, str], ...], resamples: int, seed: int, level: float,
               test: str | None = None) -> Signature:
    return Signature(data, modes, resamples, seed, level, test)


# -- building typed results from a layer's flat point estimates and CIs --------------------------

def entity_result(stats: LayerStats, ci: Mapping[str, tuple[float, float]], mode: str, signature: str = "") -> EntityResult:
    point = stats.point()
    labels: tuple[str, ...] = stats.meta["labels"]  # type: ignore[assignment]
    return EntityResult(
        modes={m: EntityScores.from_flat(point, ci, m) for m in ent.MODES},
        macro={m: PRF.from_flat(point, ci, f"macro.{m}") for m in ent.MODES},
        per_type={lab: {m: EntityScores.from_flat(point, ci, f"per_type.{lab}.{m}") for m in ent.MODES}
                  for lab in labels},
        headline_mode=mode, signature=signature)


def claim_result(stats: LayerStats, ci: Mapping[str, tuple[float, float]], signature: str = "") -> ClaimResult:
    point = stats.point()
    return ClaimResult(
        sentences=PRF.from_flat(point, ci, "sentences", ("tp", "fp", "fn")),
        exact=PRF.from_flat(point, ci, "exact", ("matched", "predicted", "gold")),
        overlap=PRF.from_flat(point, ci, "overlap", ("matched", "predicted", "gold")),
        kind=Accuracy.from_flat(point, ci, "kind"), voice=Accuracy.from_flat(point, ci, "voice"),
        matching=str(stats.meta["matching"]), signature=signature)


def attribution_result(stats: LayerStats, ci: Mapping[str, tuple[float, float]], signature: str = "") -> AttributionResult:
    point = stats.point()
    counts = ("matched", "predicted", "gold")
    return AttributionResult(
        match=PRF.from_flat(point, ci, "match", counts),
        roles={r: {"exact": PRF.from_flat(point, ci, f"roles.{r}.exact", counts),
                   "partial": PRF.from_flat(point, ci, f"roles.{r}.partial",
                                            ("credit_precision", "credit_recall", "predicted", "gold"))}
               for r in att.ROLES},
        relation={m: PRF.from_flat(point, ci, f"relation.{m}", counts) for m in ("strict", "partial")},
        type=Accuracy.from_flat(point, ci, "type"), source_kind=Accuracy.from_flat(point, ci, "source_kind"),
        parent=Accuracy.from_flat(point, ci, "parent"),
        who_claimed_what=({m: PRF.from_flat(point, ci, f"who_claimed_what.{m}", counts) for m in ("exact", "overlap")}
                          if stats.meta.get("who_claimed_what") else None),
        matching=str(stats.meta["matching"]), signature=signature)


# -- the three layer scorers and the full report ---------------------------------------------------

def score_entities(gold: Sequence[Standoff], pred: Sequence[Standoff], *, mode: str = "strict",
                   resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED, level: float = DEFAULT_LEVEL,
                   data: DataInfo | None = None) -> EntityResult:
    """Score entities in all four SemEval-2013 modes (numbers equal nervaluate 1.2.1's).

    Args:
        gold: gold records (each with an ``entities`` layer).
        pred: predicted records, matched to gold by id.
        mode: the headline mode named in the signature (all four are always computed).
        resamples, seed, level: document-level percentile bootstrap (0 resamples: no CIs).
        data: the gold's identity for the signature (default: computed from ``gold``).
    Returns:
        An :class:`EntityResult`.
    """
    get_mode(mode, ENTITY_MODES, "entity mode")
    level = check_level(level)
    stats = ent.entity_statistics(gold, pair_documents(gold, pred))
    ci = confidence_intervals(stats, _counts(len(gold), resamples, seed), level)
    sig = _signature(data or DataInfo.custom(gold), (("entities", mode),), resamples, seed, level)
    return entity_result(stats, ci, mode, sig.format())


def score_claims(gold: Sequence[Standoff], pred: Sequence[Standoff], texts: Mapping[str, str], *,
                 matching: str = "overlap", resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED,
                 level: float = DEFAULT_LEVEL, data: DataInfo | None = None) -> ClaimResult:
    """Score claims: sentence detection (over gold sentences), span exact/overlap F1, kind
    and voice accuracy on pairs matched by ``matching`` (``overlap`` or ``exact``)."""
    get_mode(matching, CLAIM_MATCHING, "claim matching")
    level = check_level(level)
    texts = _check_texts(gold, texts, "claims")
    stats = clm.claim_statistics(gold, pair_documents(gold, pred), texts, matching)
    ci = confidence_intervals(stats, _counts(len(gold), resamples, seed), level)
    sig = _signature(data or DataInfo.custom(gold), (("claims", matching),), resamples, seed, level)
    return claim_result(stats, ci, sig.format())


def score_attributions(gold: Sequence[Standoff], pred: Sequence[Standoff], texts: Mapping[str, str], *,
                       matching: str = "content-tokens", resamples: int = DEFAULT_RESAMPLES,
                       seed: int = DEFAULT_SEED, level: float = DEFAULT_LEVEL,
                       data: DataInfo | None = None) -> AttributionResult:
    """Score attributions: one-to-one matching by content, roles, relations, accuracies and
    who-claimed-what (see :mod:`sayso.eval.attributions`)."""
    get_mode(matching, ATTRIBUTION_MATCHING, "attribution matching")
    level = check_level(level)
    texts = _check_texts(gold, texts, "attributions")
    stats = att.attribution_statistics(gold, pair_documents(gold, pred), texts, matching)
    ci = confidence_intervals(stats, _counts(len(gold), resamples, seed), level)
    sig = _signature(data or DataInfo.custom(gold), (("attributions", matching),), resamples, seed, level)
    return attribution_result(stats, ci, sig.format())


@dataclass(frozen=True)
class Report:
    """A full score report: the signature, each scored layer, and the statistics behind it."""

    signature: Signature
    documents: int
    missing_predictions: tuple[str, ...]
    entities: EntityResult | None = None
    claims: ClaimResult | None = None
    attributions: AttributionResult | None = None
    stats: Mapping[str, LayerStats] = field(default_factory=dict, repr=False, compare=False)

    @property
    def layers(self) -> tuple[str, ...]:
        return tuple(layer for layer in SCORED_LAYERS if getattr(self, layer) is not None)

    def to_dict(self) -> dict[str, Any]:
        from sayso.eval.report import report_dict

        return report_dict(self)


def default_layers(gold: Sequence[Standoff], pred: Sequence[Standoff]) -> tuple[str, ...]:
    """The layers the predictions fill (any document has the layer)."""
    layers = tuple(layer for layer in SCORED_LAYERS if any(p.layer(layer) is not None for p in pred))
    if not layers:
        raise ValueError("the predictions fill none of the layers entities, claims, attributions; "
                         "nothing to score")
    return layers


def _layer_stats(layer: str, gold: Sequence[Standoff], paired: Sequence[Standoff | None],
                 texts: Mapping[str, str] | None, claim_matching: str, attribution_matching: str,
                 tokens: dict[str, TextTokens]) -> LayerStats:
    if layer == "entities":
        return ent.entity_statistics(gold, paired)
    checked = _check_texts(gold, texts, layer)
    if not tokens:
        tokens.update({g.id: TextTokens(checked[g.id]) for g in gold})
    if layer == "claims":
        return clm.claim_statistics(gold, paired, checked, claim_matching, tokens)
    return att.attribution_statistics(gold, paired, checked, attribution_matching, tokens)


def _modes(layers: Sequence[str], entity_mode: str, claim_matching: str, attribution_matching: str) -> tuple[tuple[str, str], ...]:
    chosen = {"entities": entity_mode, "claims": claim_matching, "attributions": attribution_matching}
    return tuple((layer, chosen[layer]) for layer in SCORED_LAYERS if layer in layers)


def score(gold: Sequence[Standoff], pred: Sequence[Standoff], texts: Mapping[str, str] | None = None, *,
          layers: Sequence[str] | None = None, entity_mode: str = "strict", claim_matching: str = "overlap",
          attribution_matching: str = "content-tokens", resamples: int = DEFAULT_RESAMPLES,
          seed: int = DEFAULT_SEED, level: float = DEFAULT_LEVEL, data: DataInfo | None = None) -> Report:
    """Score every requested layer (default: the layers the predictions fill) with one set
    of bootstrap resamples shared by all layers.

    Args:
        gold, pred: standoff records; predictions are matched to gold by id.
        texts: ``{document id: text}``, needed for claims and attributions.
        layers: any of ``entities``, ``claims``, ``attributions``.
        entity_mode, claim_matching, attribution_matching: the headline modes (see
            :mod:`sayso.eval.matching`), recorded in the signature.
        resamples, seed, level: the percentile bootstrap (0 resamples: no CIs).
        data: the gold's identity for the signature (default: computed from ``gold``).
    """
    get_mode(entity_mode, ENTITY_MODES, "entity mode")
    get_mode(claim_matching, CLAIM_MATCHING, "claim matching")
    get_mode(attribution_matching, ATTRIBUTION_MATCHING, "attribution matching")
    level = check_level(level)
    if not gold:
        raise ValueError("score: the gold holds no documents")
    layers = tuple(layers) if layers else default_layers(gold, pred)
    for layer in layers:
        get_mode(layer, {k: k for k in SCORED_LAYERS}, "layer")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MissingPredictionsWarning)
        paired = pair_documents(gold, pred)
    for w in caught:
        warnings.warn(w.message, w.category, stacklevel=2)
    missing = tuple(g.id for g, p in zip(gold, paired) if p is None)
    counts = _counts(len(gold), resamples, seed)
    sig = _signature(data or DataInfo.custom(gold), _modes(layers, entity_mode, claim_matching, attribution_matching),
                     resamples, seed, level)
    tokens: dict[str, TextTokens] = {}
    stats: dict[str, LayerStats] = {}
    results: dict[str, Any] = {}
    for layer in SCORED_LAYERS:
        if layer not in layers:
            continue
        st = _layer_stats(layer, gold, paired, texts, claim_matching, attribution_matching, tokens)
        stats[layer] = st
        ci = confidence_intervals(st, counts, level)
        if layer == "entities":
            results[layer] = entity_result(st, ci, entity_mode, sig.format())
        elif layer == "claims":
            results[layer] = claim_result(st, ci, sig.format())
        else:
            results[layer] = attribution_result(st, ci, sig.format())
    return Report(sig, len(gold), missing, stats=stats, **results)


# -- paired comparison ----------------------------------------------------------------------------

def headline_metrics(layer: str, names: Sequence[str]) -> list[str]:
    """The rates compared by :func:`compare`: every F1 and accuracy except per-type ones."""
    return [n for n in names if is_rate(n) and n.endswith((".f1", ".accuracy")) and not n.startswith("per_type.")]


@dataclass(frozen=True)
class Comparison:
    """System A against system B on the same gold: per layer, per metric differences."""

    signature: Signature
    a: Report
    b: Report
    differences: Mapping[str, Mapping[str, Difference]]

    def to_dict(self) -> dict[str, Any]:
        from sayso.eval.report import comparison_dict

        return comparison_dict(self)


def paired_test(stats_a: LayerStats, stats_b: LayerStats, counts: np.ndarray | None, level: float) -> dict[str, Difference]:
    """Paired bootstrap: both systems are scored on the same resampled documents.

    For metric m with observed difference ``d = m(A) - m(B)`` and resampled differences
    ``d_b``: the CI is the percentile interval of ``d_b``; the two-sided p-value tests
    "no difference" against the bootstrap distribution shifted to the null,
    ``p = (1 + #{b : |d_b - d| >= |d|}) / (B + 1)`` (and 1.0 when ``d == 0``).
    """
    pa, pb = stats_a.point(), stats_b.point()
    names = headline_metrics(stats_a.layer, list(pa))
    ra = resampled_metrics(stats_a, counts) if counts is not None else {}
    rb = resampled_metrics(stats_b, counts) if counts is not None else {}
    out: dict[str, Difference] = {}
    for name in names:
        d = pa[name] - pb[name]
        if counts is None:
            out[name] = Difference(pa[name], pb[name], d, None, None)
            continue
        db = ra[name] - rb[name]
        if d == 0:
            p = 1.0
        else:
            p = float((1 + np.count_nonzero(np.abs(db - d) >= abs(d))) / (len(db) + 1))
        out[name] = Difference(pa[name], pb[name], d, percentile_interval(db, level), p)
    return out


def compare(gold: Sequence[Standoff], pred_a: Sequence[Standoff], pred_b: Sequence[Standoff],
            texts: Mapping[str, str] | None = None, *, layers: Sequence[str] | None = None,
            entity_mode: str = "strict", claim_matching: str = "overlap",
            attribution_matching: str = "content-tokens", resamples: int = DEFAULT_RESAMPLES,
            seed: int = DEFAULT_SEED, level: float = DEFAULT_LEVEL, data: DataInfo | None = None) -> Comparison:
    """Score two systems on the same gold and test every headline difference (paired bootstrap)."""
    if layers is None:
        layers = tuple(sorted(set(default_layers(gold, pred_a)) | set(default_layers(gold, pred_b)),
                              key=SCORED_LAYERS.index))
    data = data or DataInfo.custom(gold)
    kwargs = dict(layers=layers, entity_mode=entity_mode, claim_matching=claim_matching,
                  attribution_matching=attribution_matching, resamples=resamples, seed=seed, level=level, data=data)
    report_a = score(gold, pred_a, texts, **kwargs)  # type: ignore[arg-type]
    report_b = score(gold, pred_b, texts, **kwargs)  # type: ignore[arg-type]
    counts = _counts(len(gold), resamples, seed)
    diffs = {layer: paired_test(report_a.stats[layer], report_b.stats[layer], counts, level) for layer in report_a.layers}
    sig = _signature(data, report_a.signature.modes, resamples, seed, level, test="paired-bs")
    return Comparison(sig, report_a, report_b, diffs)
