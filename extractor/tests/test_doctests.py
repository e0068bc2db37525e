import doctest
import importlib

import pytest

MODULES = ["__init__", "model", "loader", "cleanup", "text", "outline", "targets", "tasks", "units"]


@pytest.mark.parametrize("name", MODULES)
def test_it_keeps_the_docstring_examples_true(name):
    module = importlib.import_module("extractor" if name == "__init__" else f"extractor.{name}")
    result = doctest.testmod(module, optionflags=doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS)
    assert result.failed == 0
