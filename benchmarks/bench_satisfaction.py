"""Satisfaction measurement: Kano classification and summary, Likert tabulation.

No Python package implements Kano's evaluation, so the references are the
code a user would otherwise write: the bare numpy lookup (a lower bound) and a
tidy pandas pipeline (long format, merge with the evaluation table, crosstab).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks._harness import Case

_TABLE = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]
_CATS = ["A", "O", "M", "I", "R", "Q"]
_ENGLISH = np.array(["like", "must-be", "neutral", "live-with", "dislike"], dtype=object)


def _kano_codes(n_respondents: int, n_attributes: int = 20) -> tuple[Any, Any]:
    from custvalue.datasets import simulate_kano_survey

    cats = (_CATS[:4] * n_attributes)[:n_attributes]
    survey = simulate_kano_survey(n_respondents, categories=cats, rng=42)
    return survey.functional, survey.dysfunctional


def _ours_kano(state: Any) -> Any:
    """Classify every answer pair and summarise per attribute (one call does both)."""
    from custvalue.satisfaction import kano_summary

    f, d = state
    return kano_summary(f, d).counts


def _numpy_kano(state: Any) -> Any:
    f, d = state
    lookup = np.array([_CATS.index(c) for row in _TABLE for c in row], dtype=np.int8)
    cats = lookup[(f - 1) * 5 + (d - 1)]
    k = f.shape[1]
    flat = np.bincount((cats + 6 * np.arange(k)).ravel(), minlength=6 * k)
    return flat.reshape(k, 6)


def _pandas_kano(state: Any) -> Any:
    import pandas as pd

    f, d = state
    n, k = f.shape
    long = pd.DataFrame(
        {
            "attribute": np.tile(np.arange(k), n),
            "functional": f.ravel(),
            "dysfunctional": d.ravel(),
        }
    )
    table = pd.DataFrame(
        [(i + 1, j + 1, _TABLE[i][j]) for i in range(5) for j in range(5)],
        columns=["functional", "dysfunctional", "category"],
    )
    merged = long.merge(table, on=["functional", "dysfunctional"], how="left")
    counts = pd.crosstab(merged["attribute"], merged["category"])
    return counts.reindex(columns=_CATS, fill_value=0).to_numpy()


def _same_counts(ours: object, reference: object) -> str:
    ok = np.array_equal(np.asarray(ours), np.asarray(reference))
    return "counts identical" if ok else "COUNTS DIFFER"


def _text_state() -> Any:
    f, d = _kano_codes(50_000)
    return _ENGLISH[f - 1], _ENGLISH[d - 1]


def _pandas_text(state: Any) -> Any:
    import pandas as pd

    f, d = state
    codes = {name: i + 1 for i, name in enumerate(_ENGLISH)}
    fc = pd.DataFrame(f).apply(lambda col: col.map(codes)).to_numpy()
    dc = pd.DataFrame(d).apply(lambda col: col.map(codes)).to_numpy()
    return _pandas_kano((fc, dc))


def _categorical_state() -> Any:
    """1M respondents x 20 attributes as DataFrames of categorical columns, and
    the categorical codes themselves (taken in the setup, untimed)."""
    import pandas as pd

    f, d = _kano_codes(1_000_000)
    dtype = pd.CategoricalDtype(list(_ENGLISH))

    def frame(x: Any) -> Any:
        return pd.DataFrame(
            {f"a{j}": pd.Categorical.from_codes(x[:, j] - 1, dtype=dtype) for j in range(20)}
        )

    fdf, ddf = frame(f), frame(d)
    fc = np.column_stack([fdf[c].cat.codes.to_numpy() for c in fdf])
    dc = np.column_stack([ddf[c].cat.codes.to_numpy() for c in ddf])
    return fdf, ddf, fc, dc


def _ours_categorical(state: Any) -> Any:
    from custvalue.satisfaction import kano_summary

    return kano_summary(state[0], state[1]).counts


def _bincount_codes(state: Any) -> Any:
    # The floor: one bincount of the answer pairs, from codes already in hand.
    _, _, fc, dc = state
    k = fc.shape[1]
    pairs = (fc * 5 + dc).astype(np.intp) + 25 * np.arange(k)
    flat = np.bincount(pairs.ravel(), minlength=25 * k).reshape(k, 25)
    lookup = np.array([_CATS.index(c) for row in _TABLE for c in row])
    out = np.zeros((k, 6), dtype=np.int64)
    for pair in range(25):
        out[:, lookup[pair]] += flat[:, pair]
    return out


def _text_state_large() -> Any:
    f, d = _kano_codes(200_000)
    return _ENGLISH[f - 1], _ENGLISH[d - 1]


def _factorize_floor(state: Any) -> Any:
    # The floor for text: pandas' hash-based factorize of both answer tables,
    # the least any reading of 4M text answers must do.
    import pandas as pd

    f, d = state
    return (pd.factorize(f.ravel())[0], pd.factorize(d.ravel())[0])


def _no_check(ours: object, reference: object) -> str:
    return "floor computes codes only"


def _likert_state() -> Any:
    from custvalue.datasets import simulate_likert_survey

    return simulate_likert_survey(20_000, rng=1, missing_rate=0.02).responses


def _ours_likert(state: Any) -> Any:
    from custvalue.satisfaction import likert_summary

    s = likert_summary(state, missing="omit")
    return np.column_stack([s.mean, s.std, s.shares])


def _pandas_likert(state: Any) -> Any:
    import pandas as pd

    df = pd.DataFrame(state)
    stats = df.agg(["mean", "std"]).T.to_numpy()
    shares = np.column_stack([(df == p).sum() / df.notna().sum() for p in range(1, 6)])
    return np.column_stack([stats, shares])


def _close(ours: object, reference: object) -> str:
    ok = np.allclose(np.asarray(ours), np.asarray(reference), rtol=1e-10)
    return "agree to 1e-10" if ok else "RESULTS DIFFER"


def cases() -> list[Case]:
    return [
        Case(
            name="kano_summary, 1M pairs (50k x 20), codes",
            setup=lambda: _kano_codes(50_000),
            ours=_ours_kano,
            reference=_numpy_kano,
            reference_name="bare numpy lookup",
            target="< 1 s",
            check=_same_counts,
        ),
        Case(
            name="kano_summary, 1M pairs (50k x 20), codes",
            setup=lambda: _kano_codes(50_000),
            ours=_ours_kano,
            reference=_pandas_kano,
            reference_name="pandas merge + crosstab",
            target="< 1 s",
            repeat=3,
            check=_same_counts,
        ),
        Case(
            name="kano_summary, 1M pairs (50k x 20), English text",
            setup=_text_state,
            ours=_ours_kano,
            reference=_pandas_text,
            reference_name="pandas map + merge + crosstab",
            target="< 1 s",
            repeat=3,
            check=_same_counts,
        ),
        Case(
            name="kano_summary, 20M pairs (1M x 20), codes",
            setup=lambda: _kano_codes(1_000_000),
            ours=_ours_kano,
            reference=_numpy_kano,
            reference_name="bare numpy lookup",
            target="< 1 s",
            repeat=3,
            note="wider reading: 1M respondents, each answering 20 attributes",
            check=_same_counts,
        ),
        Case(
            name="kano_summary, 20M pairs (1M x 20), pandas Categorical",
            setup=_categorical_state,
            ours=_ours_categorical,
            reference=_bincount_codes,
            reference_name="np.bincount on the codes (floor)",
            repeat=3,
            target="ours <= 1.5x floor",
            check=_same_counts,
        ),
        Case(
            name="kano_summary, 4M pairs (200k x 20), English text",
            setup=_text_state_large,
            ours=_ours_kano,
            reference=_factorize_floor,
            reference_name="pd.factorize of both tables (floor)",
            repeat=3,
            target="ours <= 1.1x floor",
            check=_no_check,
        ),
        Case(
            name="likert_summary, 20k x 37 with 2% gaps",
            setup=_likert_state,
            ours=_ours_likert,
            reference=_pandas_likert,
            reference_name="pandas agg + eq/sum",
            target="ratio >= 1",
            check=_close,
        ),
    ]
