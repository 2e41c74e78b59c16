"""Write the k-fold PLSpredict reference files predict_kfold_{DA,EA}.csv.

Run with the Python port of seminr (PyPI ``seminr`` 0.2.1, pandas < 3):

    python tests/data/seminr/make_predict_reference.py

Model: the extended corporate-reputation model of seminr's
tests/testthat/test-plspredict.R (QUAL, PERF, CSOR, ATTR mode B -> COMP,
LIKE -> CUSA -> CUSL), data corp_rep_data.csv with -99 as missing and mean
replacement. Folds: the port's ``predict_pls(..., no_folds=10,
ordering=order)`` with ``order`` a fixed permutation of the rows; the fold
of each row (R's ``cut(seq(1, n), breaks=10)`` blocks over the permuted
order) is written next to its out-of-sample PLS and LM predictions so that
another implementation can reuse exactly these folds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import seminr

HERE = Path(__file__).parent
FOLDS = 10
ORDER_SEED = 20261205


def _r_cut_blocks(n: int, k: int) -> np.ndarray:
    """0-based block of each position 1..n for R's cut(seq(1, n), breaks=k)."""
    edges = np.linspace(1.0, float(n), k + 1)
    edges[0] -= (n - 1) / 1000
    edges[-1] += (n - 1) / 1000
    positions = np.arange(1, n + 1)
    # right-closed intervals (edges[j], edges[j + 1]]
    return np.searchsorted(edges, positions, side="left") - 1


def main() -> None:
    data = pd.read_csv(HERE / "corp_rep_data.csv")
    mm = seminr.constructs(
        seminr.composite("QUAL", seminr.multi_items("qual_", range(1, 9)), weights=seminr.mode_B),
        seminr.composite("PERF", seminr.multi_items("perf_", range(1, 6)), weights=seminr.mode_B),
        seminr.composite("CSOR", seminr.multi_items("csor_", range(1, 6)), weights=seminr.mode_B),
        seminr.composite("ATTR", seminr.multi_items("attr_", range(1, 4)), weights=seminr.mode_B),
        seminr.composite("COMP", seminr.multi_items("comp_", range(1, 4))),
        seminr.composite("LIKE", seminr.multi_items("like_", range(1, 4))),
        seminr.composite("CUSA", seminr.single_item("cusa")),
        seminr.composite("CUSL", seminr.multi_items("cusl_", range(1, 4))),
    )
    sm = seminr.relationships(
        seminr.paths(from_=["QUAL", "PERF", "CSOR", "ATTR"], to=["COMP", "LIKE"]),
        seminr.paths(from_=["COMP", "LIKE"], to=["CUSA", "CUSL"]),
        seminr.paths(from_=["CUSA"], to=["CUSL"]),
    )
    fit = seminr.estimate_pls(data, mm, sm, missing_value=-99)
    n = len(data)
    order = np.random.default_rng(ORDER_SEED).permutation(n)
    fold_of_row = np.empty(n, dtype=int)
    fold_of_row[order] = _r_cut_blocks(n, FOLDS)
    for name, technique in (("DA", seminr.predict_DA), ("EA", seminr.predict_EA)):
        pred = seminr.predict_pls(
            fit, technique=technique, no_folds=FOLDS, ordering=[int(i) for i in order]
        )
        items = pred.items
        pls = items.pls_out_of_sample
        lm = items.lm_out_of_sample
        out = pd.DataFrame({"row": np.arange(n), "fold": fold_of_row})
        for j, item in enumerate(pls.cols):
            out[f"pls_{item}"] = np.asarray(pls.values)[:, j]
        for j, item in enumerate(lm.cols):
            out[f"lm_{item}"] = np.asarray(lm.values)[:, j]
        out.to_csv(HERE / f"predict_kfold_{name}.csv", index=False, float_format="%.12g")


if __name__ == "__main__":
    main()
