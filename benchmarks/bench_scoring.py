"""Scoring: batched AHP weights vs looping ahpy; value index on a million customers."""

from __future__ import annotations

import numpy as np

from benchmarks._harness import Case

_N_MATRICES = 10_000
_SCALE = np.array([1 / k for k in range(9, 1, -1)] + list(range(1, 10)), dtype=float)


def _random_matrices() -> tuple[np.ndarray, list[dict[tuple[str, str], float]]]:
    rng = np.random.default_rng(2024)
    n = 5
    iu = np.triu_indices(n, 1)
    upper = rng.choice(_SCALE, size=(_N_MATRICES, iu[0].size))
    stack = np.ones((_N_MATRICES, n, n))
    stack[:, iu[0], iu[1]] = upper
    stack[:, iu[1], iu[0]] = 1 / upper
    names = "abcde"
    pairs = [(names[i], names[j]) for i, j in zip(*iu, strict=True)]
    dicts = [dict(zip(pairs, row.tolist(), strict=True)) for row in upper]
    return stack, dicts


def _ours(state: object) -> object:
    from custvalue.scoring.ahp import weights

    stack, _ = state  # type: ignore[misc]
    res = weights(stack, random_index="donegan_dodd")
    return res.weights, res.consistency_ratio


def _ahpy(state: object) -> object:
    import ahpy

    _, dicts = state  # type: ignore[misc]
    w = np.empty((len(dicts), 5))
    cr = np.empty(len(dicts))
    for k, comparisons in enumerate(dicts):
        c = ahpy.Compare("m", comparisons, precision=10, random_index="dd")
        w[k] = [c.local_weights[x] for x in "abcde"]
        cr[k] = c.consistency_ratio
    return w, cr


def _agree(ours: object, ref: object) -> str:
    (w1, cr1), (w2, cr2) = ours, ref  # type: ignore[misc]
    dw = float(np.abs(np.asarray(w1) - np.asarray(w2)).max())
    dcr = float(np.abs(np.asarray(cr1) - np.asarray(cr2)).max())
    return f"max |dw| {dw:.1e}, max |dCR| {dcr:.1e}"


def _customers() -> object:
    rng = np.random.default_rng(7)
    data = rng.lognormal(mean=3.0, sigma=1.0, size=(1_000_000, 20))
    w = rng.uniform(0.5, 1.5, size=20)
    directions = ["cost" if j % 5 == 4 else "benefit" for j in range(20)]
    return data, w / w.sum(), directions


def _value_index(state: object) -> object:
    from custvalue.scoring.index import value_index

    data, w, directions = state  # type: ignore[misc]
    return value_index(data, w, directions=directions).score


def _bare_numpy(state: object) -> object:
    data, w, directions = state  # type: ignore[misc]
    cost = np.array([d == "cost" for d in directions])
    low, high = data.min(axis=0), data.max(axis=0)
    y = (data - low) / (high - low)
    y[:, cost] = 1 - y[:, cost]
    return y @ w


def _same_scores(ours: object, ref: object) -> str:
    return f"max |d score| {float(np.abs(np.asarray(ours) - np.asarray(ref)).max()):.1e}"


def cases() -> list[Case]:
    try:
        import ahpy  # noqa: F401

        reference, note = _ahpy, "ahpy.Compare per matrix (Donegan & Dodd RI)"
    except ImportError:
        reference, note = None, "ahpy not installed"
    return [
        Case(
            name="AHP weights + CR, 10,000 random 5x5",
            ours=_ours,
            setup=_random_matrices,
            reference=reference,
            reference_name="ahpy 2.1 (loop)",
            repeat=5,
            reference_repeat=1,
            target="ratio >= 100",
            note=note,
            check=_agree if reference is not None else None,
        ),
        Case(
            name="value_index, 1e6 customers x 20 indicators",
            ours=_value_index,
            setup=_customers,
            reference=_bare_numpy,
            reference_name="bare numpy min-max @ w",
            repeat=3,
            target="< 1 s",
            check=_same_scores,
        ),
    ]
