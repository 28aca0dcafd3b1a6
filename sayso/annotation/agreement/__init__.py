"""Agreement: between the annotators of a batch (``sayso agree --batch``), and between any
two standoff sources such as SaySo gold and PolNeAR (``sayso agree-sources``).

Split by job: :mod:`.stats` (kappa, alpha, P/R/F1), :mod:`.layers` (every layer's
agreement of two annotators), :mod:`.markdown` (the batch report), :mod:`.batch` (the
batch command), :mod:`.external` (two sources, with the projection that makes their
conventions comparable) and :mod:`.polnear` (PolNeAR's own inter-annotator agreement).
"""
from sayso.annotation.agreement.batch import agreement_report, calibration_documents, load_batch, run_agreement
from sayso.annotation.agreement.layers import (ROLES, group_alpha, layer_agreement, pair_agreement,
                                               pooled_agreement, sentence_units)
from sayso.annotation.agreement.markdown import to_markdown
from sayso.annotation.agreement.stats import PRF, cohen_kappa, krippendorff_alpha

__all__ = ["PRF", "ROLES", "agreement_report", "calibration_documents", "cohen_kappa", "group_alpha",
           "krippendorff_alpha", "layer_agreement", "load_batch", "pair_agreement", "pooled_agreement",
           "run_agreement", "sentence_units", "to_markdown"]
