"""The library-wide contract, checked generically for every public name.

Every name in every public module's ``__all__`` must appear in
:data:`REGISTRY` below, so a new public function, class or constant cannot
escape these checks: :func:`test_registry_covers_every_public_name` fails
for a name without an entry. Each callable entry holds one valid example
call and says which of its parameters are data (positional, per row, numeric);
the tests then derive, without per-function code:

- ``signature``: data parameters positional, every option keyword-only;
- ``call``: the valid call gives no warning and leaves its inputs unchanged;
- ``bad_input``: NaN, infinity, text, empty input, a wrong number of
  dimensions and rows of unequal length each raise ``ValueError`` or
  ``TypeError`` whose message names the argument;
- ``options``: an option given a value of the wrong kind, or an unknown
  word, is refused at once with a message naming the option;
- ``labels``: pandas inputs keep their index and come back named after the
  quantity; inputs with the same labels in another order give the same
  answer; different label sets raise naming both arguments and a label;
- ``label_errors``: NaN in a labelled input is reported at its label;
- ``scalar``: scalars in give a float out, equal to the array answer;
- ``permutation``: shuffling the rows of labelled inputs (hypothesis)
  shuffles a per-row answer the same way, without warnings;
- ``randomness``: one seed gives one answer, whatever the number of workers;
- ``degenerate``: a fit on identical customers raises or warns;
- ``result``: every result type produced is read-only, pickles, deep-copies
  and compares equal after the round trip, has a JSON-safe ``to_dict()``
  (which ``from_dict`` turns back into an equal value where it exists), a
  text ``summary()``, a DataFrame ``to_frame()`` where present and a
  ``ConfidenceInterval`` from ``confidence_interval(*, level=...)``; model
  specifications built directly need the value behaviour only;
- ``constant``: public constants are immutable.

Names whose module is still being converted to the contract carry their
known violations in :data:`KNOWN_VIOLATIONS`, marked ``xfail(strict=True)``:
a fixed violation then fails the run until its entry is removed, so the
list can only shrink.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import math
import pickle
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custvalue._results import ConfidenceInterval, ResultMixin, values_equal

# ---------------------------------------------------------------------------
# the public surface
# ---------------------------------------------------------------------------

PUBLIC_MODULES = (
    "custvalue",
    "custvalue.clv",
    "custvalue.btyd",
    "custvalue.transactions",
    "custvalue.pyramid",
    "custvalue.satisfaction",
    "custvalue.pls",
    "custvalue.loyalty",
    "custvalue.datasets",
    "custvalue.plotting",
    "custvalue.exceptions",
    "custvalue.scoring",
    "custvalue.scoring.ahp",
    "custvalue.scoring.index",
    "custvalue.scoring.normalize",
    "custvalue.scoring.rfm",
    "custvalue.scoring.weights",
)
#: Optional public modules, walked when they import.
OPTIONAL_MODULES = ("custvalue.dask", "custvalue.satisfaction_models")

#: Methods every result may have; checked by the ``result`` checks instead.
GENERIC_METHODS = frozenset({"to_dict", "to_frame", "summary", "confidence_interval"})


def _modules() -> list[Any]:
    found = [importlib.import_module(name) for name in PUBLIC_MODULES]
    for name in OPTIONAL_MODULES:
        try:
            found.append(importlib.import_module(name))
        except ImportError:
            continue
    return found


def _short_name(module: str, name: str) -> str:
    return f"{module.removeprefix('custvalue.')}.{name}" if module != "custvalue" else name


def public_names() -> dict[str, Any]:
    """Every public name as ``module.name`` (``scoring.ahp.weights``), with its object."""
    out: dict[str, Any] = {}
    for module in _modules():
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.ismodule(obj) or name == "__version__":
                continue
            out[_short_name(module.__name__, name)] = obj
    return out


def public_methods() -> dict[str, Any]:
    """Public methods taking arguments, of public classes (``btyd.BetaGeo.fit``)."""
    out: dict[str, Any] = {}
    for qualified, obj in public_names().items():
        if not inspect.isclass(obj) or hasattr(obj, "__members__"):
            continue
        for attr, raw in vars(obj).items():
            if attr.startswith("_") or attr in GENERIC_METHODS or isinstance(raw, property):
                continue
            member = getattr(obj, attr)
            if not callable(member) or inspect.isclass(member):
                continue
            params = [p for p in inspect.signature(member).parameters if p not in ("self", "cls")]
            if params:
                out[f"{qualified}.{attr}"] = member
    return out


# ---------------------------------------------------------------------------
# the registry
# ---------------------------------------------------------------------------

Make = Callable[[], tuple[Callable[..., Any], dict[str, Any], dict[str, Any]]]
Values = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


def _values(values: Values | None) -> dict[str, Any]:
    """A fresh copy of the example's values (each call gets its own)."""
    if values is None:
        return {}
    return {k: _copied(v) for k, v in (values() if callable(values) else values).items()}


def _copied(value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except TypeError:  # a value that cannot be copied is reported by the result checks
        return value


@dataclass(frozen=True)
class Call:
    """A public callable with one valid example call.

    ``make`` returns ``(callable, data, options)``; the call is
    ``callable(**data, **options)``.
    """

    make: Make
    #: Every data parameter of the signature (positional), in order; by
    #: default the keys of the example's data.
    data_names: tuple[str, ...] | None = None
    #: Data parameters holding numbers: NaN, inf, text and empty are refused.
    numeric: tuple[str, ...] = ()
    #: Per-row data parameters that may be pandas objects paired by label.
    rows: tuple[str, ...] = ()
    #: The answer has one value per row (a Series for Series input).
    per_row: bool = False
    #: Scalars for every row parameter give a float.
    scalar: bool = False
    #: Inputs of any number of dimensions are valid (elementwise functions
    #: broadcasting like numpy, or data whose columns are items).
    any_shape: bool = False
    #: Bad-input variants this callable accepts by design, with the reason
    #: in a comment at the entry (e.g. NaN and infinity as interval limits).
    accepts: tuple[str, ...] = ()
    #: Keyword-only options taking free text (names, labels), so no word is
    #: unknown to them.
    free_options: tuple[str, ...] = ()

    @property
    def data(self) -> tuple[str, ...]:
        if self.data_names is not None:
            return self.data_names
        return tuple(self.make()[1])


class Kind:
    """Registry markers for public names that are not called directly."""

    RESULT = "result type: checked on the instances the calls produce"
    ENUM = "enumeration"
    CONSTANT = "constant: must be immutable"
    ALIAS = "typing alias of allowed option values"
    EXCEPTION = "warning or exception class"


Entry = Call | str

SENTINEL = "__input__"


@cache
def _btyd_data() -> Any:
    from custvalue.btyd import BetaGeo, GammaGamma
    from custvalue.datasets import simulate_beta_geo

    return simulate_beta_geo(
        300, BetaGeo(0.25, 4.0, 0.8, 2.5), T=39.0, spend_model=GammaGamma(6.0, 4.0, 15.0), rng=1
    )


def _rft(n: int = 300) -> dict[str, Any]:
    sim = _btyd_data()
    return {"frequency": sim.frequency[:n], "recency": sim.recency[:n], "T": sim.T[:n]}


def _spend() -> dict[str, Any]:
    sim = _btyd_data()
    buyers = sim.frequency > 0
    return {"frequency": sim.frequency[buyers], "monetary_value": sim.monetary_value[buyers]}


FEW = {
    "frequency": np.array([0.0, 2.0, 10.0, 1.0]),
    "recency": np.array([0.0, 30.43, 35.0, 5.0]),
    "T": np.array([38.86, 38.86, 38.86, 20.0]),
}


def _bg() -> Any:
    from custvalue.btyd import BetaGeo

    return BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)


def _pnbd() -> Any:
    from custvalue.btyd import ParetoNBD

    return ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)


def _gg() -> Any:
    from custvalue.btyd import GammaGamma

    return GammaGamma(p=6.25, q=3.74, v=15.44)


def _sbg() -> Any:
    from custvalue.btyd import ShiftedBetaGeometric

    return ShiftedBetaGeometric(alpha=0.704, beta=1.182)


def _mbg() -> Any:
    return _f("btyd.ModifiedBetaGeo")(r=0.525, alpha=6.183, a=0.891, b=1.614)


def _bgbb() -> Any:
    return _f("btyd.BetaGeoBetaBinom")(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)


FEW_DISCRETE = {
    "frequency": np.array([0.0, 3.0, 6.0, 1.0]),
    "recency": np.array([0.0, 6.0, 6.0, 2.0]),
    "n_periods": np.array([6.0, 6.0, 6.0, 6.0]),
}


def _donations() -> dict[str, Any]:
    d = _f("datasets.donations")()
    return {
        "frequency": d.frequency,
        "recency": d.recency,
        "n_periods": d.n_periods,
        "weights": d.count,
    }


@cache
def _bg_fit() -> Any:
    return _f("btyd.BetaGeo").fit(**_rft())


@cache
def _gg_fit() -> Any:
    return _f("btyd.GammaGamma").fit(**_spend())


def _covariates(n: int) -> pd.DataFrame:
    return pd.DataFrame({"segment": (np.arange(n) % 2).astype(float)})


@cache
def _cov_fit() -> Any:
    return _f("btyd.fit_covariates")(
        _f("btyd.BetaGeo"), **_rft(), purchase_covariates=_covariates(300)
    )


def _holdout_summary() -> Any:
    return _f("transactions.rfm_summary")(
        _log(),
        customer="customer",
        date="date",
        observation_end="2024-01-14",
        calibration_end="2024-01-07",
    )


SURVIVORS = [1000, 631, 468, 382, 326, 289, 262, 241]


@cache
def _pls_setup() -> tuple[Any, Any]:
    from custvalue.datasets import simulate_survey
    from custvalue.pls import PathModel

    model = PathModel(
        {"quality": ["q1", "q2", "q3"], "value": ["v1", "v2"], "satisfaction": ["s1", "s2", "s3"]},
        [("quality", "value"), ("quality", "satisfaction"), ("value", "satisfaction")],
    )
    paths = {
        ("quality", "value"): 0.5,
        ("quality", "satisfaction"): 0.4,
        ("value", "satisfaction"): 0.3,
    }
    survey = simulate_survey(model, n=200, paths=paths, loadings=0.85, rng=1)
    return model, survey.data


@cache
def _pls_result() -> Any:
    from custvalue.pls import estimate

    model, data = _pls_setup()
    return estimate(model, data)


def _segments() -> np.ndarray:
    return np.where(np.arange(len(_pls_setup()[1])) < 100, "new", "loyal")


@cache
def _bootstrap() -> Any:
    model, data = _pls_setup()
    return _f("pls.bootstrap")(model, data, n_resamples=40, rng=7)


def _nps_segments() -> Any:
    segments = np.where(np.arange(len(NPS_SCORES)) % 3 == 0, "north", "south")
    return _f("loyalty.nps")(NPS_SCORES, by=segments)


@cache
def _log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer": ["a", "a", "a", "a", "b", "c", "c"],
            "date": pd.to_datetime(
                [
                    "2024-01-01",
                    "2024-01-01",
                    "2024-01-04",
                    "2024-01-10",
                    "2024-01-03",
                    "2024-01-02",
                    "2024-01-09",
                ]
            ),
            "amount": [10.0, 5.0, 20.0, 30.0, 8.0, 4.0, 6.0],
        }
    )


def _dask(frame: pd.DataFrame) -> Any:
    import dask.dataframe as dd

    return dd.from_pandas(frame, npartitions=2, sort=False)


def _dask_summary() -> Any:
    return _f("dask.rfm_summary")(
        _dask(_log()),
        customer="customer",
        date="date",
        value="amount",
        observation_end="2024-01-14",
    )


