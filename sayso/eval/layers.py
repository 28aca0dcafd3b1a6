"""The layer registry: everything SaySo knows about a scored layer, declared in one place.

In the spirit of sacreBLEU's ``METRICS`` registry: each :class:`Layer` declares its name,
its signature key, its matching modes (the default first) and the command-line option
that picks one, whether it needs the document texts, how it reduces documents to
per-document statistics, its headline metrics and its leaderboard columns. The API,
the signature, the JSON/Markdown/HTML reports, the leaderboard and the CLI iterate over
:data:`LAYERS`; none of them names a layer.

Adding a layer is one subclass here and one entry in :data:`LAYERS`. A metric name is a
key of the layer's statistics, which is also its path in the JSON report and its column
path in the leaderboard (eval/README.md, "One vocabulary").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from sayso.corpus.model import Standoff

if TYPE_CHECKING:
    from sayso.eval.matching import TextTokens
    from sayso.eval.stats import LayerStats


@dataclass(frozen=True)
class Metric:
    """A named number of a layer: its statistics key (= JSON path) and how it is titled."""

    key: str
    title: str


class Layer:
    """A scored layer. Subclasses set the class attributes and implement :meth:`statistics`."""

    name: str = ""
    #: the layer's key in the signature (``ent:strict``)
    key: str = ""
    #: matching modes; the first is the default
    modes: tuple[str, ...] = ()
    #: the command-line option that picks the mode, and its help
    option: str = ""
    option_help: str = ""
    needs_text: bool = True
    #: rows of the summary, Markdown and HTML headline tables
    headline: tuple[Metric, ...] = ()
    #: leaderboard columns; the first is the sort key
    leaderboard: tuple[Metric, ...] = ()

    @property
    def default_mode(self) -> str:
        return self.modes[0]

    def check_mode(self, mode: str) -> str:
        if mode not in self.modes:
            raise ValueError(f"unknown {self.name} mode {mode!r}; choose one of: {', '.join(self.modes)}")
        return mode

    def statistics(self, gold: Sequence[Standoff], pred: Sequence[Standoff | None], texts: Mapping[str, str] | None,
                   mode: str, tokens: Mapping[str, "TextTokens"] | None = None) -> "LayerStats":
        """Per-document sufficient statistics; ``pred[i]`` is the prediction for ``gold[i]``."""
        raise NotImplementedError

    def view(self, gold: Standoff, pred: Standoff | None, text: str, mode: str) -> tuple[str, str, list[str]]:
        """The HTML document view: (gold pane, predicted pane, error lines), all escaped."""
        from sayso.eval import views

        return getattr(views, f"{self.name}_view")(gold, pred, text, mode)


class Entities(Layer):
    name, key = "entities", "ent"
    modes = ("strict", "exact", "partial", "ent_type")
    option, option_help = "--entity-mode", "the entity mode the signature names (all four are reported)"
    needs_text = False
    headline = (Metric("strict.f1", "strict F1"), Metric("exact.f1", "exact F1"), Metric("partial.f1", "partial F1"),
                Metric("ent_type.f1", "type F1"), Metric("macro.strict.f1", "strict macro F1"))
    leaderboard = headline

    def statistics(self, gold, pred, texts, mode, tokens=None):
        from sayso.eval.entities import entity_statistics

        return entity_statistics(gold, pred)


class Claims(Layer):
    name, key = "claims", "clm"
    modes = ("overlap", "exact")
    option, option_help = "--claim-matching", "which claim pairs kind and voice accuracy are measured on"
    headline = (Metric("sentences.f1", "sentence F1"), Metric("exact.f1", "span exact F1"),
                Metric("overlap.f1", "span overlap F1"), Metric("kind.accuracy", "kind accuracy"),
                Metric("voice.accuracy", "voice accuracy"))
    leaderboard = (Metric("sentences.f1", "sentence F1"), Metric("overlap.f1", "span overlap F1"),
                   Metric("exact.f1", "span exact F1"), Metric("kind.accuracy", "kind accuracy"))

    def statistics(self, gold, pred, texts, mode, tokens=None):
        from sayso.eval.claims import claim_statistics

        return claim_statistics(gold, pred, texts, mode, tokens)


class Attributions(Layer):
    name, key = "attributions", "att"
    modes = ("content-tokens", "content-exact")
    option, option_help = ("--attribution-matching",
                           "when a predicted and a gold attribution may be paired: their content shares a token, "
                           "or is identical")
    headline = (Metric("match.f1", "matched F1"),
                *(Metric(f"roles.{r}.{m}.f1", f"{r} {m} F1") for r in ("source", "cue", "content")
                  for m in ("exact", "partial")),
                Metric("relation.strict.f1", "relation strict F1"), Metric("relation.partial.f1", "relation partial F1"),
                Metric("type.accuracy", "type accuracy"), Metric("source_kind.accuracy", "source kind accuracy"),
                Metric("parent.accuracy", "parent accuracy"),
                Metric("who_claimed_what.exact.f1", "who claimed what (exact) F1"),
                Metric("who_claimed_what.overlap.f1", "who claimed what (overlap) F1"))
    leaderboard = (Metric("relation.partial.f1", "relation partial F1"),
                   Metric("relation.strict.f1", "relation strict F1"),
                   Metric("roles.cue.partial.f1", "cue partial F1"), Metric("roles.source.partial.f1", "source partial F1"),
                   Metric("roles.content.partial.f1", "content partial F1"),
                   Metric("who_claimed_what.overlap.f1", "who claimed what F1"))

    def statistics(self, gold, pred, texts, mode, tokens=None):
        from sayso.eval.attributions import attribution_statistics

        return attribution_statistics(gold, pred, texts, mode, tokens)


LAYERS: dict[str, Layer] = {layer.name: layer for layer in (Entities(), Claims(), Attributions())}


def get_layer(name: str) -> Layer:
    """The registered layer ``name``; unknown names list the valid ones."""
    if name not in LAYERS:
        raise ValueError(f"unknown layer {name!r}; choose from: {', '.join(LAYERS)}")
    return LAYERS[name]


def layer_order(names: Sequence[str]) -> tuple[str, ...]:
    """``names`` in registry order (the order of every report)."""
    for name in names:
        get_layer(name)
    return tuple(name for name in LAYERS if name in names)
