"""The ``>>>`` examples in the scorer's docstrings run and give what they show."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["sayso.eval.api", "sayso.eval.stats", "sayso.eval.matching", "sayso.eval.entities", "sayso.eval.results",
           "sayso.options"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