SALES = [5200.0, 2800.0, 450.0, 350.0, 300.0, 250.0, 200.0, 190.0, 150.0, 100.0]
BLOCKS_ACSI = {
    "expectations": ["e1", "e2"],
    "quality": ["q1", "q2"],
    "value": ["v1", "v2"],
    "satisfaction": ["s1", "s2"],
    "complaints": ["c1"],
    "loyalty": ["l1", "l2"],
}
BLOCKS_ECSI = {
    c: [f"{c[:3]}{k}" for k in (1, 2, 3)]
    for c in ["image", "expectations", "quality", "value", "satisfaction", "loyalty"]
}
BLOCKS_SCSB = {
    "expectations": ["e1", "e2"],
    "performance": ["p1", "p2"],
    "satisfaction": ["s1", "s2"],
    "complaints": ["c1"],
    "loyalty": ["l1"],
}
KANO_F = [["like", "neutral"], ["like", "must-be"], ["neutral", "like"], ["like", "like"]]
KANO_D = [
    ["neutral", "dislike"],
    ["live-with", "dislike"],
    ["dislike", "neutral"],
    ["dislike", "dislike"],
]
LIKERT = [[5, 4], [4, 4], [3, 5], [5, 2], [2, 3], [4, 5]]
PANEL = [[1, 1, 0, 1], [1, 0, 0, 0], [0, 1, 1, 1], [0, 1, 0, 0], [1, 1, 1, 0]]
ACTIVITY = [
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 1, 2],
    [1, 1, 2, 3, 4, 5],
    [2, 2, 2, 2, 2, 2],
    [5, 4, 4, 2, 1, 1],
    [3, 2, 1, 0, 0, 0],
]
NPS_SCORES = np.r_[np.full(30, 10.0), np.full(12, 8.0), np.full(8, 3.0), [9.0, 6.0, 0.0]]
DRINKS = [9, 5, 2, 1, 1, 1 / 2, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9, 1 / 3, 1 / 4, 1 / 3, 1 / 9]
DRINKS += [1 / 2, 1, 1 / 3, 2, 1 / 2, 1 / 3]
DRINK_NAMES = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
MATRIX = [[250.0, 16.0, 12.0], [200.0, 16.0, 8.0], [300.0, 32.0, 16.0], [275.0, 32.0, 8.0]]


def _f(path: str) -> Any:
    """The object at ``module.name`` under custvalue (``scoring.ahp.weights``)."""
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(f"custvalue.{module}"), name)


def _call(fn_path: str, data: Values, options: Values | None = None, **spec: Any) -> Call:
    """An entry calling the module-level ``fn_path`` with ``data`` and ``options``."""
    return _method(lambda: _f(fn_path), None, data, options, **spec)


def _method(
    owner: Callable[[], Any],
    attr: str | None,
    data: Values,
    options: Values | None = None,
    **spec: Any,
) -> Call:
    """An entry calling ``owner().attr`` (``owner()`` itself when ``attr`` is None)."""

    def make() -> tuple[Callable[..., Any], dict[str, Any], dict[str, Any]]:
        target = owner()
        fn = target if attr is None else getattr(target, attr)
        return fn, _values(data), _values(options)

    return Call(make=make, **spec)


def _cls(path: str) -> Callable[[], Any]:
    return lambda: _f(path)


def _pairwise() -> Any:
    from custvalue.scoring.ahp import PairwiseMatrix

    return PairwiseMatrix.from_upper([3, 5, 2], labels=["price", "quality", "service"])


def _hierarchy() -> Any:
    from custvalue.scoring.ahp import Hierarchy, PairwiseMatrix

    return Hierarchy(
        "leader",
        ["experience", "education", "charisma", "age"],
        comparisons=PairwiseMatrix.from_upper([4, 3, 7, 1 / 3, 3, 5]),
    )


def _alternatives() -> dict[str, Any]:
    from custvalue.scoring.ahp import PairwiseMatrix

    names = ["Tom", "Dick", "Harry"]
    return {
        "alternatives": {
            "experience": PairwiseMatrix.from_upper([1 / 4, 4, 9], labels=names),
            "education": PairwiseMatrix.from_upper([3, 1 / 5, 1 / 7], labels=names),
            "charisma": PairwiseMatrix.from_upper([5, 9, 4], labels=names),
            "age": PairwiseMatrix.from_upper([1 / 3, 5, 9], labels=names),
        }
    }


def _concentration() -> Any:
    return _f("pyramid.concentration")(SALES)


def _sat_curve() -> Any:
    from custvalue.datasets import simulate_satisfaction_loyalty

    data = simulate_satisfaction_loyalty(1000, rng=1)
    return _f("loyalty.satisfaction_loyalty_curve")(data.satisfaction, data.repurchase)


def _compressed() -> Any:
    return _f("transactions.compress")([0, 2, 0, 2, 1], [0, 5, 0, 5, 3], [10, 10, 10, 10, 10])


def _tiers() -> dict[str, Any]:
    return {"values": SALES, "tiers": _f("pyramid.assign_tiers")(SALES, scheme="pareto")}


def _ipma_table() -> pd.DataFrame:
    return _f("satisfaction.ipma")(_pls_result(), target="satisfaction")  # type: ignore[no-any-return]


def _tier_table() -> pd.DataFrame:
    return _f("pyramid.tier_summary")(**_tiers())  # type: ignore[no-any-return]


R = Kind.RESULT

REGISTRY: dict[str, Entry] = {
    # ---- package -------------------------------------------------------
    "ConfidenceInterval.contains": _method(
        lambda: ConfidenceInterval([1.0, 2.0, 3.0], [2.0, 3.0, 4.0], 0.95),
        "contains",
        {"value": [1.5, 2.0, 5.0]},
        numeric=("value",),
        # NaN lies in no interval and infinity in none with finite limits
        accepts=("NaN", "infinity"),
    ),
    "ConfidenceInterval": _call(
        "_results.ConfidenceInterval",
        {"low": 1.0, "high": 2.0},
        {"level": 0.95},
        data_names=("low", "high", "level"),
        numeric=("low", "high"),
        # NaN limits mark an undefined interval, infinite ones a one-sided one
        accepts=("NaN", "infinity"),
    ),
    # ---- clv -----------------------------------------------------------
    "clv.DwyerTable": R,
    "clv.annuity_factor": _call(
        "clv.annuity_factor",
        {"discount_rate": [0.1, 0.05, 0.2], "periods": [5.0, 10.0, 3.0]},
        numeric=("discount_rate", "periods"),
        rows=("discount_rate", "periods"),
        per_row=True,
        scalar=True,
        any_shape=True,
    ),
    "clv.annuity_value": _call(
        "clv.annuity_value",
        {"amount": [1000.0, 250.0, 400.0]},
        {"discount_rate": 0.1, "periods": 5},
        numeric=("amount",),
        rows=("amount",),
        per_row=True,
        scalar=True,
        any_shape=True,
    ),
    "clv.churn_loss": _call(
        "clv.churn_loss",
        {
            "invested_cost": [500.0, 300.0, 200.0],
            "lifetime_value": [3000.0, 2000.0, 900.0],
            "realized_value": [1200.0, 500.0, 100.0],
        },
        numeric=("invested_cost", "lifetime_value", "realized_value"),
        rows=("invested_cost", "lifetime_value", "realized_value"),
        per_row=True,
        scalar=True,
        any_shape=True,
    ),
    "clv.customer_equity": _call(
        "clv.customer_equity",
        {"lifetime_value": [2500.0, 900.0, 300.0], "customers": [1000.0, 9000.0, 20.0]},
        numeric=("lifetime_value", "customers"),
        rows=("lifetime_value", "customers"),
    ),
    "clv.delivered_value": _call(
        "clv.delivered_value",
        {
            "total_customer_value": [2000.0, 1800.0, 900.0],
            "total_customer_cost": [1500.0, 1000.0, 950.0],
        },
        numeric=("total_customer_value", "total_customer_cost"),
        rows=("total_customer_value", "total_customer_cost"),
        per_row=True,
        scalar=True,
        any_shape=True,
    ),
    "clv.dwyer_table": _call(
        "clv.dwyer_table",
        {
            "customers": 20_000.0,
            "retention_rate": [0.65, 0.70, 0.75, 0.80],
            "orders_per_month": [0.5, 0.6, 0.7, 0.8],
            "order_value": [650.0, 700.0, 750.0, 800.0],
            "variable_cost_rate": 0.75,
        },
        {"discount_rate": 0.10},
        data_names=(
            "customers",
            "retention_rate",
            "orders_per_month",
            "order_value",
            "variable_cost_rate",
            "marketing_cost_per_customer",
        ),
        numeric=("customers", "retention_rate", "orders_per_month", "order_value"),
        rows=("retention_rate", "orders_per_month", "order_value"),
    ),
    "clv.expected_lifetime": _call(
        "clv.expected_lifetime",
        {"churn_rate": [0.2, 0.25, 0.5]},
        numeric=("churn_rate",),
        rows=("churn_rate",),
        per_row=True,
        scalar=True,
        any_shape=True,
    ),
    "clv.group_churn_loss": _call(
        "clv.group_churn_loss",
        {
            "n_customers": [10_000.0, 5000.0, 100.0],
            "churn_rate": [0.15, 0.1, 0.3],
            "lifetime_value": [2000.0, 1000.0, 50.0],
        },
        numeric=("n_customers", "churn_rate", "lifetime_value"),
        rows=("n_customers", "churn_rate", "lifetime_value"),
        per_row=True,
        scalar=True,
        any_shape=True,
    ),
    "clv.group_value": _call(
        "clv.group_value",
        {"profit": [500_000.0, 300_000.0, 10_000.0], "cost": [200_000.0, 100_000.0, 1000.0]},
        {"discount_rate": 0.10, "churn_rate": 0.20},
        numeric=("profit", "cost"),
        rows=("profit", "cost"),
        per_row=True,
        scalar=True,
        any_shape=True,
    ),
    "clv.lifetime_value": _call(
        "clv.lifetime_value",
        {"profit": [300.0, 400.0, 500.0], "cost": 100.0},
        {"discount_rate": 0.08, "acquisition_cost": 200.0},
        numeric=("profit", "cost"),
        any_shape=True,
    ),
    "clv.present_value": _call(
        "clv.present_value",
        {"cash_flows": [100.0, 100.0, 100.0]},
        {"discount_rate": 0.10},
        numeric=("cash_flows",),
        any_shape=True,
    ),
    "clv.retention_value": _call(
        "clv.retention_value",
        {"margin": [100.0, 50.0, 20.0]},
        {"retention_rate": 0.8, "discount_rate": 0.12},
        numeric=("margin",),
        rows=("margin",),
        per_row=True,
        scalar=True,
        any_shape=True,
    ),
    # ---- btyd ----------------------------------------------------------
    "btyd.BetaGeo": _call(
        "btyd.BetaGeo",
        {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
        numeric=("r", "alpha", "a", "b"),
    ),
    "btyd.ParetoNBD": _call(
        "btyd.ParetoNBD",
        {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669},
        numeric=("r", "alpha", "s", "beta"),
    ),
    "btyd.GammaGamma": _call(
        "btyd.GammaGamma", {"p": 6.25, "q": 3.74, "v": 15.44}, numeric=("p", "q", "v")
    ),
    "btyd.ShiftedBetaGeometric": _call(
        "btyd.ShiftedBetaGeometric", {"alpha": 0.704, "beta": 1.182}, numeric=("alpha", "beta")
    ),
    "btyd.FitResult": R,
    "btyd.customer_lifetime_value": _call(
        "btyd.customer_lifetime_value",
        lambda: {
            "transaction_model": _bg(),
            "spend_model": _gg(),
            **FEW,
            "monetary_value": [0.0, 25.0, 40.0, 10.0],
        },
        {"horizon": 12, "discount_rate": 0.01, "time_unit": 52 / 12},
        numeric=("frequency", "recency", "T", "monetary_value"),
        rows=("frequency", "recency", "T", "monetary_value"),
        per_row=True,
    ),
    "btyd.BetaGeo.fit": _method(
        _cls("btyd.BetaGeo"),
        "fit",
        _rft,
        numeric=("frequency", "recency", "T"),
        rows=("frequency", "recency", "T"),
    ),
    "btyd.ParetoNBD.fit": _method(
        _cls("btyd.ParetoNBD"),
        "fit",
        _rft,
        numeric=("frequency", "recency", "T"),
        rows=("frequency", "recency", "T"),
    ),
    "btyd.GammaGamma.fit": _method(
        _cls("btyd.GammaGamma"),
        "fit",
        _spend,
        numeric=("frequency", "monetary_value"),
        rows=("frequency", "monetary_value"),
    ),
    "btyd.ShiftedBetaGeometric.fit": _method(
        _cls("btyd.ShiftedBetaGeometric"),
        "fit",
        {"survivors": SURVIVORS},
        numeric=("survivors",),
    ),
    "btyd.BetaGeo.loglik": _method(
        _bg,
        "loglik",
        FEW,
        numeric=("frequency", "recency", "T"),
        rows=("frequency", "recency", "T"),
    ),
    "btyd.ParetoNBD.loglik": _method(
        _pnbd,
        "loglik",
        FEW,
        numeric=("frequency", "recency", "T"),
        rows=("frequency", "recency", "T"),
    ),
    "btyd.GammaGamma.loglik": _method(
        _gg,
        "loglik",
        {"frequency": [2.0, 1.0, 5.0], "monetary_value": [20.0, 35.0, 12.0]},
        numeric=("frequency", "monetary_value"),
        rows=("frequency", "monetary_value"),
    ),
    **{
        f"btyd.{cls}.p_alive": _method(
            owner,
            "p_alive",
            FEW,
            numeric=("frequency", "recency", "T"),
            rows=("frequency", "recency", "T"),
            per_row=True,
            scalar=True,
        )
        for cls, owner in (("BetaGeo", _bg), ("ParetoNBD", _pnbd))
    },
    **{
        f"btyd.{cls}.conditional_expected_purchases": _method(
            owner,
            "conditional_expected_purchases",
            {"t": 39.0, **FEW},
            numeric=("t", "frequency", "recency", "T"),
            rows=("frequency", "recency", "T"),
            per_row=True,
            scalar=True,
        )
        for cls, owner in (("BetaGeo", _bg), ("ParetoNBD", _pnbd))
    },
    **{
        f"btyd.{cls}.expected_purchases": _method(
            owner,
            "expected_purchases",
            {"t": [1.0, 10.0, 39.0]},
            numeric=("t",),
            rows=("t",),
            per_row=True,
            any_shape=True,
            scalar=True,
        )
        for cls, owner in (("BetaGeo", _bg), ("ParetoNBD", _pnbd))
    },
    **{
        f"btyd.{cls}.p_purchases": _method(
            owner,
            "p_purchases",
            {"n": [0.0, 1.0, 3.0], "t": [10.0, 10.0, 20.0]},
            numeric=("n", "t"),
            rows=("n", "t"),
            per_row=True,
            scalar=True,
        )
        for cls, owner in (("BetaGeo", _bg), ("ParetoNBD", _pnbd))
    },
    "btyd.GammaGamma.conditional_expected_value": _method(
        _gg,
        "conditional_expected_value",
        {"frequency": [2.0, 1.0, 5.0], "monetary_value": [20.0, 35.0, 12.0]},
        numeric=("frequency", "monetary_value"),
        rows=("frequency", "monetary_value"),
        per_row=True,
        scalar=True,
    ),
    **{
        f"btyd.ShiftedBetaGeometric.{attr}": _method(
            _sbg,
            attr,
            {"t": [1.0, 2.0, 3.0]},
            numeric=("t",),
            rows=("t",),
            per_row=True,
            scalar=True,
            any_shape=True,
        )
        for attr in ("survival", "churn_probability", "retention_rate")
    },
    "btyd.ShiftedBetaGeometric.discounted_expected_residual_lifetime": _method(
        _sbg,
        "discounted_expected_residual_lifetime",
        {"discount_rate": 0.1},
        numeric=("discount_rate",),
    ),
    "btyd.model_from_dict": _call(
        "btyd.model_from_dict",
        lambda: {"data": _f("btyd.ShiftedBetaGeometric").fit(SURVIVORS).to_dict()},
    ),
    "btyd.BetaGeoBetaBinom": _call(
        "btyd.BetaGeoBetaBinom",
        {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783},
        numeric=("alpha", "beta", "gamma", "delta"),
    ),
    "btyd.ModifiedBetaGeo": _call(
        "btyd.ModifiedBetaGeo",
        {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614},
        numeric=("r", "alpha", "a", "b"),
    ),
    "btyd.ModifiedBetaGeo.fit": _method(
        _cls("btyd.ModifiedBetaGeo"),
        "fit",
        _rft,
        numeric=("frequency", "recency", "T"),
        rows=("frequency", "recency", "T"),
    ),
    "btyd.ModifiedBetaGeo.loglik": _method(
        _mbg,
        "loglik",
        FEW,
        numeric=("frequency", "recency", "T"),
        rows=("frequency", "recency", "T"),
    ),
    **{
        f"btyd.{cls}.conditional_p_purchases": _method(
            owner,
            "conditional_p_purchases",
            {"n": [0.0, 1.0, 2.0, 1.0], "t": 39.0, **FEW},
            numeric=("n", "t", "frequency", "recency", "T"),
            rows=("n", "frequency", "recency", "T"),
            per_row=True,
            scalar=True,
        )
        for cls, owner in (("BetaGeo", _bg), ("ParetoNBD", _pnbd), ("ModifiedBetaGeo", _mbg))
    },
    "btyd.BetaGeoBetaBinom.fit": _method(
        _cls("btyd.BetaGeoBetaBinom"),
        "fit",
        lambda: {k: v for k, v in _donations().items() if k != "weights"},
        lambda: {"weights": _donations()["weights"]},
        numeric=("frequency", "recency", "n_periods"),
        rows=("frequency", "recency", "n_periods"),
    ),
    "btyd.BetaGeoBetaBinom.loglik": _method(
        _bgbb,
        "loglik",
        FEW_DISCRETE,
        numeric=("frequency", "recency", "n_periods"),
        rows=("frequency", "recency", "n_periods"),
    ),
    "btyd.BetaGeoBetaBinom.p_alive": _method(
        _bgbb,
        "p_alive",
        FEW_DISCRETE,
        numeric=("frequency", "recency", "n_periods"),
        rows=("frequency", "recency", "n_periods"),
        per_row=True,
        scalar=True,
    ),
    "btyd.BetaGeoBetaBinom.conditional_expected_purchases": _method(
        _bgbb,
        "conditional_expected_purchases",
        {"t": 5.0, **FEW_DISCRETE},
        numeric=("t", "frequency", "recency", "n_periods"),
        rows=("frequency", "recency", "n_periods"),
        per_row=True,
        scalar=True,
    ),
    "btyd.BetaGeoBetaBinom.discounted_expected_residual_transactions": _method(
        _bgbb,
        "discounted_expected_residual_transactions",
        FEW_DISCRETE,
        {"discount_rate": 0.1},
        numeric=("frequency", "recency", "n_periods"),
        rows=("frequency", "recency", "n_periods"),
        per_row=True,
        scalar=True,
    ),
    **{
        f"btyd.{cls}.expected_purchases": _method(
            owner,
            "expected_purchases",
            {"t": [1.0, 6.0, 10.0]},
            numeric=("t",),
            rows=("t",),
            per_row=True,
            any_shape=True,
            scalar=True,
        )
        for cls, owner in (("BetaGeoBetaBinom", _bgbb), ("ModifiedBetaGeo", _mbg))
    },
    **{
        f"btyd.{cls}.p_purchases": _method(
            owner,
            "p_purchases",
            {"n": [0.0, 1.0, 3.0], "t": [6.0, 6.0, 6.0]},
            numeric=("n", "t"),
            rows=("n", "t"),
            per_row=True,
            scalar=True,
        )
        for cls, owner in (("BetaGeoBetaBinom", _bgbb), ("ModifiedBetaGeo", _mbg))
    },
    "btyd.ModifiedBetaGeo.p_alive": _method(
        _mbg,
        "p_alive",
        FEW,
        numeric=("frequency", "recency", "T"),
        rows=("frequency", "recency", "T"),
        per_row=True,
        scalar=True,
    ),
    "btyd.ModifiedBetaGeo.conditional_expected_purchases": _method(
        _mbg,
        "conditional_expected_purchases",
        {"t": 39.0, **FEW},
        numeric=("t", "frequency", "recency", "T"),
        rows=("frequency", "recency", "T"),
        per_row=True,
        scalar=True,
    ),
    **{
        f"btyd.{name}": R
        for name in (
            "CalibrationHoldout",
            "CovariateFit",
            "ModelComparison",
            "PeriodTransactions",
            "TrackingCurves",
        )
    },
    "btyd.calibration_holdout": _call(
        "btyd.calibration_holdout",
        lambda: {"model": _bg(), "summary": _holdout_summary()},
        {"max_frequency": 3},
    ),
    "btyd.clv_interval": _call(
        "btyd.clv_interval",
        lambda: {
            "transaction_fit": _bg_fit(),
            "spend_fit": _gg_fit(),
            **FEW,
            "monetary_value": [0.0, 25.0, 40.0, 10.0],
        },
        {"horizon": 12, "discount_rate": 0.01, "time_unit": 52 / 12, "n_draws": 50, "rng": 1},
        numeric=("frequency", "recency", "T", "monetary_value"),
        rows=("frequency", "recency", "T", "monetary_value"),
    ),
    "btyd.compare_models": _call(
        "btyd.compare_models",
        lambda: {"fits": {"BG/NBD": _bg_fit(), "Pareto/NBD": _f("btyd.ParetoNBD").fit(**_rft())}},
    ),
    "btyd.draw_models": _call(
        "btyd.draw_models", lambda: {"fit": _bg_fit()}, {"n_draws": 5, "rng": 1}
    ),
    "btyd.fit_covariates": _call(
        "btyd.fit_covariates",
        lambda: {
            "model_class": _f("btyd.BetaGeo"),
            **_rft(),
            "purchase_covariates": _covariates(300),
        },
        # the covariates are per-customer data given by keyword
        data_names=("model_class", "frequency", "recency", "T"),
        numeric=("frequency", "recency", "T"),
        rows=("frequency", "recency", "T", "purchase_covariates"),
    ),
    "btyd.period_transactions": _call(
        "btyd.period_transactions",
        lambda: {"model": _bg_fit(), **_rft()},
        numeric=("frequency", "recency", "T"),
        rows=("frequency", "recency", "T"),
    ),
    "btyd.prediction_interval": _call(
        "btyd.prediction_interval",
        lambda: {"fit": _bg_fit(), "data": (39.0, *FEW.values())},
        {"quantity": "conditional_expected_purchases", "n_draws": 50, "rng": 1},
        data_names=("fit", "data"),
    ),
    "btyd.tracking_curves": _call(
        "btyd.tracking_curves",
        lambda: {"model": _bg(), "transactions": _log()},
        {"customer": "customer", "date": "date", "observation_end": "2024-01-14"},
    ),
    "btyd.CovariateFit.p_alive": _method(
        _cov_fit,
        "p_alive",
        lambda: {**FEW, "purchase_covariates": _covariates(4)},
        data_names=("frequency", "recency", "T"),
        numeric=("frequency", "recency", "T"),
        rows=("frequency", "recency", "T", "purchase_covariates"),
        per_row=True,
    ),
    "btyd.CovariateFit.conditional_expected_purchases": _method(
        _cov_fit,
        "conditional_expected_purchases",
        lambda: {"t": 39.0, **FEW, "purchase_covariates": _covariates(4)},
        data_names=("t", "frequency", "recency", "T"),
        numeric=("t", "frequency", "recency", "T"),
        rows=("frequency", "recency", "T", "purchase_covariates"),
        per_row=True,
    ),
    "btyd.CovariateFit.customer_models": _method(
        _cov_fit, "customer_models", {}, lambda: {"purchase_covariates": _covariates(4)}
    ),
    # ---- transactions --------------------------------------------------
    "transactions.CompressedRFM": R,
    "transactions.RFMSummary": R,
    "transactions.Period": Kind.ALIAS,
    "transactions.compress": _call(
        "transactions.compress",
        {
            "frequency": [0.0, 2.0, 0.0, 2.0],
            "recency": [0.0, 5.0, 0.0, 5.0],
            "T": [10.0, 10.0, 10.0, 10.0],
        },
        numeric=("frequency", "recency", "T"),
        rows=("frequency", "recency", "T"),
    ),
    "transactions.CompressedRFM.expand": _method(
        _compressed,
        "expand",
        lambda: {"values": _compressed().frequency * 10.0},
        numeric=("values",),
        any_shape=True,  # documented: one number, or one row of numbers, per pattern
    ),
    "transactions.CompressedRFM.from_counts": _method(
        _cls("transactions.CompressedRFM"),
        "from_counts",
        {
            "frequency": [0.0, 1.0, 0.0],
            "recency": [0.0, 2.0, 0.0],
            "T": [5.0, 5.0, 6.0],
            "counts": [10.0, 3.0, 2.0],
        },
        numeric=("frequency", "recency", "T", "counts"),
        rows=("frequency", "recency", "T", "counts"),
    ),
    "transactions.rfm_summary": _call(
        "transactions.rfm_summary",
        lambda: {"transactions": _log()},
        {
            "customer": "customer",
            "date": "date",
            "value": "amount",
            "observation_end": "2024-01-14",
        },
    ),
    # ---- pyramid -------------------------------------------------------
    "pyramid.SCHEMES": Kind.CONSTANT,
    "pyramid.Concentration": R,
    "pyramid.Tiers": R,
    "pyramid.ValueMatrix": R,
    "pyramid.abc_classes": _call(
        "pyramid.abc_classes", {"values": SALES}, numeric=("values",), rows=("values",)
    ),
    "pyramid.assign_tiers": _call(
        "pyramid.assign_tiers",
        {"values": SALES},
        {"scheme": "pareto"},
        numeric=("values",),
        rows=("values",),
    ),
    "pyramid.concentration": _call(
        "pyramid.concentration", {"values": SALES}, numeric=("values",), rows=("values",)
    ),
    "pyramid.kmeans_tiers": _call(
        "pyramid.kmeans_tiers",
        {"values": [1.0, 2.0, 3.0, 50.0, 52.0, 400.0, 410.0, 4.0]},
        {"n_tiers": 3, "rng": 0},
        numeric=("values",),
        rows=("values",),
    ),
    "pyramid.tier_summary": _call(
        "pyramid.tier_summary", _tiers, numeric=("values",), rows=("values", "tiers")
    ),
    "pyramid.value_matrix": _call(
        "pyramid.value_matrix",
        {"current": [120.0, 80.0, 10.0, 5.0], "potential": [30.0, 200.0, 150.0, 20.0]},
        numeric=("current", "potential"),
        rows=("current", "potential"),
    ),
    "pyramid.Concentration.top_share": _method(
        _concentration,
        "top_share",
        {"fraction": [0.1, 0.2, 0.5]},
        numeric=("fraction",),
        rows=("fraction",),
        per_row=True,
        any_shape=True,
        scalar=True,
    ),
    "pyramid.Concentration.customers_for_share": _method(
        _concentration,
        "customers_for_share",
        {"value_share": [0.5, 0.8, 0.9]},
        numeric=("value_share",),
        rows=("value_share",),
        per_row=True,
        any_shape=True,
        scalar=True,
    ),
    "pyramid.Concentration.atkinson": _method(
        _concentration, "atkinson", {"epsilon": 0.5}, numeric=("epsilon",)
    ),
    "pyramid.Concentration.generalized_entropy": _method(
        _concentration, "generalized_entropy", {"alpha": 2.0}, numeric=("alpha",)
    ),
    "pyramid.Concentration.top_k_share": _method(
        _concentration, "top_k_share", {"k": 2}, numeric=("k",)
    ),
    # ---- satisfaction --------------------------------------------------
    "satisfaction.KANO_CATEGORIES": Kind.CONSTANT,
    "satisfaction.DriverWeights": R,
    "satisfaction.KanoContinuous": R,
    "satisfaction.KanoSummary": R,
    "satisfaction.LikertSummary": R,
    "satisfaction.SatisfactionIndex": R,
    "satisfaction.SatisfactionRatio": R,
    "satisfaction.acsi_model": _call("satisfaction.acsi_model", {"blocks": BLOCKS_ACSI}),
    "satisfaction.ecsi_model": _call("satisfaction.ecsi_model", {"blocks": BLOCKS_ECSI}),
    "satisfaction.scsb_model": _call("satisfaction.scsb_model", {"blocks": BLOCKS_SCSB}),
    "satisfaction.driver_weights": _call(
        "satisfaction.driver_weights",
        lambda: {
            "responses": np.random.default_rng(0).normal(size=(60, 3)),
            "overall": np.random.default_rng(0).normal(size=(60, 3)) @ [0.5, 0.3, 0.2]
            + np.random.default_rng(1).normal(scale=0.1, size=60),
        },
        numeric=("responses", "overall"),
        rows=("responses", "overall"),
    ),
    "satisfaction.ipma": _call(
        "satisfaction.ipma",
        lambda: {"result": _pls_result(), "target": "satisfaction"},
        data_names=("result",),
    ),
    "satisfaction.satisfaction_index": _call(
        "satisfaction.satisfaction_index",
        lambda: {"result": _pls_result()},
        {"construct": "satisfaction"},
        data_names=("result",),
    ),
    "satisfaction.kano_classify": _call(
        "satisfaction.kano_classify",
        {"functional": [1.0, 3.0, 5.0, 2.0], "dysfunctional": [5.0, 5.0, 1.0, 4.0]},
        numeric=("functional", "dysfunctional"),
        rows=("functional", "dysfunctional"),
        per_row=True,
    ),
    "satisfaction.kano_continuous": _call(
        "satisfaction.kano_continuous",
        {"functional": KANO_F, "dysfunctional": KANO_D},
        rows=("functional", "dysfunctional"),
    ),
    "satisfaction.kano_summary": _call(
        "satisfaction.kano_summary",
        {"functional": KANO_F, "dysfunctional": KANO_D},
        rows=("functional", "dysfunctional"),
    ),
    "satisfaction.likert_summary": _call(
        "satisfaction.likert_summary",
        {"responses": LIKERT},
        numeric=("responses",),
        rows=("responses",),
    ),
    "satisfaction.sample_size": _call(
        "satisfaction.sample_size", {}, {"level": 0.95, "margin": 0.05}
    ),
    "satisfaction.sample_size_mean": _call(
        "satisfaction.sample_size_mean", {}, {"margin": 0.1, "std": 0.9}
    ),
    "satisfaction.satisfaction_ratio": _call(
        "satisfaction.satisfaction_ratio",
        {"perceived": [90.0, 100.0, 120.0], "expected": [100.0, 98.0, 100.0]},
        numeric=("perceived", "expected"),
        rows=("perceived", "expected"),
    ),
    # ---- pls -----------------------------------------------------------
    "pls.CONVENTIONS": Kind.CONSTANT,
    "pls.BootstrapResult": R,
    "pls.EstimationOptions": R,
    "pls.PLSResult": R,
    "pls.PathModel": _call(
        "pls.PathModel",
        {
            "constructs": {
                "quality": ["q1", "q2"],
                "satisfaction": ["s1", "s2"],
                "loyalty": ["l1"],
            },
            "paths": [("quality", "satisfaction"), ("satisfaction", "loyalty")],
        },
    ),
    "pls.PathModel.predecessors": _method(
        lambda: _pls_setup()[0], "predecessors", {"construct": "satisfaction"}
    ),
    "pls.PathModel.with_modes": _method(
        lambda: _pls_setup()[0], "with_modes", {}, {"quality": "B"}, data_names=("modes",)
    ),
    "pls.estimate": _call(
        "pls.estimate",
        lambda: {"model": _pls_setup()[0], "data": _pls_setup()[1]},
        numeric=("data",),
    ),
    "pls.bootstrap": _call(
        "pls.bootstrap",
        lambda: {"model": _pls_setup()[0], "data": _pls_setup()[1]},
        {"n_resamples": 40, "rng": 7},
        numeric=("data",),
    ),
    "pls.Moments": R,
    "pls.moments": _call(
        "pls.moments", lambda: {"data": _pls_setup()[1]}, numeric=("data",), rows=("data",)
    ),
    "pls.Moments.combine": _method(
        lambda: _f("pls.moments")(_pls_setup()[1].iloc[:100]),
        "combine",
        lambda: {"other": _f("pls.moments")(_pls_setup()[1].iloc[100:])},
    ),
    "pls.Moments.covariance": _method(
        lambda: _f("pls.moments")(_pls_setup()[1]), "covariance", {}, {"ddof": 1}
    ),
    "pls.GroupComparison": R,
    "pls.MGAResult": R,
    "pls.PredictionResult": R,
    "pls.compare_groups": _call(
        "pls.compare_groups",
        lambda: {"model": _pls_setup()[0], "data": _pls_setup()[1], "groups": _segments()},
        {"n_permutations": 49, "rng": 2},
        numeric=("data",),
        rows=("data", "groups"),
    ),
    "pls.mga": _call(
        "pls.mga",
        lambda: {"model": _pls_setup()[0], "data": _pls_setup()[1], "groups": _segments()},
        {"n_resamples": 49, "rng": 2},
        numeric=("data",),
        rows=("data", "groups"),
    ),
    "pls.predict": _call(
        "pls.predict",
        lambda: {"model": _pls_setup()[0], "data": _pls_setup()[1]},
        {"folds": 5, "repetitions": 2, "rng": 3},
        numeric=("data",),
    ),
    **{
        f"pls.BootstrapResult.{attr}": _method(_bootstrap, attr, {}, {"level": 0.9})
        for attr in ("htmt_table", "mediation", "path_table")
    },
    "pls.BootstrapResult.table": _method(
        _bootstrap, "table", {"statistic": "path"}, {"level": 0.9}
    ),
    "pls.GroupComparison.micom": _method(
        lambda: _f("pls.compare_groups")(
            _pls_setup()[0], _pls_setup()[1], _segments(), n_permutations=49, rng=2
        ),
        "micom",
        {},
        {"level": 0.9},
    ),
    "pls.PLSResult.implied_correlation": _method(
        _pls_result, "implied_correlation", {}, {"saturated": False}
    ),
    "pls.HigherOrderResult": R,
    "pls.FitTest": R,
    "pls.fit_test": _call(
        "pls.fit_test",
        lambda: {"model": _pls_setup()[0], "data": _pls_setup()[1]},
        {"n_resamples": 40, "rng": 2},
        numeric=("data",),
    ),
    "pls.ModerationResult": R,
    "pls.higher_order": _call(
        "pls.higher_order",
        lambda: {"data": _pls_setup()[1]},
        {
            "constructs": {"q": ["q1", "q2", "q3"], "v": ["v1", "v2"], "s": ["s1", "s2", "s3"]},
            "paths": [("qv", "s")],
            "higher_order": {"qv": ["q", "v"]},
        },
        numeric=("data",),
    ),
    "pls.moderation": _call(
        "pls.moderation",
        lambda: {"model": _pls_setup()[0], "data": _pls_setup()[1]},
        {"predictor": "quality", "moderator": "value", "target": "satisfaction"},
        numeric=("data",),
    ),
    "pls.ModerationResult.simple_slopes": _method(
        lambda: _f("pls.moderation")(
            *_pls_setup(), predictor="quality", moderator="value", target="satisfaction"
        ),
        "simple_slopes",
        {"levels": [-1.0, 0.0, 1.0]},
        numeric=("levels",),
    ),
    "pls.ModerationResult.bootstrap": _method(
        lambda: _f("pls.moderation")(
            *_pls_setup(), predictor="quality", moderator="value", target="satisfaction"
        ),
        "bootstrap",
        {},
        {"n_resamples": 20, "rng": 1},
    ),
    "pls.HigherOrderResult.bootstrap": _method(
        lambda: _f("pls.higher_order")(
            _pls_setup()[1],
            constructs={"q": ["q1", "q2", "q3"], "v": ["v1", "v2"], "s": ["s1", "s2", "s3"]},
            paths=[("qv", "s")],
            higher_order={"qv": ["q", "v"]},
        ),
        "bootstrap",
        {},
        {"n_resamples": 20, "rng": 1},
    ),
    # ---- loyalty -------------------------------------------------------
    "loyalty.LifecycleStage": Kind.ENUM,
    "loyalty.LoyaltyType": Kind.ENUM,
    "loyalty.RelationshipBond": Kind.ENUM,
    "loyalty.LoyalCustomerProfit": R,
    "loyalty.LoyaltySegments": R,
    "loyalty.NPSDifference": R,
    "loyalty.NPSResult": R,
    "loyalty.NetSatisfaction": R,
    "loyalty.RetentionCurve": R,
    "loyalty.SatisfactionLoyaltyCurve": R,
    **{
        f"loyalty.{name}": _call(
            f"loyalty.{name}",
            {
                "start_customers": [200.0, 100.0, 50.0],
                "end_customers": [190.0, 95.0, 40.0],
                "new_customers": [30.0, 10.0, 5.0],
            },
            numeric=("start_customers", "end_customers", "new_customers"),
            rows=("start_customers", "end_customers", "new_customers"),
            per_row=True,
            scalar=True,
        )
        for name in ("churn_rate", "retention_rate")
    },
    "loyalty.classify_loyalty": _call(
        "loyalty.classify_loyalty",
        {
            "attachment": [True, True, False, False],
            "repeat_purchase": [True, False, True, False],
            "reason": ["value", None, "location", "habit"],
        },
        rows=("attachment", "repeat_purchase", "reason"),
        per_row=True,
    ),
    "loyalty.lifecycle_stage": _call(
        "loyalty.lifecycle_stage",
        {"activity": ACTIVITY},
        numeric=("activity",),
        rows=("activity",),
        per_row=True,
    ),
    "loyalty.loyal_customer_profit": _call(
        "loyalty.loyal_customer_profit",
        {
            "base_profit": 100.0,
            "cost_savings": [0.0, 10.0, 20.0],
            "referrals": [0.0, 5.0, 10.0],
            "price_premium": 0.0,
        },
        {
            "years": 3,
            "purchase_growth": 0.1,
            "acquisition_cost": 150.0,
        },
        numeric=("base_profit",),
    ),
    "loyalty.loyalty_segments": _call(
        "loyalty.loyalty_segments",
        {"attitude": [5.0, 4.0, 2.0, 1.0, 5.0, 2.0], "behaviour": [0.9, 0.2, 0.8, 0.1, 0.7, 0.3]},
        {"attitude_cut": 4.0, "behaviour_cut": 0.5},
        numeric=("attitude", "behaviour"),
        rows=("attitude", "behaviour"),
    ),
    "loyalty.net_satisfaction": _call(
        "loyalty.net_satisfaction",
        {"responses": [5.0, 5.0, 4.0, 4.0, 3.0, 2.0, 1.0, 5.0, 4.0, 5.0]},
        numeric=("responses",),
        rows=("responses",),
        any_shape=True,  # a 2-D input holds one item per column
    ),
    "loyalty.nps": _call(
        "loyalty.nps", {"scores": NPS_SCORES}, numeric=("scores",), rows=("scores",)
    ),
    "loyalty.nps_difference": _call(
        "loyalty.nps_difference",
        {"a": NPS_SCORES, "b": NPS_SCORES[::2]},
        numeric=("a", "b"),
    ),
    "loyalty.repeat_purchase_rate": _call(
        "loyalty.repeat_purchase_rate",
        {"purchases": [0.0, 1.0, 2.0, 5.0, 1.0, 3.0]},
        numeric=("purchases",),
        rows=("purchases",),
    ),
    "loyalty.retention_curve": _call(
        "loyalty.retention_curve", {"panel": PANEL}, numeric=("panel",), rows=("panel",)
    ),
    "loyalty.satisfaction_loyalty_curve": _call(
        "loyalty.satisfaction_loyalty_curve",
        lambda: {
            "satisfaction": np.tile([1.0, 2.0, 3.0, 4.0, 5.0], 40),
            "repurchase": (np.arange(200) % 7 < np.tile([1, 2, 4, 5, 6], 40)).astype(float),
        },
        numeric=("satisfaction", "repurchase"),
        rows=("satisfaction", "repurchase"),
    ),
    "loyalty.SatisfactionLoyaltyCurve.predict": _method(
        _sat_curve,
        "predict",
        {"satisfaction": [1.0, 3.0, 5.0]},
        numeric=("satisfaction",),
        rows=("satisfaction",),
        per_row=True,
        any_shape=True,
        scalar=True,
    ),
    "loyalty.SatisfactionLoyaltyCurve.likelihood_ratio": _method(
        _sat_curve, "likelihood_ratio", {"high": 5.0, "low": 4.0}, numeric=("high", "low")
    ),
    "loyalty.share_of_wallet": _call(
        "loyalty.share_of_wallet",
        {"firm_spend": [300.0, 50.0, 10.0], "category_spend": [1000.0, 50.0, 40.0]},
        numeric=("firm_spend", "category_spend"),
        rows=("firm_spend", "category_spend"),
        per_row=True,
        scalar=True,
    ),
    "loyalty.PairwiseDifferences": R,
    "loyalty.SegmentResults": R,
    "loyalty.SegmentResults.pairwise": _method(_nps_segments, "pairwise", {}, {"level": 0.9}),
    "loyalty.PairwiseDifferences.significant": _method(
        lambda: _nps_segments().pairwise(), "significant", {}, {"alpha": 0.05}
    ),
    "loyalty.holm": _call(
        "loyalty.holm",
        {"p_values": [0.01, 0.04, 0.03]},
        numeric=("p_values",),
        rows=("p_values",),
        per_row=True,
    ),
    # ---- datasets ------------------------------------------------------
    **{
        f"datasets.{name}": Kind.CONSTANT
        for name in ("APPLIANCE_TIERS", "NSS_ITEMS", "TEACHING_ITEMS")
    },
    **{
        f"datasets.{name}": R
        for name in (
            "ApplianceCustomers",
            "BrokerageCustomers",
            "CustomerProfits",
            "DwyerExample",
            "KanoSurvey",
            "LikertSurvey",
            "NPSSurvey",
            "RetailCustomers",
            "SatisfactionLoyaltyData",
            "SimulatedCustomers",
            "SimulatedSurvey",
            "SimulatedTransactionLog",
        )
    },
    "datasets.CDNOWSample": R,
    "datasets.Donations": R,
    "datasets.cdnow": _call("datasets.cdnow", {}),
    "datasets.donations": _call("datasets.donations", {}),
    "datasets.appliance_maker_customers": _call("datasets.appliance_maker_customers", {}),
    "datasets.dwyer_example": _call("datasets.dwyer_example", {}),
    "datasets.simulate_beta_geo": _call(
        "datasets.simulate_beta_geo",
        lambda: {"n_customers": 20, "model": _bg()},
        lambda: {"T": 52.0, "spend_model": _gg(), "rng": 0},
    ),
    "datasets.simulate_pareto_nbd": _call(
        "datasets.simulate_pareto_nbd",
        lambda: {"n_customers": 20, "model": _pnbd()},
        {"T": 52.0, "rng": 0},
    ),
    "datasets.simulate_brokerage_customers": _call(
        "datasets.simulate_brokerage_customers",
        {},
        {"n_core": 10, "n_regular": 50, "n_inactive": 30, "rng": 1},
    ),
    "datasets.simulate_customer_profits": _call(
        "datasets.simulate_customer_profits", {"n_customers": 100}, {"rng": 1}
    ),
    "datasets.simulate_kano_survey": _call(
        "datasets.simulate_kano_survey",
        {"n_respondents": 20},
        {"categories": ["A", "M"], "rng": 1},
    ),
    "datasets.simulate_likert_survey": _call(
        "datasets.simulate_likert_survey", {"n_respondents": 30}, {"rng": 7}
    ),
    "datasets.simulate_nps_survey": _call(
        "datasets.simulate_nps_survey", {"n_respondents": 30}, {"rng": 5}
    ),
    "datasets.simulate_retail_customers": _call(
        "datasets.simulate_retail_customers", {"n_customers": 10}, {"rng": 1}
    ),
    "datasets.simulate_satisfaction_loyalty": _call(
        "datasets.simulate_satisfaction_loyalty", {"n_customers": 100}, {"rng": 3}
    ),
    "datasets.simulate_sbg_survivors": _call(
        "datasets.simulate_sbg_survivors",
        lambda: {"cohort_size": 1000, "model": _sbg()},
        {"periods": 4, "rng": 0},
    ),
    "datasets.simulate_spend": _call(
        "datasets.simulate_spend",
        lambda: {"frequency": [0.0, 3.0, 1.0], "model": _gg()},
        {"rng": 0},
        numeric=("frequency",),
    ),
    "datasets.simulate_survey": _call(
        "datasets.simulate_survey",
        lambda: {"model": _pls_setup()[0]},
        {"n": 20, "paths": 0.5, "loadings": 0.8, "rng": 0},
    ),
    "datasets.simulate_transaction_log": _call(
        "datasets.simulate_transaction_log",
        lambda: {"n_customers": 3, "model": _f("btyd.BetaGeo")(2.0, 4.0, 0.5, 4.0)},
        lambda: {"spend_model": _gg(), "rng": 1},
    ),
    # ---- plotting ------------------------------------------------------
    "plotting.calibration_holdout": _call(
        "plotting.calibration_holdout",
        lambda: {"model": _bg(), **FEW, "frequency_holdout": [0.0, 1.0, 4.0, 0.0]},
        {"duration_holdout": 39.0},
        data_names=("model", "frequency", "recency", "T", "frequency_holdout"),
        numeric=("frequency", "recency", "T", "frequency_holdout"),
        rows=("frequency", "recency", "T", "frequency_holdout"),
        free_options=("unit",),  # the time unit's name, shown in axis labels
    ),
    "plotting.frequency_recency_matrix": _call(
        "plotting.frequency_recency_matrix",
        lambda: {"model": _bg()},
        {"T": 39.0, "max_frequency": 5},
        free_options=("unit",),  # the time unit's name, shown in axis labels
    ),
    "plotting.p_alive_matrix": _call(
        "plotting.p_alive_matrix",
        lambda: {"model": _bg()},
        {"T": 39.0, "max_frequency": 5},
        free_options=("unit",),  # the time unit's name, shown in axis labels
    ),
    "plotting.ipma_plot": _call("plotting.ipma_plot", lambda: {"table": _ipma_table()}),
    "plotting.lorenz_curve": _call(
        "plotting.lorenz_curve", lambda: {"concentration": _concentration()}
    ),
    "plotting.path_diagram": _call("plotting.path_diagram", lambda: {"model": _pls_setup()[0]}),
    "plotting.pyramid_chart": _call("plotting.pyramid_chart", lambda: {"summary": _tier_table()}),
    "plotting.satisfaction_loyalty_curve": _call(
        "plotting.satisfaction_loyalty_curve", lambda: {"curve": _sat_curve()}
    ),
    "plotting.plot_period_transactions": _call(
        "plotting.plot_period_transactions",
        lambda: {"result": _f("btyd.period_transactions")(_bg_fit(), **_rft())},
    ),
    "plotting.plot_tracking": _call(
        "plotting.plot_tracking",
        lambda: {
            "result": _f("btyd.tracking_curves")(
                _bg(), _log(), customer="customer", date="date", observation_end="2024-01-14"
            )
        },
        free_options=("time_unit",),  # the time unit's name, shown in axis labels
    ),
    "plotting.plot_calibration_holdout": _call(
        "plotting.plot_calibration_holdout",
        lambda: {
            "result": _f("btyd.calibration_holdout")(_bg(), _holdout_summary(), max_frequency=3)
        },
    ),
    # ---- dask (sufficient statistics on partitioned data) --------------
    # The data are Dask collections, which the generic bad-input and label
    # checks (built on numpy and pandas values) do not construct; the
    # module's own tests check its refusals.
    "dask.DistributedTiers": R,
    "dask.rfm_summary": _call(
        "dask.rfm_summary",
        lambda: {"transactions": _dask(_log())},
        {
            "customer": "customer",
            "date": "date",
            "value": "amount",
            "observation_end": "2024-01-14",
        },
    ),
    "dask.compress": _call("dask.compress", lambda: {"summary": _dask_summary()}),
    "dask.spend_patterns": _call("dask.spend_patterns", lambda: {"summary": _dask_summary()}),
    "dask.predict": _call(
        "dask.predict",
        lambda: {"model": _bg(), "summary": _dask_summary()},
        {"quantity": "p_alive"},
        data_names=("model", "summary"),
    ),
    "dask.moments": _call("dask.moments", lambda: {"data": _dask(_pls_setup()[1])}),
    "dask.nps": _call("dask.nps", lambda: {"scores": _dask(pd.DataFrame({"s": NPS_SCORES}))["s"]}),
    "dask.assign_tiers": _call(
        "dask.assign_tiers", lambda: {"values": _dask(pd.DataFrame({"v": SALES}))["v"]}
    ),
    "dask.concentration": _call(
        "dask.concentration", lambda: {"values": _dask(pd.DataFrame({"v": SALES}))["v"]}
    ),
    "dask.DistributedTiers.labels": _method(
        lambda: _f("dask.assign_tiers")(_dask(pd.DataFrame({"v": SALES}))["v"]),
        "labels",
        lambda: {"values": _dask(pd.DataFrame({"v": SALES}))["v"]},
    ),
    "plotting.ahp_weights": _call(
        "plotting.ahp_weights",
        lambda: {"result": _f("scoring.ahp.weights")(_pairwise())},
    ),
    "plotting.kano_better_worse": _call(
        "plotting.kano_better_worse",
        lambda: {"summary": _f("satisfaction.kano_summary")(KANO_F, KANO_D)},
    ),
    "plotting.nps_by_segment": _call(
        "plotting.nps_by_segment", lambda: {"table": _nps_segments().to_frame()}
    ),
    # ---- exceptions ----------------------------------------------------
    **{
        f"exceptions.{name}": Kind.EXCEPTION
        for name in (
            "ConvergenceError",
            "ConvergenceWarning",
            "CustvalueWarning",
            "DegenerateDataWarning",
        )
    },
    # ---- scoring.ahp ---------------------------------------------------
    "scoring.ahp.RANDOM_INDEX": Kind.CONSTANT,
    **{
        f"scoring.ahp.{name}": R
        for name in (
            "AHPResult",
            "CompletedMatrix",
            "ConsistencyReport",
            "GroupResult",
            "SynthesisResult",
        )
    },
    "scoring.ahp.WeightSensitivity": R,
    "scoring.ahp.weight_sensitivity": _call(
        "scoring.ahp.weight_sensitivity",
        {"priorities": [[0.7, 0.4], [0.3, 0.6]], "weights": [0.6, 0.4]},
        {"alternatives": ["A", "B"], "criteria": ["price", "service"]},
        numeric=("priorities", "weights"),
    ),
    "scoring.ahp.PairwiseMatrix": _call(
        "scoring.ahp.PairwiseMatrix",
        {"values": [[1.0, 3.0], [1 / 3, 1.0]]},
        {"labels": ["price", "quality"]},
        data_names=("values",),
        numeric=("values",),
    ),
    "scoring.ahp.PairwiseMatrix.from_upper": _method(
        _cls("scoring.ahp.PairwiseMatrix"),
        "from_upper",
        {"values": [3.0, 5.0, 2.0]},
        {"labels": ["price", "quality", "service"]},
        numeric=("values",),
    ),
    "scoring.ahp.PairwiseMatrix.from_judgments": _method(
        _cls("scoring.ahp.PairwiseMatrix"),
        "from_judgments",
        {
            "judgments": {
                ("price", "quality"): 3.0,
                ("price", "service"): 5.0,
                ("quality", "service"): 2.0,
            }
        },
    ),
    "scoring.ahp.Hierarchy": _call(
        "scoring.ahp.Hierarchy",
        lambda: {"name": "leader", "children": ["experience", "education"]},
        {"local_weights": [0.6, 0.4]},
    ),
    "scoring.ahp.Hierarchy.from_tree": _method(
        _cls("scoring.ahp.Hierarchy"),
        "from_tree",
        {"tree": ("value", ["profit", "loyalty"])},
    ),
    "scoring.ahp.Hierarchy.find": _method(_hierarchy, "find", {"name": "age"}),
    "scoring.ahp.Hierarchy.with_judgments": _method(
        _hierarchy,
        "with_judgments",
        {"node": "leader", "comparisons": [4.0, 3.0, 7.0, 1 / 3, 3.0, 5.0]},
    ),
    "scoring.ahp.Hierarchy.with_weights": _method(
        _hierarchy,
        "with_weights",
        {"node": "leader", "local_weights": [0.4, 0.3, 0.2, 0.1]},
        numeric=("local_weights",),
    ),
    "scoring.ahp.Hierarchy.synthesize": _method(_hierarchy, "synthesize", _alternatives),
    "scoring.ahp.aggregate": _call(
        "scoring.ahp.aggregate",
        {"matrices": [[[1.0, 4.0], [1 / 4, 1.0]], [[1.0, 1.0], [1.0, 1.0]]]},
        numeric=("matrices",),
    ),
    "scoring.ahp.complete": _call(
        "scoring.ahp.complete",
        {"matrix_with_missing": [[1.0, 2.0, None], [1 / 2, 1.0, 2.0], [None, 1 / 2, 1.0]]},
    ),
    "scoring.ahp.random_index": _call("scoring.ahp.random_index", {"n": 4}, numeric=("n",)),
    "scoring.ahp.weights": _call(
        "scoring.ahp.weights",
        lambda: {"matrix": _f("scoring.ahp.PairwiseMatrix").from_upper(DRINKS, labels=DRINK_NAMES)},
    ),
    # ---- scoring.index -------------------------------------------------
    "scoring.index.TopsisResult": R,
    "scoring.index.ValueIndex": R,
    **{
        f"scoring.index.{name}": _call(f"scoring.index.{name}", {}, data_names=())
        for name in (
            "bank_hierarchy",
            "distributor_hierarchy",
            "organisational_hierarchy",
            "retail_hierarchy",
        )
    },
    "scoring.index.topsis": _call(
        "scoring.index.topsis",
        {"data": MATRIX, "weights": [0.5, 0.3, 0.2]},
        {"directions": ["cost", "benefit", "benefit"]},
        numeric=("data", "weights"),
        rows=("data",),
    ),
    "scoring.index.value_index": _call(
        "scoring.index.value_index",
        {"data": MATRIX, "weights_or_hierarchy": [0.5, 0.3, 0.2]},
        numeric=("data",),
        rows=("data",),
    ),
    "scoring.index.ValueIndex.by_segment": _method(
        lambda: _f("scoring.index.value_index")(MATRIX, [0.5, 0.3, 0.2]),
        "by_segment",
        {"segments": ["new", "loyal", "loyal", "new"]},
    ),
    # ---- scoring.normalize / rfm / weights -----------------------------
    "scoring.normalize.NormalizeMethod": Kind.ALIAS,
    "scoring.normalize.normalize": _call(
        "scoring.normalize.normalize",
        {"data": MATRIX},
        {"directions": ["cost", "benefit", "benefit"]},
        numeric=("data",),
        rows=("data",),
    ),
    "scoring.rfm.SEGMENTS": Kind.CONSTANT,
    "scoring.rfm.RFMScores": R,
    "scoring.rfm.rfm_scores": _call(
        "scoring.rfm.rfm_scores",
        {
            "time_since_last_purchase": [5.0, 40.0, 90.0, 10.0, 200.0, 7.0],
            "frequency": [12.0, 3.0, 1.0, 8.0, 1.0, 5.0],
            "monetary": [900.0, 150.0, 40.0, 700.0, 60.0, 300.0],
        },
        {"bins": 3},
        numeric=("time_since_last_purchase", "frequency", "monetary"),
        rows=("time_since_last_purchase", "frequency", "monetary"),
    ),
    "scoring.weights.EntropyWeights": R,
    "scoring.weights.combine_weights": _call(
        "scoring.weights.combine_weights",
        {"subjective": [0.5, 0.3, 0.2], "objective": [0.2, 0.3, 0.5]},
        numeric=("subjective", "objective"),
    ),
    "scoring.weights.entropy_weights": _call(
        "scoring.weights.entropy_weights",
        {"data": MATRIX},
        {"directions": ["cost", "benefit", "benefit"]},
        numeric=("data",),
        rows=("data",),
    ),
}

# ---------------------------------------------------------------------------
# known violations, per name and check, while their modules are converted
# ---------------------------------------------------------------------------

#: ``"name::check"`` -> what is wrong. Only for modules whose conversion to
#: the contract is in progress; each entry is ``xfail(strict=True)``, so a
#: fixed violation fails until its entry is deleted. The list must reach zero.
SERIES_NAME = "Series answer named after the input, not the quantity"

KNOWN_VIOLATIONS: dict[str, str] = {}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _invoke(fn: Callable[..., Any], data: Mapping[str, Any], options: Mapping[str, Any]) -> Any:
    """``fn(**data, **options)``; data for a ``*args`` parameter is given as a tuple."""
    params = inspect.signature(fn).parameters.values()
    star = next((p.name for p in params if p.kind is inspect.Parameter.VAR_POSITIONAL), None)
    if star is None or star not in data:
        return fn(**data, **options)
    args = [data[p.name] for p in params if p.kind in _POSITIONAL and p.name in data]
    return fn(*args, *data[star], **options)


_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _run(fn: Callable[..., Any], data: Mapping[str, Any], options: Mapping[str, Any]) -> Any:
    """Call with every warning an error, closing any figure drawn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return _invoke(fn, data, options)
        finally:
            if "matplotlib.pyplot" in __import__("sys").modules:
                import matplotlib.pyplot as plt

                plt.close("all")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def _n_rows(value: Any) -> int:
    if isinstance(value, (pd.Series, pd.DataFrame)):
        return len(value)
    return int(np.shape(np.asarray(value, dtype=object))[0])


def _labels(n: int) -> pd.Index:
    return pd.Index([f"c{i}" for i in range(n)])


def _as_pandas(value: Any, labels: pd.Index) -> Any:
    """``value`` as a Series / DataFrame over ``labels`` (named SENTINEL)."""
    if isinstance(value, pd.Series):
        return pd.Series(value.to_numpy(), index=labels, name=SENTINEL)
    if isinstance(value, pd.DataFrame):
        return value.set_axis(labels, axis=0)
    if hasattr(value, "with_index"):  # e.g. pyramid Tiers carry their own index
        return value.with_index(labels)
    arr = np.asarray(value, dtype=object if _has_text(value) else None)
    if arr.ndim == 1:
        return pd.Series(arr, index=labels, name=SENTINEL)
    return pd.DataFrame(arr, index=labels, columns=[f"v{j}" for j in range(arr.shape[1])])


def _has_text(value: Any) -> bool:
    try:
        arr = np.asarray(value, dtype=object)
    except ValueError:
        return True
    return any(isinstance(v, str) or v is None for v in arr.ravel())


def _can_label(value: Any) -> bool:
    if isinstance(value, (pd.Series, pd.DataFrame)):
        return True
    try:
        return np.ndim(np.asarray(value, dtype=object)) in (1, 2)
    except ValueError:
        return False


def _replace(value: Any, new: Any) -> Any:
    """``value`` with its second element (or only one) replaced by ``new``."""
    if _is_number(value):
        return new
    dtype = object if isinstance(new, str) else np.float64
    if isinstance(value, pd.DataFrame):
        frame = value.astype(dtype)
        frame.iloc[min(1, len(frame) - 1), 0] = new
        return frame
    if isinstance(value, pd.Series):
        series = value.astype(dtype)
        series.iloc[min(1, len(series) - 1)] = new
        return series
    arr = np.array(value, dtype=dtype)
    flat = arr.reshape(-1)
    flat[min(1, flat.size - 1)] = new
    return arr


def _empty(value: Any) -> Any:
    if isinstance(value, (pd.Series, pd.DataFrame)):
        return value.iloc[:0]
    if _is_number(value):
        return []
    return np.asarray(value, dtype=np.float64)[:0]


def _extra_dimension(value: Any) -> Any:
    if _is_number(value):
        return None
    arr = np.asarray(value, dtype=np.float64)
    return np.stack([arr, arr], axis=-1 if arr.ndim else 0)


def _names(message: str, name: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", message) is not None


def _refusal(
    fn: Callable[..., Any], data: dict[str, Any], options: dict[str, Any], name: str
) -> str | None:
    """None when the call raises ValueError/TypeError naming ``name``, else what happened."""
    try:
        _run(fn, data, options)
    except (ValueError, TypeError) as exc:
        if _names(str(exc), name):
            return None
        return f"{type(exc).__name__} without the name {name!r}: {exc}"
    except Exception as exc:
        return f"{type(exc).__name__} instead of ValueError/TypeError: {exc}"
    return "accepted"


def _same(a: Any, b: Any) -> bool:
    """Equal answers up to rounding of a different summation order."""
    if isinstance(a, pd.Series) and isinstance(b, pd.Series):
        try:
            pd.testing.assert_series_equal(a, b, check_exact=False, rtol=1e-12)
        except AssertionError:
            return False
        return True
    if _is_number(a) and _is_number(b):
        return math.isclose(float(a), float(b), rel_tol=1e-12) or (
            math.isnan(float(a)) and math.isnan(float(b))
        )
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype.kind == "f":
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-12, atol=0, equal_nan=True))
    return values_equal(a, b)


def _comparable(value: Any) -> bool:
    """Whether the input-change check can compare ``value`` (not a lazy Dask collection)."""
    return not type(value).__module__.startswith("dask")


def _deep_equal(a: Any, b: Any) -> bool:
    """Value equality that looks inside attrs objects field by field."""
    if attrs.has(type(a)):
        return type(a) is type(b) and all(
            _deep_equal(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(type(a))
        )
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_deep_equal(a[k], b[k]) for k in a)
    return values_equal(a, b)


def _param(name: str, check: str) -> Any:
    key = f"{name}::{check}"
    marks = ()
    if key in KNOWN_VIOLATIONS:
        marks = (pytest.mark.xfail(strict=True, reason=KNOWN_VIOLATIONS[key]),)
    return pytest.param(name, id=name, marks=marks)


def _calls(check: str, where: Callable[[Call], bool] = lambda c: True) -> list[Any]:
    return [
        _param(name, check)
        for name, entry in sorted(REGISTRY.items())
        if isinstance(entry, Call) and where(entry)
    ]


def _entry(name: str) -> Call:
    entry = REGISTRY[name]
    assert isinstance(entry, Call)
    return entry


# ---------------------------------------------------------------------------
# the registry is complete and current
# ---------------------------------------------------------------------------


def test_registry_covers_every_public_name() -> None:
    public = set(public_names()) | set(public_methods())
    missing = sorted(public - set(REGISTRY))
    assert not missing, (
        "public names without a contract example; add each to REGISTRY in "
        f"tests/test_contract.py: {missing}"
    )


def test_registry_names_exist() -> None:
    public = set(public_names()) | set(public_methods())
    stale = sorted(set(REGISTRY) - public)
    assert not stale, f"REGISTRY entries that are no longer public: {stale}"


def test_known_violations_name_registered_checks() -> None:
    checks = {
        "signature",
        "call",
        "bad_input",
        "labels",
        "scalar",
        "permutation",
        "result",
        "constant",
        "label_errors",
        "options",
        "randomness",
        "degenerate",
    }
    for key in KNOWN_VIOLATIONS:
        name, _, check = key.partition("::")
        assert name in REGISTRY, key
        assert check in checks, key


def test_counts() -> None:
    # the size of the surface under contract (reported in the changelog)
    calls = [n for n, e in REGISTRY.items() if isinstance(e, Call)]
    results = [n for n, e in REGISTRY.items() if e == Kind.RESULT]
    assert len(calls) >= 100
    assert len(results) >= 40


# ---------------------------------------------------------------------------
# signatures
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", _calls("signature"))
def test_signature(name: str) -> None:
    entry = _entry(name)
    fn, _, _ = entry.make()
    params = list(inspect.signature(fn).parameters.values())
    problems = []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    data = [
        p.name for p in params if p.kind in positional or p.kind is inspect.Parameter.VAR_POSITIONAL
    ]
    if data != list(entry.data):
        problems.append(f"positional parameters {data}, expected the data {list(entry.data)}")
    for p in params:
        if p.name in entry.data:
            continue
        if p.kind not in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD):
            problems.append(f"option {p.name!r} is not keyword-only")
    assert not problems, "; ".join(problems)


# ---------------------------------------------------------------------------
# valid calls
# ---------------------------------------------------------------------------


@cache
def _answer(name: str) -> Any:
    fn, data, options = _entry(name).make()
    return _run(fn, data, options)


@pytest.mark.parametrize("name", _calls("call"))
def test_valid_call_gives_no_warning_and_leaves_inputs_alone(name: str) -> None:
    fn, data, options = _entry(name).make()
    given = {k: v for k, v in {**data, **options}.items() if _comparable(v)}
    before = {k: _copied(v) for k, v in given.items()}
    answer = _run(fn, data, options)
    changed = [k for k, v in given.items() if not _deep_equal(v, before[k])]
    assert not changed, f"the call changed its inputs {changed}"
    # one number comes back as a Python float (or int, bool), never a numpy scalar
    assert not isinstance(answer, np.generic), f"the answer is a numpy {type(answer).__name__}"


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


def _bad_inputs(entry: Call, data: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(argument, what, data) for each bad variant of each numeric argument."""
    for name in entry.numeric:
        if name not in data:
            continue
        value = data[name]
        variants: dict[str, Any] = {
            "NaN": _replace(value, math.nan),
            "infinity": _replace(value, math.inf),
            "text": _replace(value, "abc"),
            "empty": _empty(value),
        }
        if not entry.any_shape:
            extra = _extra_dimension(value)
            if extra is not None:
                variants["an extra dimension"] = extra
        if (
            name in entry.rows
            and len([r for r in entry.rows if r in data]) > 1
            and not _is_number(value)
        ):
            variants["one row fewer"] = (
                value[:-1] if not isinstance(value, (pd.Series, pd.DataFrame)) else value.iloc[:-1]
            )
        for what, bad in variants.items():
            if what not in entry.accepts:
                yield name, what, {**data, name: bad}


@pytest.mark.parametrize("name", _calls("bad_input", lambda c: bool(c.numeric)))
def test_bad_input_is_refused_naming_the_argument(name: str) -> None:
    entry = _entry(name)
    fn, data, options = entry.make()
    problems = []
    for arg, what, bad in _bad_inputs(entry, data):
        outcome = _refusal(fn, bad, options, arg)
        if outcome is not None:
            problems.append(f"{arg} with {what}: {outcome}")
    assert not problems, "\n".join(problems)


def _bad_option(default: Any) -> Any:
    """A value of the wrong kind, or an unknown word, for an option with this default."""
    if isinstance(default, bool):
        return "yes"  # a flag given as text
    if isinstance(default, (int, float)):
        return "abc"
    if isinstance(default, str):
        return "no-such-choice"
    return None


@pytest.mark.parametrize("name", _calls("options"))
def test_options_are_checked_when_given(name: str) -> None:
    # each keyword-only option with a default, given a value of the wrong
    # kind (or an unknown word), is refused at once, naming the option
    entry = _entry(name)
    fn, data, options = entry.make()
    problems = []
    for p in inspect.signature(fn).parameters.values():
        if p.kind is not inspect.Parameter.KEYWORD_ONLY or p.name in entry.free_options:
            continue
        bad = _bad_option(p.default)
        if bad is None:
            continue
        outcome = _refusal(fn, data, {**options, p.name: bad}, p.name)
        if outcome is not None:
            problems.append(f"{p.name}={bad!r}: {outcome}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "name",
    _calls("randomness", lambda c: "rng" in inspect.signature(c.make()[0]).parameters),
)
def test_same_seed_same_answer(name: str) -> None:
    # randomness only through rng: one seed, one answer; and results do not
    # depend on the number of workers
    fn, data, options = _entry(name).make()
    seeded = {**options, "rng": 20240601}
    first = _run(fn, data, seeded)
    assert _deep_equal(_run(fn, data, seeded), first), "two calls with one seed differ"
    if "workers" in inspect.signature(fn).parameters:
        assert _deep_equal(_run(fn, data, {**seeded, "workers": 2}), first), (
            "workers=2 gives another answer than workers=1"
        )


def _identical(value: Any) -> Any:
    """Every row equal to the first (identical customers, no change over time)."""
    arr = np.asarray(value, dtype=np.float64)
    return np.broadcast_to(arr[:1], arr.shape).copy()


@pytest.mark.parametrize(
    "name", [_param(n, "degenerate") for n in sorted(REGISTRY) if n.endswith(".fit")]
)
def test_degenerate_data_are_not_a_silent_fit(name: str) -> None:
    # identical customers (or a cohort that never changes) leave the model
    # unidentified: a fit must refuse them or warn, never report a quiet
    # "converged" optimum
    from custvalue.exceptions import ConvergenceError, CustvalueWarning

    entry = _entry(name)
    fn, data, options = entry.make()
    flat = {k: (_identical(v) if k in entry.numeric else v) for k, v in data.items()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = _invoke(fn, flat, options)
        except (ValueError, ConvergenceError):
            return
    ours = [w for w in caught if issubclass(w.category, CustvalueWarning)]
    assert ours, f"identical data gave a fit without error or warning: {fit!r}"


# ---------------------------------------------------------------------------
# pandas labels
# ---------------------------------------------------------------------------


def _labelled(entry: Call, data: dict[str, Any]) -> tuple[dict[str, Any], pd.Index, list[str]]:
    rows = [r for r in entry.rows if r in data and _can_label(data[r])]
    n = _n_rows(data[rows[0]])
    labels = _labels(n)
    out = dict(data)
    for r in rows:
        out[r] = _as_pandas(data[r], labels)
    return out, labels, rows


@pytest.mark.parametrize("name", _calls("labels", lambda c: bool(c.rows)))
def test_pandas_inputs_pair_by_label(name: str) -> None:
    entry = _entry(name)
    fn, data, options = entry.make()
    labelled, labels, rows = _labelled(entry, data)
    problems = []
    answer = _run(fn, labelled, options)
    if entry.per_row:
        if not isinstance(answer, pd.Series):
            problems.append(f"Series in gave {type(answer).__name__}, not a Series")
        else:
            if not answer.index.equals(labels):
                problems.append("the answer lost the input's index")
            if answer.name == SENTINEL or not isinstance(answer.name, str) or not answer.name:
                problems.append(
                    f"the answer is named {answer.name!r}, not after the quantity computed"
                )
    first = rows[0]
    for other in rows[1:]:
        value = labelled[other]
        reordered = {**labelled, other: value.iloc[::-1]}
        try:
            again = _run(fn, reordered, options)
        except Exception as exc:
            problems.append(f"{other} in another order raised {type(exc).__name__}: {exc}")
        else:
            # a figure cannot be compared; that it is drawn without error is the check
            figure = type(answer).__module__.startswith("matplotlib")
            if not figure and not _same(answer, again):
                problems.append(f"{other} in another order changed the answer (paired by position)")
        foreign = value.set_axis([*labels[:-1], "zz_foreign"], axis=0)
        outcome = _mismatch(fn, {**labelled, other: foreign}, options, first, other)
        if outcome is not None:
            problems.append(f"{other} with a foreign label: {outcome}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "name", _calls("label_errors", lambda c: bool(set(c.rows) & set(c.numeric)))
)
def test_errors_give_the_callers_label(name: str) -> None:
    # NaN in row 'c1' of a labelled input: the message names the argument
    # and the caller's label 'c1', not the position
    entry = _entry(name)
    fn, data, options = entry.make()
    labelled, _, rows = _labelled(entry, data)
    problems = []
    for arg in rows:
        if arg not in entry.numeric or "NaN" in entry.accepts:
            continue
        bad = {**labelled, arg: _replace(labelled[arg], math.nan)}
        try:
            _run(fn, bad, options)
        except (ValueError, TypeError) as exc:
            text = str(exc)
            if not (_names(text, arg) and "'c1'" in text):
                problems.append(f"{arg}: the message does not name {arg!r} and label 'c1': {text}")
        except Exception as exc:
            problems.append(f"{arg}: {type(exc).__name__} instead of ValueError: {exc}")
        else:
            problems.append(f"{arg}: NaN at label 'c1' accepted")
    assert not problems, "\n".join(problems)


def _mismatch(
    fn: Callable[..., Any], data: dict[str, Any], options: dict[str, Any], first: str, other: str
) -> str | None:
    try:
        _run(fn, data, options)
    except ValueError as exc:
        text = str(exc)
        if _names(text, first) and _names(text, other) and re.search("zz_foreign|'c\\d+'", text):
            return None
        return f"ValueError not naming {first!r}, {other!r} and the label: {text}"
    except Exception as exc:
        return f"{type(exc).__name__} instead of ValueError: {exc}"
    return "accepted"


# ---------------------------------------------------------------------------
# scalars and row permutations
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", _calls("scalar", lambda c: c.scalar))
def test_scalars_give_floats(name: str) -> None:
    entry = _entry(name)
    fn, data, options = entry.make()
    array_answer = _run(fn, data, options)
    scalars = {
        k: (float(np.asarray(v, dtype=np.float64)[0]) if k in entry.rows else v)
        for k, v in data.items()
    }
    answer = _run(fn, scalars, options)
    assert type(answer) is float, f"scalars gave {type(answer).__name__}"
    if entry.per_row:
        first = float(np.asarray(array_answer, dtype=np.float64)[0])
        assert math.isclose(answer, first, rel_tol=1e-12), (answer, first)


_PERMUTED = _calls("permutation", lambda c: c.per_row and bool(c.rows))


@pytest.mark.parametrize("name", _PERMUTED)
@settings(max_examples=20)  # each example is two calls; 20 orders per function suffice
@given(seed=st.integers(0, 2**32 - 1))
def test_row_order_does_not_matter(name: str, seed: int) -> None:
    entry = _entry(name)
    fn, data, options = entry.make()
    labelled, labels, rows = _labelled(entry, data)
    answer = _run(fn, labelled, options)
    order = np.random.default_rng(seed).permutation(len(labels))
    shuffled = {**labelled, **{r: labelled[r].iloc[order] for r in rows}}
    again = _run(fn, shuffled, options)
    assert isinstance(again, pd.Series)
    assert again.index.equals(labels[order])
    assert _same(again.reindex(labels), answer)


# ---------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------


def _walk(value: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """Every custvalue value reachable from ``value`` (results, nested results, specs)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    ours = type(value).__module__.startswith("custvalue")
    if ours and not hasattr(type(value), "_member_map_") and not isinstance(value, Mapping):
        yield value
    if attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            yield from _walk(getattr(value, f.name), seen)
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _walk(v, seen)
    elif isinstance(value, (tuple, list)):
        for v in value[:5]:
            yield from _walk(v, seen)


@cache
def _instances() -> dict[type, Any]:
    """One instance of each result type the registry's calls produce."""
    found: dict[type, Any] = {}
    for name, entry in sorted(REGISTRY.items()):
        if not isinstance(entry, Call):
            continue
        try:
            answer = _answer(name)
            owner = getattr(entry.make()[0], "__self__", None)
        except Exception:
            continue
        for value in (*_walk(answer), *_walk(owner)):
            found.setdefault(type(value), value)
    for value in list(found.values()):
        for produce in _PRODUCERS:
            try:
                extra = produce(value)
            except Exception:
                continue
            for item in _walk(extra):
                found.setdefault(type(item), item)
    return found


#: Further results reached from results: their intervals and reports.
_PRODUCERS: tuple[Callable[[Any], Any], ...] = (
    lambda r: r.confidence_interval(),
    lambda r: r.consistency_report(),
)


def _result_types() -> list[Any]:
    """Registered result types, and public attrs classes built directly (models, specs)."""
    names = public_names()
    chosen = [
        n
        for n, e in sorted(REGISTRY.items())
        if n in names
        and (
            e == Kind.RESULT
            or (isinstance(e, Call) and inspect.isclass(names[n]) and attrs.has(names[n]))
        )
    ]
    return [_param(n, "result") for n in chosen]


def _mutable(value: Any) -> str | None:
    """What in ``value`` can be changed in place, or None."""
    if isinstance(value, np.ndarray):
        return "a writable array" if value.flags.writeable and value.size else None
    if isinstance(value, pd.Series):
        if len(value) == 0:
            return None
        try:
            value.iloc[0] = value.iloc[0]
        except (ValueError, TypeError):
            return None
        return "a writable Series"
    if isinstance(value, pd.DataFrame):
        if value.size == 0:
            return None
        try:
            value.iloc[0, 0] = value.iloc[0, 0]
        except (ValueError, TypeError):
            return None
        return "a writable DataFrame"
    if isinstance(value, (dict, list, set)):
        return f"a {type(value).__name__}"
    if isinstance(value, Mapping):
        return next((m for v in value.values() if (m := _mutable(v))), None)
    if isinstance(value, tuple):
        return next((m for v in value if (m := _mutable(v))), None)
    return None


def _result_problems(result: Any, *, spec: bool = False) -> list[str]:
    """What keeps ``result`` from being a value; ``spec``: a model specification.

    A specification (built directly, e.g. a path model) must be an immutable,
    picklable value compared by value; a result must also derive from
    ResultMixin and report itself through ``to_dict()``.
    """
    problems: list[str] = []
    cls = type(result)
    if not spec and not isinstance(result, ResultMixin):
        problems.append("does not derive from ResultMixin")
    if attrs.has(cls):
        for f in attrs.fields(cls):
            value = getattr(result, f.name)
            what = _mutable(value)
            if what:
                problems.append(f"field {f.name} is {what}")
            if isinstance(value, np.generic):
                problems.append(f"field {f.name} is a numpy {type(value).__name__}, not a number")
    else:
        problems.append("is not an attrs class")
    for label, clone in (
        ("pickle", lambda x: pickle.loads(pickle.dumps(x))),
        ("deepcopy", copy.deepcopy),
    ):
        try:
            other = clone(result)
        except Exception as exc:
            problems.append(f"{label} fails: {type(exc).__name__}: {exc}")
            continue
        try:
            equal = other == result
        except Exception as exc:
            problems.append(f"== after {label} raises {type(exc).__name__}: {exc}")
            continue
        if equal is not True:
            problems.append(f"a {label} copy does not compare equal (== gave {equal!r})")
        if attrs.has(cls):
            for f in attrs.fields(cls):
                what = _mutable(getattr(other, f.name))
                if what:
                    problems.append(f"after {label}, field {f.name} is {what}")
                    break
    to_dict = getattr(result, "to_dict", None)
    if to_dict is None:
        if not spec:
            problems.append("has no to_dict()")
    else:
        try:
            text = json.dumps(to_dict(), allow_nan=False)
        except Exception as exc:
            problems.append(f"to_dict() is not JSON: {type(exc).__name__}: {exc}")
        else:
            from_dict = getattr(cls, "from_dict", None)
            if from_dict is not None:  # a stored model comes back equal, through JSON
                try:
                    again = from_dict(json.loads(text))
                except Exception as exc:
                    problems.append(f"from_dict(to_dict()) raises {type(exc).__name__}: {exc}")
                else:
                    if again != result:
                        problems.append("from_dict(to_dict()) is not equal to the original")
    summary = getattr(result, "summary", None)
    if summary is not None:
        if any(
            p.kind not in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD)
            for p in inspect.signature(summary).parameters.values()
        ):
            problems.append("summary() takes positional options")
        text = summary()
        if not isinstance(text, str):
            problems.append(f"summary() returns {type(text).__name__}, not str")
    to_frame = getattr(result, "to_frame", None)
    if to_frame is not None:
        try:
            frame = to_frame()
        except Exception as exc:
            problems.append(f"to_frame() raises {type(exc).__name__}: {exc}")
        else:
            if not isinstance(frame, pd.DataFrame):
                problems.append(f"to_frame() returns {type(frame).__name__}")
    interval = getattr(result, "confidence_interval", None)
    if interval is not None:
        params = inspect.signature(interval).parameters
        level = params.get("level")
        if level is None or level.kind is not inspect.Parameter.KEYWORD_ONLY:
            problems.append("confidence_interval has no keyword-only level")
        if any(p.kind is not inspect.Parameter.KEYWORD_ONLY for p in params.values()):
            problems.append("confidence_interval takes positional options")
        try:
            ci = interval(level=0.9) if level is not None else interval()
        except Exception as exc:
            problems.append(f"confidence_interval raises {type(exc).__name__}: {exc}")
        else:
            if not isinstance(ci, ConfidenceInterval):
                problems.append(f"confidence_interval returns {type(ci).__name__}")
            elif level is not None and ci.level != 0.9:
                problems.append(f"confidence_interval(level=0.9) reports level {ci.level}")
    return problems


@pytest.mark.parametrize("name", _result_types())
def test_result_type_is_a_value(name: str) -> None:
    cls = public_names()[name]
    instance = _instances().get(cls)
    assert instance is not None, (
        f"no registry call produces a {name}; give REGISTRY an example that returns one"
    )
    problems = _result_problems(instance, spec=REGISTRY[name] != Kind.RESULT)
    assert not problems, "\n".join(problems)


def test_every_attrs_type_produced_is_public_or_checked() -> None:
    # result types reachable from public calls but missing from every
    # __all__ still get the value checks, here
    problems = {}
    public = {obj for obj in public_names().values() if inspect.isclass(obj)}
    for cls, instance in _instances().items():
        if cls in public or not cls.__module__.startswith("custvalue"):
            continue
        found = _result_problems(instance)
        if found:
            problems[f"{cls.__module__}.{cls.__qualname__}"] = found
    assert not problems, json.dumps(problems, indent=1)


# ---------------------------------------------------------------------------
# constants
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", [_param(n, "constant") for n, e in sorted(REGISTRY.items()) if e == Kind.CONSTANT]
)
def test_constants_are_immutable(name: str) -> None:
    value = public_names()[name]
    kind = type(value).__name__
    assert isinstance(value, (tuple, frozenset, str, Mapping)), f"{name} is a {kind}"
    assert not isinstance(value, dict), f"{name} is a dict; use a FrozenDict"
    assert _mutable(value) is None
    pickle.loads(pickle.dumps(value))
