"""Analytic Hierarchy Process (层次分析法): pairwise comparisons, weights, consistency.

Judgments enter as a :class:`PairwiseMatrix` (a validated reciprocal matrix
with labels); :func:`weights` turns one matrix, or a whole stack of them, into
priorities and Saaty's consistency ratio; :func:`complete` fills missing
comparisons by Harker's method; :func:`aggregate` combines the judgments of a
group; :class:`Hierarchy` multiplies local weights down a tree of criteria and
scores alternatives.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Union

import attrs
import numpy as np
import numpy.typing as npt

from custvalue._results import FrozenDict, ResultMixin
from custvalue._validate import (
    FloatArray,
    align_by_label,
    as_float_array,
    as_scalar,
    check_option,
    is_dataframe,
    is_series,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "RANDOM_INDEX",
    "AHPResult",
    "CompletedMatrix",
    "ConsistencyReport",
    "GroupResult",
    "Hierarchy",
    "PairwiseMatrix",
    "SynthesisResult",
    "WeightSensitivity",
    "aggregate",
    "complete",
    "random_index",
    "weight_sensitivity",
    "weights",
]

PriorityMethod = Literal["eigen", "geometric", "column"]
RandomIndexTable = Literal["saaty1980", "saaty2005", "donegan_dodd", "alonso_lamata"]
Threshold = Union[float, Literal["saaty"]]  # noqa: UP007 (runtime alias, Python 3.10)

_METHODS: tuple[PriorityMethod, ...] = ("eigen", "geometric", "column")
_TABLES: tuple[RandomIndexTable, ...] = ("saaty1980", "saaty2005", "donegan_dodd", "alonso_lamata")

#: Random (consistency) indices RI by matrix order n, starting at n = 1.
#: Each table is the mean consistency index of random reciprocal matrices
#: with entries drawn from Saaty's scale 1/9 .. 9, as published:
#:
#: - ``saaty1980``: Saaty (1980), n = 1..10, the table printed in Chinese
#:   textbooks (0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49);
#: - ``saaty2005``: Saaty (2005, p. 31), n = 1..15, from larger samples;
#: - ``donegan_dodd``: Donegan & Dodd (1991), n = 1..20;
#: - ``alonso_lamata``: Alonso & Lamata (2006), n = 1..15, 500,000 matrices
#:   per order.
RANDOM_INDEX: Mapping[str, tuple[float, ...]] = FrozenDict(
    {
        name: tuple(float(x) for x in values.split())
        for name, values in {
            "saaty1980": "0 0 0.58 0.90 1.12 1.24 1.32 1.41 1.45 1.49",
            "saaty2005": "0 0 0.52 0.89 1.11 1.25 1.35 1.40 1.45 1.49 1.52 1.54 1.56 1.58 1.59",
            "donegan_dodd": "0 0 0.4914 0.8286 1.0591 1.1797 1.2519 1.3171 1.3733 1.4055 "
            "1.4213 1.4497 1.4643 1.4822 1.4969 1.5078 1.5153 1.5262 1.5313 1.5371",
            "alonso_lamata": "0 0 0.5245 0.8815 1.1086 1.2479 1.3417 1.4056 1.4499 1.4854 "
            "1.5141 1.5365 1.5551 1.5713 1.5838",
        }.items()
    }
)

_RECIPROCAL_RTOL = 0.02  # 0.33 typed for 1/3 passes; 0.3 for 1/3 does not


def random_index(n: int, *, table: RandomIndexTable = "saaty1980") -> float:
    """Saaty's random consistency index RI (平均随机一致性指标) for order ``n``.

    Parameters
    ----------
    n : int
        Order of the comparison matrix (number of elements compared), >= 1.
    table : {"saaty1980", "saaty2005", "donegan_dodd", "alonso_lamata"}
        Which published table to read; see :data:`RANDOM_INDEX`.

    Returns
    -------
    float
        RI(n); 0 for n = 1 and n = 2, whose reciprocal matrices are always
        consistent.

    Raises
    ------
    ValueError
        If ``n`` < 1 or the table stops before ``n``.

    Notes
    -----
    The tables differ because each is a Monte Carlo estimate from a different
    number of random matrices: Saaty's 1980 values (RI(3) = 0.58) are larger
    than the later estimates (0.52 in Saaty 2005, 0.5245 in Alonso & Lamata
    2006), so the same judgments give a somewhat smaller CR under the 1980
    table.

    References
    ----------
    .. [1] Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    .. [2] Saaty, T. L. (2005). *Theory and Applications of the Analytic Network
       Process*. RWS Publications, p. 31.
    .. [3] Donegan, H. A., & Dodd, F. J. (1991). A note on Saaty's random
       indexes. *Mathematical and Computer Modelling*, 15(10), 135-137.
    .. [4] Alonso, J. A., & Lamata, M. T. (2006). Consistency in the analytic
       hierarchy process: a new approach. *International Journal of
       Uncertainty, Fuzziness and Knowledge-Based Systems*, 14(4), 445-459.

    Examples
    --------
    >>> from custvalue.scoring.ahp import random_index
    >>> random_index(4), random_index(4, table="alonso_lamata")
    (0.9, 0.8815)
    """
    return _ri(n, table, "table")


def _ri(n: int, table: str, option: str = "random_index") -> float:
    name = check_option(table, option, _TABLES)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"n must be an integer; got {n!r}")
    values = RANDOM_INDEX[name]
    if n < 1:
        raise ValueError(f"n must be >= 1; got {n}")
    if n > len(values):
        raise ValueError(
            f"random_index table {name!r} covers n <= {len(values)}; got a matrix of order {n} "
            "(use 'saaty2005' or 'alonso_lamata' up to 15, 'donegan_dodd' up to 20)"
        )
    return values[n - 1]


# ---------------------------------------------------------------------------
# the comparison matrix
# ---------------------------------------------------------------------------


def _default_labels(n: int) -> tuple[str, ...]:
    return tuple(f"c{i + 1}" for i in range(n))


def _check_labels(labels: object, n: int, name: str = "labels") -> tuple[str, ...]:
    if labels is None:
        return _default_labels(n)
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise TypeError(f"{name} must be a sequence of strings; got {labels!r}")
    out = tuple(str(x) for x in labels)
    if len(out) != n:
        raise ValueError(f"{name} must have {n} entries (one per row); got {len(out)}")
    if len(set(out)) != n:
        dup = next(x for x in out if out.count(x) > 1)
        raise ValueError(f"{name} must be unique; {dup!r} appears more than once")
    return out


def _check_reciprocal_stack(a: FloatArray, name: str, *, saaty_scale: bool) -> None:
    """Validate a (..., n, n) stack: square, positive, unit diagonal, reciprocal."""
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"{name} must be square (n x n); got shape {a.shape}")
    n = a.shape[-1]
    bad = a <= 0
    if bad.any():
        pos = tuple(int(p) for p in np.argwhere(bad)[0])
        raise ValueError(f"{name} must be positive; got {a[pos]:g} at index {pos}")
    diag = np.diagonal(a, axis1=-2, axis2=-1)
    off = np.abs(diag - 1.0) > 1e-9
    if off.any():
        pos = tuple(int(p) for p in np.argwhere(off)[0])
        where = (*pos[:-1], pos[-1], pos[-1])
        raise ValueError(f"{name} must have a unit diagonal; got {a[where]:g} at index {where}")
    product = a * np.swapaxes(a, -1, -2)
    off = np.abs(product - 1.0) > _RECIPROCAL_RTOL
    if off.any():
        pos = tuple(int(p) for p in np.argwhere(off)[0])
        i, j = pos[-2], pos[-1]
        mirror = (*pos[:-2], j, i)
        raise ValueError(
            f"{name} must be reciprocal (a[j, i] = 1 / a[i, j]); got {a[pos]:g} at index {pos} "
            f"and {a[mirror]:g} at index {mirror}"
        )
    if saaty_scale:
        with np.errstate(divide="ignore"):
            whole = np.where(a >= 1, a, 1.0 / a)
        off = (np.abs(whole - np.round(whole)) > 1e-2 * whole) | (np.round(whole) > 9)
        if off.any():
            pos = tuple(int(p) for p in np.argwhere(off)[0])
            raise ValueError(
                f"{name} must use Saaty's scale 1/9, 1/8, ..., 1, 2, ..., 9; "
                f"got {a[pos]:g} at index {pos}"
            )
    del n


def _labels_in(value: Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError(f"labels must be a sequence of strings; got {value!r}")
    return tuple(str(x) for x in value)


def _as_matrix_values(value: object) -> FloatArray:
    arr = as_float_array(value, "values", ndim=2)
    _check_reciprocal_stack(arr, "values", saaty_scale=False)
    arr.setflags(write=False)
    return arr


@attrs.frozen(eq=False, repr=False)
class PairwiseMatrix(ResultMixin):
    """A reciprocal pairwise comparison matrix (判断矩阵) with labels.

    Entry ``a[i, j]`` says how many times more important (preferred, likely)
    element ``i`` is than element ``j``; the matrix must be square and
    positive with ``a[i, i] = 1`` and ``a[j, i] = 1 / a[i, j]`` (within 2 %,
    so that 0.33 may stand for 1/3).

    Parameters
    ----------
    values : array_like, shape (n, n)
        The full matrix.
    labels : sequence of str, optional
        Names of the elements compared; ``c1, c2, ...`` when omitted.
    saaty_scale : bool, default False
        Also require every entry to be on Saaty's 1-9 scale (1/9, ..., 1/2, 1,
        2, ..., 9).

    Raises
    ------
    ValueError
        If the matrix is not square, not positive, has a diagonal entry other
        than 1, is not reciprocal, or (with ``saaty_scale``) leaves the scale;
        the message names the first offending entry.

    See Also
    --------
    weights : priorities and consistency ratio.
    PairwiseMatrix.from_upper, PairwiseMatrix.from_judgments : other ways in.

    Examples
    --------
    >>> from custvalue.scoring.ahp import PairwiseMatrix
    >>> m = PairwiseMatrix.from_upper([3, 5, 2], labels=["price", "quality", "service"])
    >>> m.values
    array([[1.        , 3.        , 5.        ],
           [0.33333333, 1.        , 2.        ],
           [0.2       , 0.5       , 1.        ]])
    """

    values: FloatArray = attrs.field(converter=_as_matrix_values)
    labels: tuple[str, ...] = attrs.field(default=None, converter=_labels_in, kw_only=True)
    saaty_scale: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        labels = self.labels if self.labels else None
        object.__setattr__(self, "labels", _check_labels(labels, self.n))
        if not isinstance(self.saaty_scale, (bool, np.bool_)):
            raise TypeError(f"saaty_scale must be True or False; got {self.saaty_scale!r}")
        if self.saaty_scale:
            _check_reciprocal_stack(self.values, "values", saaty_scale=True)
        super().__attrs_post_init__()

    @property
    def n(self) -> int:
        """Order of the matrix (number of elements compared)."""
        return int(self.values.shape[0])

    @classmethod
    def from_upper(
        cls, values: object, *, labels: Sequence[str] | None = None, saaty_scale: bool = False
    ) -> PairwiseMatrix:
        """Build the matrix from its upper triangle, read row by row.

        ``values`` holds ``a[0, 1], a[0, 2], ..., a[0, n-1], a[1, 2], ...``:
        n(n-1)/2 judgments; the diagonal is 1 and the lower triangle the
        reciprocals.

        Examples
        --------
        >>> from custvalue.scoring.ahp import PairwiseMatrix
        >>> PairwiseMatrix.from_upper([2]).values
        array([[1. , 2. ],
               [0.5, 1. ]])
        """
        upper = as_float_array(values, "values", ndim=1)
        k = upper.shape[0]
        n = round((1 + math.sqrt(1 + 8 * k)) / 2)
        if n * (n - 1) // 2 != k:
            raise ValueError(
                f"values must hold n(n-1)/2 upper-triangle judgments (1, 3, 6, 10, ...); got {k}"
            )
        bad = upper <= 0
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(f"values must be positive; got {upper[i]:g} at index {i}")
        full = np.ones((n, n))
        iu = np.triu_indices(n, 1)
        full[iu] = upper
        full[iu[1], iu[0]] = 1.0 / upper
        return cls(full, labels=labels, saaty_scale=saaty_scale)

    @classmethod
    def from_judgments(
        cls,
        judgments: Mapping[tuple[str, str], float],
        *,
        labels: Sequence[str] | None = None,
        saaty_scale: bool = False,
    ) -> PairwiseMatrix:
        """Build the matrix from ``{(a, b): value}`` judgments ("a is value times b").

        Every pair of labels must be judged exactly once, in either order.
        ``labels`` fixes the order of rows; by default labels are taken in the
        order they first appear.

        Examples
        --------
        >>> from custvalue.scoring.ahp import PairwiseMatrix
        >>> m = PairwiseMatrix.from_judgments({("price", "quality"): 3})
        >>> m.labels, m.values[1, 0].round(4)
        (('price', 'quality'), np.float64(0.3333))
        """
        if not isinstance(judgments, Mapping):
            raise TypeError(f"judgments must be a mapping {{(a, b): value}}; got {judgments!r}")
        seen: list[str] = []
        for key in judgments:
            if not (isinstance(key, tuple) and len(key) == 2):
                raise TypeError(f"judgments keys must be (a, b) pairs; got {key!r}")
            for item in key:
                if str(item) not in seen:
                    seen.append(str(item))
        names = _check_labels(labels if labels is not None else seen, len(seen) if labels is None
                              else len(labels))  # fmt: skip
        index = {name: i for i, name in enumerate(names)}
        n = len(names)
        full = np.full((n, n), np.nan)
        np.fill_diagonal(full, 1.0)
        for (a, b), raw in judgments.items():
            a, b = str(a), str(b)
            for item in (a, b):
                if item not in index:
                    raise ValueError(f"judgments mention {item!r}, which is not in labels {names}")
            if a == b:
                raise ValueError(f"judgments compare {a!r} with itself")
            value = as_scalar(raw, f"judgments[({a!r}, {b!r})]", "> 0")
            i, j = index[a], index[b]
            if not np.isnan(full[i, j]):
                raise ValueError(f"judgments give the pair ({a!r}, {b!r}) more than once")
            full[i, j] = value
            full[j, i] = 1.0 / value
        missing = np.argwhere(np.isnan(full))
        if missing.size:
            i, j = (int(x) for x in missing[0])
            raise ValueError(
                f"judgments must compare every pair; ({names[i]!r}, {names[j]!r}) is missing "
                "(use custvalue.scoring.ahp.complete for incomplete judgments)"
            )
        return cls(full, labels=names, saaty_scale=saaty_scale)

    def to_frame(self) -> pd.DataFrame:
        """The matrix as a DataFrame with the labels as index and columns."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            self.values, index=list(self.labels), columns=list(self.labels)
        )
        return frame


# ---------------------------------------------------------------------------
# priorities and consistency, vectorised over a stack
# ---------------------------------------------------------------------------


def _principal_eigenvector(a: FloatArray) -> FloatArray:
    """Perron vectors (summing to 1) of a (k, n, n) stack of positive matrices.

    Power method with repeated squaring, batched over the stack: five
    squarings give B = A^32 (rescaled), then w <- B w is iterated, each step
    shrinking the error by (|lambda_2| / lambda_max) ** 32, with a further
    squaring every fourth step for slowly converging matrices. Only
    unconverged matrices are iterated; any left after 60 steps, or whose
    iterate underflows (judgments spanning hundreds of decades), fall back
    to ``numpy.linalg.eig``.
    """

    def rescaled(m: FloatArray) -> FloatArray:
        # divide each power by its largest entry: entries stay in [0, 1], so
        # the next product cannot overflow however uneven the judgments are
        m /= m.max(axis=(-2, -1), keepdims=True)
        return m

    # Entries of the powers stay in [0, 1]; with judgments spanning hundreds of
    # decades some of them underflow, and a matrix whose iterate degenerates
    # (zero or non-finite) is handed to the eigen-solver instead.
    with np.errstate(under="ignore", divide="ignore", invalid="ignore"):
        b = a / a.max(axis=(-2, -1), keepdims=True)
        for _ in range(5):
            b = rescaled(b @ b)
        w = np.einsum("kij->ki", b)
        w /= w.sum(axis=-1, keepdims=True)
        out: FloatArray = w.copy()
        todo = np.arange(a.shape[0])
        for step in range(60):
            new = np.einsum("kij,kj->ki", b, w)
            new /= new.sum(axis=-1, keepdims=True)
            out[todo] = new
            open_ = ~(np.abs(new - w).max(axis=-1) <= 1e-14)  # NaN stays open
            if not open_.any():
                return out
            broken = ~np.isfinite(new).all(axis=-1)
            if broken.all():
                break
            todo, b, w = todo[open_], b[open_], new[open_]
            if step % 4 == 3:
                b = rescaled(b @ b)
    # safety net: never needed for judgments within a few dozen decades
    values, vectors = np.linalg.eig(a[todo])
    top = values.real.argmax(axis=-1)
    vec = np.abs(np.take_along_axis(vectors, top[:, None, None], axis=2)[..., 0].real)
    out[todo] = vec / vec.sum(axis=-1, keepdims=True)
    return out


def _priorities(a: FloatArray, method: PriorityMethod) -> FloatArray:
    if method == "eigen":
        return _principal_eigenvector(a)
    if method == "geometric":
        # row means of log a, shifted so that the largest is 0: exp cannot overflow
        g = np.log(a).mean(axis=-1)
        w = np.exp(g - g.max(axis=-1, keepdims=True))
    else:  # column: normalise columns, average rows (和积法)
        c = a / a.max(axis=-2, keepdims=True)  # same ratios; the column sums cannot overflow
        w = (c / c.sum(axis=-2, keepdims=True)).mean(axis=-1)
    out: FloatArray = w / w.sum(axis=-1, keepdims=True)
    return out


def _threshold_for(n: int, threshold: object) -> float:
    if isinstance(threshold, str):
        if threshold != "saaty":
            raise ValueError(f"threshold must be a number > 0 or 'saaty'; got {threshold!r}")
        return 0.05 if n == 3 else 0.08 if n == 4 else 0.10
    return as_scalar(threshold, "threshold", "> 0")


def _aligned(mats: Sequence[PairwiseMatrix], name: str) -> tuple[list[FloatArray], tuple[str, ...]]:
    """Values of matrices of one order, rows and columns in one label order, and the labels.

    Generic labels (``c1, c2, ...``) are read by position; named labels must
    name the same elements as the first named matrix, in any order.
    """
    generic = _default_labels(mats[0].n)
    first, ref = next(
        ((k, m.labels) for k, m in enumerate(mats) if m.labels != generic), (0, generic)
    )
    out: list[FloatArray] = []
    for k, m in enumerate(mats):
        if m.labels == ref or m.labels == generic:
            out.append(m.values)
        elif set(m.labels) == set(ref):
            order = [m.labels.index(x) for x in ref]
            out.append(m.values[np.ix_(order, order)])
        else:
            raise ValueError(
                f"{name}: PairwiseMatrix {k} compares {list(m.labels)}, but PairwiseMatrix "
                f"{first} compares {list(ref)}; every matrix must compare the same elements"
            )
    return out, ref


def _as_stack(
    matrix: object, name: str = "matrix"
) -> tuple[FloatArray, tuple[str, ...] | None, bool]:
    """(k, n, n) array, labels, whether the input was a single matrix."""
    if isinstance(matrix, PairwiseMatrix):
        return matrix.values[None, :, :].copy(), matrix.labels, True
    if (
        isinstance(matrix, Sequence)
        and matrix
        and all(isinstance(m, PairwiseMatrix) for m in matrix)
    ):
        mats = list(matrix)
        if len({m.n for m in mats}) > 1:
            raise ValueError(
                f"{name}: every PairwiseMatrix must have one order; got {[m.n for m in mats]}"
            )
        values, common = _aligned(mats, name)
        return np.stack(values), common, False
    arr = as_float_array(matrix, name, ndim=(2, 3))
    _check_reciprocal_stack(arr, name, saaty_scale=False)
    if arr.ndim == 2:
        labels = (
            _check_labels([str(c) for c in matrix.columns], arr.shape[0])
            if is_dataframe(matrix)
            else None
        )
        return arr[None, :, :], labels, True
    return arr, None, False


@attrs.frozen(eq=False, repr=False)
class AHPResult(ResultMixin):
    """Priorities and consistency of one comparison matrix or of a stack.

    For a single matrix the scalar fields are floats and ``weights`` has shape
    (n,); for a stack of k matrices they are arrays of length k and
    ``weights`` has shape (k, n).

    Attributes
    ----------
    weights : numpy.ndarray
        Priorities (权重), summing to 1 (per matrix).
    lambda_max : float or numpy.ndarray
        Principal eigenvalue (``method="eigen"``), or the textbook estimate
        mean((A w)_i / w_i) for the approximate methods.
    consistency_index : float or numpy.ndarray
        CI = (lambda_max - n) / (n - 1); 0 for n <= 2.
    random_index : float
        RI(n) from the chosen table.
    consistency_ratio : float or numpy.ndarray
        CR = CI / RI; 0 for n <= 2.
    consistent : bool or numpy.ndarray
        CR below ``threshold``.
    threshold : float
        The CR cut-off used.
    method : str
        Priority method.
    random_index_table : str
        Name of the RI table.
    labels : tuple of str or None
        Element names (from a :class:`PairwiseMatrix`).
    """

    weights: FloatArray
    lambda_max: Any
    consistency_index: Any
    random_index: float
    consistency_ratio: Any
    consistent: Any
    threshold: float
    method: str
    random_index_table: str
    labels: tuple[str, ...] | None

    @property
    def n(self) -> int:
        """Order of the matrices."""
        return int(self.weights.shape[-1])

    def to_frame(self) -> pd.DataFrame:
        """Tidy weights: one row per element (and per matrix, for a stack).

        Columns ``matrix`` (stack only), ``label``, ``weight``, ``rank``.
        """
        import pandas as pd

        labels = list(self.labels) if self.labels is not None else list(_default_labels(self.n))
        w = np.atleast_2d(self.weights)
        rank = (-w).argsort(axis=-1).argsort(axis=-1) + 1
        frame: pd.DataFrame = pd.DataFrame(
            {
                "matrix": np.repeat(np.arange(w.shape[0]), self.n),
                "label": labels * w.shape[0],
                "weight": w.ravel(),
                "rank": rank.ravel(),
            }
        )
        if self.weights.ndim == 1:
            frame = frame.drop(columns="matrix")
        return frame

    def summary(self) -> str:
        """A short text report (single matrix) of weights and consistency."""
        if self.weights.ndim != 1:
            k = self.weights.shape[0]
            share = float(np.mean(self.consistent))
            return f"{k} matrices of order {self.n}: {share:.1%} with CR < {self.threshold:g}"
        labels = self.labels if self.labels is not None else _default_labels(self.n)
        width = max(len(x) for x in labels)
        lines = [f"{name:<{width}}  {w:.4f}" for name, w in zip(labels, self.weights, strict=True)]
        verdict = "acceptable" if self.consistent else "not acceptable"
        lines.append(
            f"lambda_max = {self.lambda_max:.4f}, CI = {self.consistency_index:.4f}, "
            f"RI = {self.random_index:.2f}, CR = {self.consistency_ratio:.4f} "
            f"({verdict} at {self.threshold:g})"
        )
        return "\n".join(lines)


def weights(
    matrix: object,
    *,
    method: PriorityMethod = "eigen",
    random_index: RandomIndexTable = "saaty1980",
    threshold: Threshold = 0.1,
) -> AHPResult:
    r"""Priorities and consistency ratio of pairwise comparison matrices.

    Parameters
    ----------
    matrix : PairwiseMatrix, array_like of shape (n, n) or (k, n, n)
        One comparison matrix (a :class:`PairwiseMatrix`, a numpy array or a
        nested list) or a stack of k matrices (an array, or a list of
        PairwiseMatrix of one order). Stacks are computed in one vectorised
        pass, without a Python loop per matrix.
    method : {"eigen", "geometric", "column"}
        ``"eigen"``: Saaty's principal right eigenvector (特征向量法);
        ``"geometric"``: normalised row geometric means (方根法);
        ``"column"``: average of the column-normalised matrix (和积法).
    random_index : {"saaty1980", "saaty2005", "donegan_dodd", "alonso_lamata"}
        RI table (see :func:`random_index`).
    threshold : float or "saaty"
        CR below which judgments are accepted: 0.10 by default; ``"saaty"``
        uses Saaty's 0.05 for n = 3, 0.08 for n = 4 and 0.10 above.

    Returns
    -------
    AHPResult
        ``weights``, ``lambda_max``, ``consistency_index``, ``random_index``,
        ``consistency_ratio``, ``consistent`` (floats for one matrix, arrays
        for a stack).

    Raises
    ------
    ValueError
        If a matrix is not square, positive, unit-diagonal and reciprocal, or
        if the RI table does not cover its order.
    TypeError
        For non-numeric input or an unknown option type.

    See Also
    --------
    PairwiseMatrix : validated input with labels.
    Hierarchy : weights multiplied down a tree of criteria.

    Notes
    -----
    For a reciprocal matrix :math:`A = (a_{ij})` the eigenvector method solves

    .. math:: A w = \lambda_{max} w, \qquad \sum_i w_i = 1,

    and Saaty's consistency index and ratio (一致性指标 CI, 一致性比率 CR) are

    .. math:: CI = \frac{\lambda_{max} - n}{n - 1}, \qquad CR = \frac{CI}{RI(n)}.

    A perfectly consistent matrix (:math:`a_{ij} a_{jk} = a_{ik}`) has
    :math:`\lambda_{max} = n` and CR = 0, and all three methods return its
    generating weights. For ``"geometric"`` and ``"column"``, as in the
    textbooks' hand calculations, :math:`\lambda_{max}` is estimated as
    :math:`\frac1n \sum_i (A w)_i / w_i` with the approximate weights; this
    estimate is never below n. For n = 1, 2 CI and CR are 0.

    The eigenvector is computed by repeated squaring of the matrix (a power
    method that doubles its exponent each step), batched over the stack.

    References
    ----------
    .. [1] Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    .. [2] Saaty, T. L. (2008). Decision making with the analytic hierarchy
       process. *International Journal of Services Sciences*, 1(1), 83-98.
    .. [3] Saaty, T. L. (1994). How to make a decision: the analytic hierarchy
       process. *Interfaces*, 24(6), 19-43.

    Examples
    --------
    Saaty's (2008) estimate of drink consumption in the United States: the
    derived weights are close to the actual shares (coffee 0.180, wine 0.010,
    tea 0.040, beer 0.120, sodas 0.180, milk 0.140, water 0.330).

    >>> import numpy as np
    >>> from custvalue.scoring.ahp import PairwiseMatrix, weights
    >>> drinks = PairwiseMatrix.from_upper(
    ...     [9, 5, 2, 1, 1, 1/2,  1/3, 1/9, 1/9, 1/9, 1/9,  1/3, 1/4, 1/3, 1/9,
    ...      1/2, 1, 1/3,  2, 1/2,  1/3],
    ...     labels=["coffee", "wine", "tea", "beer", "sodas", "milk", "water"])
    >>> result = weights(drinks)
    >>> np.round(result.weights, 3)
    array([0.177, 0.019, 0.042, 0.116, 0.19 , 0.129, 0.327])
    >>> round(result.consistency_ratio, 3), result.consistent
    (0.022, True)

    A stack of matrices is handled in one call:

    >>> stack = np.array([[[1, 3], [1/3, 1]], [[1, 1], [1, 1]]])
    >>> weights(stack).weights
    array([[0.75, 0.25],
           [0.5 , 0.5 ]])
    """
    name = check_option(method, "method", _METHODS)
    table = check_option(random_index, "random_index", _TABLES)
    a, labels, single = _as_stack(matrix)
    n = a.shape[-1]
    ri = _ri(n, table)
    cutoff = _threshold_for(n, threshold)
    w = _priorities(a, name)
    if n <= 2:
        lam = np.full(a.shape[0], float(n))
        ci = np.zeros(a.shape[0])
        cr = np.zeros(a.shape[0])
    else:
        # lambda_max is +inf only for judgments spanning more than the floating-point range
        with np.errstate(over="ignore", divide="ignore"):
            aw = np.einsum("kij,kj->ki", a, w)
            if name == "eigen":
                # A w = lambda w and sum(w) = 1, so lambda = sum(A w): no division by small w_i
                lam = np.maximum(aw.sum(axis=-1), float(n))
            else:
                # the textbook estimate mean((A w)_i / w_i)
                lam = np.maximum((aw / w).mean(axis=-1), float(n))
        ci = (lam - n) / (n - 1)
        cr = ci / ri
    ok = cr < cutoff
    if single:
        return AHPResult(
            weights=w[0],
            lambda_max=float(lam[0]),
            consistency_index=float(ci[0]),
            random_index=float(ri),
            consistency_ratio=float(cr[0]),
            consistent=bool(ok[0]),
            threshold=cutoff,
            method=name,
            random_index_table=table,
            labels=labels,
        )
    return AHPResult(
        weights=w,
        lambda_max=lam,
        consistency_index=ci,
        random_index=float(ri),
        consistency_ratio=cr,
        consistent=ok,
        threshold=cutoff,
        method=name,
        random_index_table=table,
        labels=labels,
    )


_weights = weights

# ---------------------------------------------------------------------------
# incomplete judgments
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class CompletedMatrix(ResultMixin):
    """An incomplete comparison matrix, completed.

    Attributes
    ----------
    matrix : PairwiseMatrix
        The completed matrix.
    estimated : numpy.ndarray of bool, shape (n, n)
        True where the entry was missing and has been estimated.
    weights : numpy.ndarray
        The method's priorities: Harker's (the principal eigenvector of the
        auxiliary matrix, also that of the completed matrix), the
        logarithmic least squares weights (the row geometric means of the
        completed matrix), or the principal eigenvector of the
        lambda_max-optimal completion.
    method : str
        ``"harker"``, ``"llsm"`` or ``"lambda_max"``.
    """

    matrix: PairwiseMatrix
    estimated: Any
    weights: FloatArray
    method: str

    @property
    def n_missing(self) -> int:
        """Number of missing judgments (pairs i < j) that were estimated."""
        return int(np.count_nonzero(np.triu(self.estimated, 1)))


CompletionMethod = Literal["harker", "llsm", "lambda_max"]


def _llsm_log_weights(a: FloatArray, missing: npt.NDArray[np.bool_]) -> FloatArray:
    """Log weights minimising the squared log errors over the known pairs (sum 0)."""
    n = a.shape[0]
    known = ~missing
    np.fill_diagonal(known, False)
    laplacian = np.diag(known.sum(axis=1).astype(np.float64)) - known
    rhs = np.where(known, np.log(np.where(known, a, 1.0)), 0.0).sum(axis=1)
    # the Laplacian of a connected graph has rank n - 1; adding the all-ones
    # matrix fixes the free constant (sum of log weights 0) and keeps the solution
    y: FloatArray = np.linalg.solve(laplacian + np.ones((n, n)), rhs)
    return y


def _lambda_max_completion(
    a: FloatArray, missing: npt.NDArray[np.bool_], start: FloatArray
) -> FloatArray:
    """Missing entries (upper triangle, as logs) minimising the Perron root."""
    from scipy.optimize import minimize, root

    iu = np.argwhere(np.triu(missing, 1))
    rows, cols = iu[:, 0], iu[:, 1]
    base = np.where(missing, 1.0, a)

    def objective(t: FloatArray) -> tuple[float, FloatArray]:
        m = base.copy()
        m[rows, cols] = np.exp(t)
        m[cols, rows] = np.exp(-t)
        vals, right = np.linalg.eig(m)
        k = int(np.argmax(vals.real))
        valsl, left = np.linalg.eig(m.T)
        kl = int(np.argmax(valsl.real))
        w = np.abs(right[:, k].real)
        v = np.abs(left[:, kl].real)
        scale = float(v @ w)
        # d lambda / d a_ij = v_i w_j / (v . w); a_ij = e^t, a_ji = e^-t
        grad = (v[rows] * w[cols] * m[rows, cols] - v[cols] * w[rows] * m[cols, rows]) / scale
        return float(vals.real[k]), grad

    t0 = start[rows] - start[cols]
    result = minimize(objective, t0, jac=True, method="BFGS", options={"gtol": 1e-10})
    # lambda_max is a convex function of the log entries (Bozoki et al. 2010):
    # the zero of the gradient is the global minimum. Near it lambda_max is
    # flat to machine precision, so the minimiser stops early; the gradient
    # itself is still accurate, and its root pins the optimum down
    solve: Any = root  # scipy's overloads do not cover a plain gradient callable
    polished = solve(lambda t: objective(t)[1], result.x, method="hybr", options={"xtol": 1e-14})
    t: FloatArray = np.asarray(polished.x if polished.success else result.x, dtype=np.float64)
    grad = objective(t)[1]
    if not np.max(np.abs(grad)) < 1e-9:
        raise ValueError(  # pragma: no cover - the problem is smooth and convex
            "complete(method='lambda_max') did not reach the optimum "
            f"(largest gradient {float(np.max(np.abs(grad))):.2e}); {result.message}"
        )
    full: FloatArray = np.array(base, dtype=np.float64)
    full[rows, cols] = np.exp(t)
    full[cols, rows] = np.exp(-t)
    return full


def complete(
    matrix_with_missing: object,
    *,
    method: CompletionMethod = "harker",
    labels: Sequence[str] | None = None,
) -> CompletedMatrix:
    r"""Complete a comparison matrix with missing judgments.

    Parameters
    ----------
    matrix_with_missing : array_like, shape (n, n)
        The judgments with ``NaN`` (or ``None``) where a comparison is
        missing. A pair counts as missing only when both ``a[i, j]`` and
        ``a[j, i]`` are missing; a single given entry fixes its reciprocal.
        The known comparisons must connect all elements.
    method : {"harker", "llsm", "lambda_max"}
        ``"harker"``: Harker's auxiliary-matrix eigenvector (default);
        ``"llsm"``: logarithmic least squares over the known judgments;
        ``"lambda_max"``: the completion with the smallest principal
        eigenvalue, i.e. the most consistent one (Bozoki, Fulop & Ronyai).
    labels : sequence of str, optional
        Element names.

    Returns
    -------
    CompletedMatrix
        The completed :class:`PairwiseMatrix`, a mask of estimated entries,
        and the priorities.

    Raises
    ------
    ValueError
        If the given entries are not positive and reciprocal, the diagonal is
        not 1, nothing is missing, or the known comparisons do not connect
        every element (the weights are then not determined).

    Notes
    -----
    **Harker** (1987) replaces each missing entry by 0 and adds the number of
    missing entries :math:`m_i` of row i to its diagonal:

    .. math:: b_{ij} = \begin{cases} a_{ij} & \text{known} \\ 0 & \text{missing}
              \end{cases}, \qquad b_{ii} = 1 + m_i .

    The principal eigenvector :math:`w` of :math:`B` gives the priorities,
    and each missing entry is estimated as :math:`w_i / w_j`. The completed
    matrix has the same eigenvector and eigenvalue as :math:`B`.

    **Logarithmic least squares** (``"llsm"``) minimises, over the set
    :math:`E` of known pairs,

    .. math:: \sum_{(i, j) \in E} \bigl(\ln a_{ij} - \ln w_i + \ln w_j\bigr)^2 ,

    whose normal equations are :math:`L y = r` with :math:`L` the Laplacian
    of the comparison graph, :math:`y = \ln w` and :math:`r_i = \sum_{j:
    (i,j) \in E} \ln a_{ij}`; the solution is unique when the graph is
    connected, and the missing entries become :math:`w_i / w_j` [2]_.

    **lambda_max-optimal** (``"lambda_max"``) chooses the missing entries
    :math:`x` that minimise the principal eigenvalue :math:`\lambda_{max}
    (A(x))`, so that Saaty's CR of the completed matrix is as small as the
    known judgments allow. Written in :math:`t = \ln x` the problem is
    convex, with a unique optimum when the graph is connected [2]_; it is
    solved by BFGS from the LLSM completion, with the exact gradient
    :math:`\partial\lambda/\partial t_{ij} = (v_i w_j a_{ij} - v_j w_i
    a_{ji}) / v^{\top} w` (:math:`v`, :math:`w` left and right Perron
    vectors). The weights are the principal eigenvector of the completed
    matrix.

    With consistent known entries all three methods give the exact
    completion. For :math:`n = 4` with two missing entries, LLSM and
    lambda_max give the same completion (Csato, Agoston & Bozoki [3]_).

    References
    ----------
    .. [1] Harker, P. T. (1987). Incomplete pairwise comparisons in the
       analytic hierarchy process. *Mathematical Modelling*, 9(11), 837-848.
    .. [2] Bozoki, S., Fulop, J. and Ronyai, L. (2010). On optimal completion
       of incomplete pairwise comparison matrices. *Mathematical and
       Computer Modelling*, 52(1-2), 318-333.
    .. [3] Csato, L., Agoston, K. Cs. and Bozoki, S. (2024). On the
       coincidence of optimal completions for small pairwise comparison
       matrices with missing entries. *Annals of Operations Research*,
       332, 237-259.

    Examples
    --------
    >>> import numpy as np
    >>> from custvalue.scoring.ahp import complete
    >>> done = complete([[1, 2, None], [1/2, 1, 2], [None, 1/2, 1]])
    >>> float(done.matrix.values[0, 2]), done.weights.round(4)
    (4.0, array([0.5714, 0.2857, 0.1429]))

    Bozoki, Fulop & Ronyai's Example 3 (c vs d missing): they print the
    lambda_max-optimal estimate as 0.7302965; to more digits the optimum is
    :math:`\sqrt{8/15}` = 0.73029674, which is also the LLSM estimate here:

    >>> a = [[1, 1, 5, 2], [1, 1, 3, 4], [1/5, 1/3, 1, None], [1/2, 1/4, None, 1]]
    >>> round(float(complete(a, method="lambda_max").matrix.values[2, 3]), 8)
    0.73029674
    >>> round(float(complete(a, method="llsm").matrix.values[2, 3]), 8)
    0.73029674
    """
    how = check_option(method, "method", ("harker", "llsm", "lambda_max"))
    a = as_float_array(matrix_with_missing, "matrix_with_missing", ndim=2, allow_nan=True)
    if a.shape[0] != a.shape[1]:
        raise ValueError(f"matrix_with_missing must be square (n x n); got shape {a.shape}")
    n = a.shape[0]
    diag = np.diagonal(a).copy()
    diag[np.isnan(diag)] = 1.0
    np.fill_diagonal(a, diag)
    # a single given entry of a pair fixes the other one
    lone = np.isnan(a) & ~np.isnan(a.T)
    with np.errstate(divide="ignore"):
        a[lone] = 1.0 / a.T[lone]
    missing = np.isnan(a)
    if not missing.any():
        raise ValueError("matrix_with_missing has no missing entries; use weights() directly")
    known = np.where(missing, 1.0, a)
    _check_reciprocal_stack(known, "matrix_with_missing", saaty_scale=False)
    names = _check_labels(labels, n)
    # connectivity of the comparison graph
    reach = np.zeros(n, dtype=bool)
    reach[0] = True
    frontier = [0]
    while frontier:
        i = frontier.pop()
        for j in np.flatnonzero(~missing[i] & ~reach):
            reach[j] = True
            frontier.append(int(j))
    if not reach.all():
        cut = [names[i] for i in np.flatnonzero(~reach)]
        raise ValueError(
            "matrix_with_missing: the known comparisons must connect every element; "
            f"{cut} are not linked to {names[0]!r}"
        )
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        full, w = _completion(a, missing, how, n)
    if not (np.isfinite(full).all() and np.isfinite(w).all() and (w > 0).all()):
        raise ValueError(
            "matrix_with_missing: the completed entries overflow the float64 range; "
            "the judgments span too many orders of magnitude (rescale them)"
        )
    return CompletedMatrix(
        matrix=PairwiseMatrix(full, labels=names), estimated=missing, weights=w, method=how
    )


def _completion(
    a: FloatArray, missing: npt.NDArray[np.bool_], how: str, n: int
) -> tuple[FloatArray, FloatArray]:
    """The completed matrix and the weights of one method (no checks)."""
    if how == "harker":
        b = np.where(missing, 0.0, a)
        b[np.diag_indices(n)] = 1.0 + missing.sum(axis=1)
        # B is irreducible and non-negative with a positive diagonal (primitive)
        w = _principal_eigenvector(b[None])[0]
        full = np.where(missing, w[:, None] / w[None, :], a)
    else:
        y = _llsm_log_weights(a, missing)
        if how == "llsm":
            w = np.exp(y - y.max())
            w /= w.sum()
            full = np.where(missing, np.exp(y[:, None] - y[None, :]), a)
        else:
            full = np.exp(y[:, None] - y[None, :])
            if not np.isfinite(full).all():  # refused by the caller
                return full, np.full(n, np.nan)
            try:
                full = _lambda_max_completion(a, missing, y)
            except np.linalg.LinAlgError:  # eigenvalues of entries beyond float64
                return np.full((n, n), np.inf), np.full(n, np.nan)
            except ValueError as exc:
                if "infs or NaNs" not in str(exc):
                    raise
                return np.full((n, n), np.inf), np.full(n, np.nan)
            w = _principal_eigenvector(full[None])[0]
    return full, w


# ---------------------------------------------------------------------------
# group decisions
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class GroupResult(ResultMixin):
    """Group priorities from several decision makers' judgments.

    Attributes
    ----------
    weights : numpy.ndarray
        Group priorities, summing to 1.
    method : str
        ``"aij"`` (aggregated judgments) or ``"aip"`` (aggregated priorities).
    matrix : PairwiseMatrix or None
        The aggregated matrix (AIJ only).
    consistency_ratio : float or None
        CR of the aggregated matrix (AIJ only).
    individual : AHPResult
        Each decision maker's own priorities and consistency (a stack).
    decision_maker_weights : numpy.ndarray
        Weights of the decision makers, summing to 1.
    labels : tuple of str
        Element names.
    """

    weights: FloatArray
    method: str
    matrix: PairwiseMatrix | None
    consistency_ratio: float | None
    individual: AHPResult
    decision_maker_weights: FloatArray
    labels: tuple[str, ...]


def aggregate(
    matrices: object,
    *,
    method: Literal["aij", "aip"] = "aij",
    weights: object = None,
    priority_method: PriorityMethod = "eigen",
    random_index: RandomIndexTable = "saaty1980",
) -> GroupResult:
    r"""Combine several decision makers' judgments (group AHP).

    Parameters
    ----------
    matrices : sequence of PairwiseMatrix or array_like, shape (k, n, n)
        One comparison matrix per decision maker, all of one order.
    method : {"aij", "aip"}
        ``"aij"``: aggregate the individual judgments by the weighted
        geometric mean, then derive priorities from the group matrix;
        ``"aip"``: derive each member's priorities, then aggregate them by the
        weighted geometric mean (normalised).
    weights : array_like of shape (k,), optional
        Importance of each decision maker (non-negative, rescaled to sum to
        1); equal by default.
    priority_method : {"eigen", "geometric", "column"}
        How priorities are derived from a matrix.
    random_index : str
        RI table for the consistency ratios.

    Returns
    -------
    GroupResult

    Raises
    ------
    ValueError
        If fewer than one matrix is given, the weights do not match the number
        of matrices, or are negative / all zero.

    Notes
    -----
    AIJ (Forman & Peniwati 1998; Aczél & Saaty 1983) forms

    .. math:: a^G_{ij} = \prod_{k} \left(a^{(k)}_{ij}\right)^{\pi_k},

    which is again reciprocal; the weighted geometric mean is the only
    aggregation that keeps reciprocity and unanimity. AIP forms
    :math:`w^G_i \propto \prod_k (w^{(k)}_i)^{\pi_k}`. With the geometric
    (row geometric mean) priority method both routes give the same
    priorities.

    References
    ----------
    .. [1] Aczél, J., & Saaty, T. L. (1983). Procedures for synthesizing ratio
       judgements. *Journal of Mathematical Psychology*, 27(1), 93-102.
    .. [2] Forman, E., & Peniwati, K. (1998). Aggregating individual judgments
       and priorities with the analytic hierarchy process. *European Journal
       of Operational Research*, 108(1), 165-169.

    Examples
    --------
    >>> from custvalue.scoring.ahp import aggregate
    >>> group = aggregate([[[1, 4], [1/4, 1]], [[1, 1], [1, 1]]])
    >>> float(group.matrix.values[0, 1]), group.weights
    (2.0, array([0.667, 0.333]))
    """
    how = check_option(method, "method", ("aij", "aip"))
    check_option(priority_method, "priority_method", _METHODS)
    check_option(random_index, "random_index", _TABLES)
    a, labels, single = _as_stack(matrices, "matrices")
    if single:
        a = a[:1]
    k, n = a.shape[0], a.shape[-1]
    if weights is None:
        pi = np.full(k, 1.0 / k)
    else:
        pi = as_float_array(weights, "weights", ndim=1)
        if pi.shape[0] != k:
            raise ValueError(f"weights must have one entry per matrix ({k}); got {pi.shape[0]}")
        if (pi < 0).any():
            i = int(np.argmax(pi < 0))
            raise ValueError(f"weights must be >= 0; got {pi[i]:g} at index {i}")
        if pi.sum() <= 0:
            raise ValueError("weights must not all be 0")
        pi = pi / pi.sum()
    names = labels if labels is not None else _default_labels(n)
    individual = _weights(a, method=priority_method, random_index=random_index)
    if how == "aij":
        group = np.exp(np.tensordot(pi, np.log(a), axes=1))
        pm = PairwiseMatrix(group, labels=names)
        res = _weights(pm, method=priority_method, random_index=random_index)
        return GroupResult(
            weights=res.weights,
            method=how,
            matrix=pm,
            consistency_ratio=float(res.consistency_ratio),
            individual=individual,
            decision_maker_weights=pi,
            labels=names,
        )
    g = np.exp(pi @ np.log(individual.weights))
    return GroupResult(
        weights=g / g.sum(),
        method=how,
        matrix=None,
        consistency_ratio=None,
        individual=individual,
        decision_maker_weights=pi,
        labels=names,
    )


# ---------------------------------------------------------------------------
# hierarchies
# ---------------------------------------------------------------------------

Direction = Literal["benefit", "cost"]


def _as_children(value: object) -> tuple[Hierarchy, ...]:
    if value is None:
        return ()
    if isinstance(value, Hierarchy):
        return (value,)
    if isinstance(value, str):
        raise TypeError(
            f"children must be a sequence of names or Hierarchy nodes; got the string {value!r} "
            f"(write [{value!r}] for a single child)"
        )
    out = []
    for item in value:  # type: ignore[attr-defined]
        out.append(item if isinstance(item, Hierarchy) else Hierarchy(item))
    return tuple(out)


def _node_name(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"name must be a string (the node's name); got {value!r}")
    if not value:
        raise ValueError("name must not be empty")
    return value


def _as_local_weights(value: object) -> FloatArray | None:
    if value is None:
        return None
    w = as_float_array(value, "local_weights", ndim=1)
    if (w < 0).any():
        i = int(np.argmax(w < 0))
        raise ValueError(f"local_weights must be >= 0; got {w[i]:g} at index {i}")
    if w.sum() <= 0:
        raise ValueError("local_weights must not all be 0")
    out: FloatArray = w / w.sum()
    out.setflags(write=False)
    return out


@attrs.frozen(eq=False, repr=False)
class ConsistencyReport(ResultMixin):
    """Consistency of every judged node of a hierarchy.

    Attributes
    ----------
    nodes : tuple of str
        Names of the internal nodes with judgments, top-down.
    n : tuple of int
        Order of each node's matrix.
    lambda_max, consistency_index, random_index, consistency_ratio : tuple of float
        Per node.
    consistent : tuple of bool
        Per node, CR below ``threshold``.
    overall_consistency_ratio : float
        Saaty's hierarchic CR (层次总排序一致性比率): sum over nodes of
        (global weight of the node x CI) divided by the same sum with RI.
    threshold : float
        CR cut-off.
    """

    nodes: tuple[str, ...]
    n: tuple[int, ...]
    lambda_max: tuple[float, ...]
    consistency_index: tuple[float, ...]
    random_index: tuple[float, ...]
    consistency_ratio: tuple[float, ...]
    consistent: tuple[bool, ...]
    overall_consistency_ratio: float
    threshold: float

    @property
    def all_consistent(self) -> bool:
        """Every node and the whole hierarchy below the threshold."""
        return all(self.consistent) and self.overall_consistency_ratio < self.threshold

    def to_frame(self) -> pd.DataFrame:
        """One row per node: node, n, lambda_max, consistency_index, random_index, ..."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {
                "node": list(self.nodes),
                "n": list(self.n),
                "lambda_max": list(self.lambda_max),
                "consistency_index": list(self.consistency_index),
                "random_index": list(self.random_index),
                "consistency_ratio": list(self.consistency_ratio),
                "consistent": list(self.consistent),
            }
        )
        return frame


@attrs.frozen(eq=False, repr=False)
class SynthesisResult(ResultMixin):
    """Alternatives scored through a hierarchy.

    Attributes
    ----------
    scores : numpy.ndarray
        Overall priority of each alternative (sums to 1 when every local
        priority vector does).
    alternatives : tuple of str
        Alternative names.
    local_priorities : numpy.ndarray, shape (n_alternatives, n_leaves)
        Priorities of the alternatives under each leaf criterion.
    leaves : tuple of str
        Leaf criteria, in hierarchy order.
    leaf_weights : numpy.ndarray
        Global weights of the leaves.
    """

    scores: FloatArray
    alternatives: tuple[str, ...]
    local_priorities: FloatArray
    leaves: tuple[str, ...]
    leaf_weights: FloatArray

    def to_frame(self) -> pd.DataFrame:
        """One row per alternative: alternative, score, rank, then one column per leaf."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {"alternative": list(self.alternatives), "score": self.scores}
        )
        frame["rank"] = (-self.scores).argsort().argsort() + 1
        for j, leaf in enumerate(self.leaves):
            frame[leaf] = self.local_priorities[:, j]
        return frame

    def weight_sensitivity(self) -> WeightSensitivity:
        """The weight range of each leaf criterion in which the ranking holds.

        See :func:`weight_sensitivity`.
        """
        return weight_sensitivity(
            self.local_priorities,
            self.leaf_weights,
            alternatives=self.alternatives,
            criteria=self.leaves,
        )


@attrs.frozen(eq=False, repr=False)
class WeightSensitivity(ResultMixin):
    """How far each criterion's weight can move before the ranking changes.

    Attributes
    ----------
    criteria : tuple of str
        Criterion names.
    weights : numpy.ndarray
        The weights used.
    low, high : numpy.ndarray
        For each criterion, the range ``[low, high]`` (within [0, 1]) of its
        weight, the others rescaled proportionally, over which the ranking of
        the alternatives is the one at the given weights. ``low == high``
        marks a tie that any change breaks.
    swap_low, swap_high : tuple
        The pair of alternatives (names) that change places at ``low`` and at
        ``high``; ``None`` where the range reaches 0 or 1 unchanged.
    alternatives : tuple of str
        Alternative names.
    ranking : tuple of str
        The alternatives from best to worst at the given weights.
    """

    criteria: tuple[str, ...]
    weights: FloatArray
    low: FloatArray
    high: FloatArray
    swap_low: tuple[tuple[str, str] | None, ...]
    swap_high: tuple[tuple[str, str] | None, ...]
    alternatives: tuple[str, ...]
    ranking: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per criterion: criterion, weight, low, high, swap_low, swap_high."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {
                "criterion": list(self.criteria),
                "weight": self.weights,
                "low": self.low,
                "high": self.high,
                "swap_low": list(self.swap_low),
                "swap_high": list(self.swap_high),
            }
        )
        return frame


def weight_sensitivity(
    priorities: object,
    weights: object,
    *,
    alternatives: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
) -> WeightSensitivity:
    r"""Sensitivity of an AHP ranking to each criterion's weight.

    Parameters
    ----------
    priorities : array_like, shape (m, k), or DataFrame
        Priority of each of m alternatives under each of k criteria (the
        ``local_priorities`` of a :class:`SynthesisResult`); a DataFrame
        names the alternatives by its index and the criteria by its columns.
    weights : array_like, shape (k,), or Series
        Criterion weights (rescaled to sum to 1); a Series is paired with the
        columns of a DataFrame by label.
    alternatives, criteria : sequence of str, optional
        Names; ``a1, a2, ...`` and ``c1, c2, ...`` by default.

    Returns
    -------
    WeightSensitivity
        Per criterion the interval of its weight in which the ranking holds
        and the pairs of alternatives that swap at its ends.

    Raises
    ------
    ValueError
        For fewer than 2 alternatives or criteria, negative or non-finite
        values, weights that do not match the columns, or all weights 0.

    See Also
    --------
    Hierarchy.synthesize : the scores whose ranking is examined.

    Notes
    -----
    One-at-a-time sensitivity analysis of the weighted sum (as in Expert
    Choice's "gradient" view): criterion :math:`j`'s weight is set to
    :math:`t` and the other weights are rescaled to keep their proportions,
    :math:`w_i(t) = w_i (1 - t) / (1 - w_j)`. Every score is then linear in
    :math:`t`,

    .. math:: s_a(t) = R_a + t\,(p_{aj} - R_a), \qquad
              R_a = \frac{s_a - w_j p_{aj}}{1 - w_j},

    so two alternatives swap where their lines cross; the ranking holds
    between the crossings nearest to :math:`w_j` on either side.

    References
    ----------
    .. [1] Saaty, T. L. and Vargas, L. G. (2012). *Models, Methods, Concepts
       and Applications of the Analytic Hierarchy Process*, 2nd ed., ch. 1
       (sensitivity analysis). Springer.
    .. [2] Triantaphyllou, E. and Sanchez, A. (1997). A sensitivity analysis
       approach for some deterministic multi-criteria decision-making
       methods. *Decision Sciences*, 28(1), 151-194.

    Examples
    --------
    Two alternatives, two criteria: at weights 0.6 / 0.4 the scores are
    0.58 and 0.42; A stays first while the first criterion's weight is
    above 1/3:

    >>> from custvalue.scoring.ahp import weight_sensitivity
    >>> ws = weight_sensitivity([[0.7, 0.4], [0.3, 0.6]], [0.6, 0.4],
    ...                         alternatives=["A", "B"], criteria=["price", "service"])
    >>> ws.low.round(4), ws.high.round(4)
    (array([0.3333, 0.    ]), array([1.    , 0.6667]))
    """
    if is_dataframe(priorities):
        # alternatives down the rows, criteria across; a Series of weights is
        # paired with the columns by label
        if alternatives is None:
            alternatives = [str(x) for x in priorities.index]
        if criteria is None:
            criteria = [str(c) for c in priorities.columns]
        if is_series(weights):
            (_, weights), _ = align_by_label(criteria=priorities.columns, weights=weights)
    p = as_float_array(priorities, "priorities", ndim=2)
    w = as_float_array(weights, "weights", ndim=1)
    m, k = p.shape
    if m < 2:
        raise ValueError(f"priorities must have at least 2 alternatives (rows); got {m}")
    if k < 2:
        raise ValueError(f"priorities must have at least 2 criteria (columns); got {k}")
    if w.shape[0] != k:
        raise ValueError(
            f"priorities, weights have inconsistent numbers of criteria: [{k}, {w.shape[0]}]"
        )
    for name, arr in (("priorities", p), ("weights", w)):
        bad = arr < 0
        if bad.any():
            pos = tuple(int(x) for x in np.argwhere(bad)[0])
            raise ValueError(f"{name} must be >= 0; got {arr[pos]:g} at index {pos}")
    if not w.sum() > 0:
        raise ValueError("weights must not all be 0")
    w = w / w.sum()
    top = float(p.max())
    if top > 0:
        p = p / top  # the ranking and its crossing points do not change with the scale
    alts = (
        _check_labels(alternatives, m, "alternatives")
        if alternatives is not None
        else tuple(f"a{i + 1}" for i in range(m))
    )
    crit = _check_labels(criteria, k, "criteria")
    scores = p @ w
    ranking = tuple(alts[i] for i in np.argsort(-scores, kind="stable"))
    low = np.zeros(k)
    high = np.ones(k)
    swap_low: list[tuple[str, str] | None] = [None] * k
    swap_high: list[tuple[str, str] | None] = [None] * k
    ia, ib = np.triu_indices(m, 1)
    scale = 1.0 if top > 0 else 1e-300
    for j in range(k):
        # with every other weight 0, R is undefined; 0 keeps the lines well defined
        rest = np.zeros(m) if w[j] >= 1.0 else (scores - w[j] * p[:, j]) / (1.0 - w[j])
        slope = p[:, j] - rest
        d0 = rest[ia] - rest[ib]
        d1 = slope[ia] - slope[ib]
        at = d0 + w[j] * d1
        tied = np.abs(at) <= 1e-12 * scale
        if np.any(tied & (np.abs(d1) > 1e-12 * scale)):
            low[j] = high[j] = w[j]
            q = int(np.argmax(tied & (np.abs(d1) > 1e-12 * scale)))
            swap_low[j] = swap_high[j] = (alts[ia[q]], alts[ib[q]])
            continue
        moving = np.abs(d1) > 1e-15 * scale
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = np.where(moving, -d0 / np.where(moving, d1, 1.0), np.nan)
        below = moving & (cross < w[j]) & (cross >= 0.0)
        above = moving & (cross > w[j]) & (cross <= 1.0)
        if below.any():
            q = int(np.flatnonzero(below)[np.argmax(cross[below])])
            low[j] = cross[q]
            swap_low[j] = (alts[ia[q]], alts[ib[q]])
        if above.any():
            q = int(np.flatnonzero(above)[np.argmin(cross[above])])
            high[j] = cross[q]
            swap_high[j] = (alts[ia[q]], alts[ib[q]])
    return WeightSensitivity(
        criteria=crit,
        weights=w,
        low=low,
        high=high,
        swap_low=tuple(swap_low),
        swap_high=tuple(swap_high),
        alternatives=alts,
        ranking=ranking,
    )


@attrs.frozen(eq=False, repr=False)
class Hierarchy(ResultMixin):
    """A criteria hierarchy (层次结构模型) with judgments at its internal nodes.

    A node is a name, its children (sub-criteria; none for an indicator or
    leaf criterion) and, for an internal node, either a
    :class:`PairwiseMatrix` comparing the children or given ``local_weights``.
    Skeletons without judgments are completed with :meth:`with_judgments` /
    :meth:`with_weights`, which return new hierarchies.

    Parameters
    ----------
    name : str
        Node name (unique in the tree; for leaves used as the data column).
    children : sequence of Hierarchy or str
        Sub-nodes; strings become leaves.
    comparisons : PairwiseMatrix, optional
        Judgments on the children. Its labels must name the children (in any
        order); generic labels ``c1, c2, ...`` are read in child order.
    local_weights : array_like, optional
        Given weights of the children instead of judgments (rescaled to sum
        to 1).
    direction : {"benefit", "cost"}
        For a leaf indicator: whether larger values are better (benefit) or
        worse (cost); used by :func:`custvalue.scoring.index.value_index`.
    method, random_index, threshold
        Options of :func:`weights` used throughout the tree (read at the
        root).

    See Also
    --------
    custvalue.scoring.index.value_index : score customers with a hierarchy.

    Examples
    --------
    Wikipedia's "choosing a leader" example: four criteria, three candidates;
    the published priorities are experience .547, education .127, charisma
    .270, age .056 and Tom .358, Dick .493, Harry .149.

    >>> from custvalue.scoring.ahp import Hierarchy, PairwiseMatrix
    >>> goal = Hierarchy("leader", ["experience", "education", "charisma", "age"],
    ...     comparisons=PairwiseMatrix.from_upper([4, 3, 7, 1/3, 3, 5]))
    >>> {k: round(v, 4) for k, v in goal.global_weights.items()}
    {'experience': 0.5476, 'education': 0.1266, 'charisma': 0.2699, 'age': 0.0559}
    >>> candidates = ["Tom", "Dick", "Harry"]
    >>> result = goal.synthesize({
    ...     "experience": PairwiseMatrix.from_upper([1/4, 4, 9], labels=candidates),
    ...     "education": PairwiseMatrix.from_upper([3, 1/5, 1/7], labels=candidates),
    ...     "charisma": PairwiseMatrix.from_upper([5, 9, 4], labels=candidates),
    ...     "age": PairwiseMatrix.from_upper([1/3, 5, 9], labels=candidates)})
    >>> result.scores.round(3)
    array([0.358, 0.493, 0.149])
    """

    name: str = attrs.field(converter=_node_name)
    children: tuple[Hierarchy, ...] = attrs.field(default=(), converter=_as_children)
    comparisons: PairwiseMatrix | None = attrs.field(default=None, kw_only=True)
    local_weights: FloatArray | None = attrs.field(
        default=None, kw_only=True, converter=_as_local_weights
    )
    direction: Direction = attrs.field(default="benefit", kw_only=True)
    method: PriorityMethod = attrs.field(default="eigen", kw_only=True)
    random_index: RandomIndexTable = attrs.field(default="saaty1980", kw_only=True)
    threshold: Threshold = attrs.field(default=0.1, kw_only=True)

    def __attrs_post_init__(self) -> None:
        check_option(self.direction, "direction", ("benefit", "cost"))
        check_option(self.method, "method", _METHODS)
        check_option(self.random_index, "random_index", _TABLES)
        _threshold_for(3, self.threshold)
        if self.comparisons is not None and not isinstance(self.comparisons, PairwiseMatrix):
            raise TypeError(
                f"node {self.name!r}: comparisons must be a PairwiseMatrix (or use "
                f"with_judgments for a plain matrix); got {type(self.comparisons).__name__}"
            )
        if self.comparisons is not None and self.local_weights is not None:
            raise ValueError(f"node {self.name!r}: give comparisons or local_weights, not both")
        k = len(self.children)
        if self.comparisons is not None:
            cm = self.comparisons
            if not k:
                raise ValueError(f"node {self.name!r} has comparisons but no children")
            if cm.n != k:
                raise ValueError(
                    f"node {self.name!r}: comparisons must be {k} x {k} (one row per child); "
                    f"got {cm.n} x {cm.n}"
                )
            names = [c.name for c in self.children]
            if cm.labels != _default_labels(k) and set(cm.labels) != set(names):
                raise ValueError(
                    f"node {self.name!r}: comparison labels {list(cm.labels)} do not match "
                    f"children {names}"
                )
        if self.local_weights is not None and self.local_weights.shape[0] != k:
            raise ValueError(
                f"node {self.name!r}: local_weights must have {k} entries (one per child); "
                f"got {self.local_weights.shape[0]}"
            )
        seen: set[str] = set()
        for node in self._walk():
            if node.name in seen:
                raise ValueError(f"node names must be unique in a hierarchy; {node.name!r} repeats")
            seen.add(node.name)
        super().__attrs_post_init__()

    # -- construction -------------------------------------------------------

    @classmethod
    def from_tree(cls, tree: object, **options: Any) -> Hierarchy:
        """Build a skeleton from nested ``(name, [children...])`` pairs.

        A child is a leaf name, a ``(name, "cost")`` pair for a cost
        indicator, or another ``(name, [children...])`` pair. ``options`` are
        passed to the root (``method``, ``random_index``, ``threshold``).

        Examples
        --------
        >>> from custvalue.scoring.ahp import Hierarchy
        >>> h = Hierarchy.from_tree(("value", [("current", ["sales", ("returns", "cost")]),
        ...                                    "potential"]))
        >>> h.leaves, h.find("returns").direction
        (('sales', 'returns', 'potential'), 'cost')
        """
        return cls._build(tree, root_options=options)

    @classmethod
    def _build(cls, tree: object, root_options: Mapping[str, Any] | None = None) -> Hierarchy:
        options = dict(root_options or {})
        if isinstance(tree, str):
            return cls(tree, **options)
        if not (isinstance(tree, tuple) and len(tree) == 2):
            raise TypeError(f"a tree node must be a name or a (name, children) pair; got {tree!r}")
        name, rest = tree
        if isinstance(rest, str):
            return cls(str(name), direction=rest, **options)  # type: ignore[arg-type]
        return cls(str(name), tuple(cls._build(c) for c in rest), **options)

    def _walk(self) -> Iterator[Hierarchy]:
        yield self
        for child in self.children:
            yield from child._walk()

    @property
    def leaves(self) -> tuple[str, ...]:
        """Names of the leaf nodes (indicators), left to right."""
        return tuple(node.name for node in self._walk() if not node.children)

    @property
    def directions(self) -> tuple[str, ...]:
        """Direction (benefit / cost) of each leaf, in :attr:`leaves` order."""
        return tuple(node.direction for node in self._walk() if not node.children)

    def find(self, name: str) -> Hierarchy:
        """The node called ``name``."""
        for node in self._walk():
            if node.name == name:
                return node
        raise KeyError(f"no node named {name!r}; nodes are {[n.name for n in self._walk()]}")

    def _replace(self, name: str, **changes: Any) -> Hierarchy:
        if self.name == name:
            return attrs.evolve(self, **changes)
        kids = tuple(c._replace(name, **changes) for c in self.children)
        return attrs.evolve(self, children=kids)

    def with_judgments(self, node: str, comparisons: object) -> Hierarchy:
        """A copy with ``comparisons`` (a PairwiseMatrix, full matrix or upper triangle).

        An upper triangle (a flat list of n(n-1)/2 judgments) is labelled
        with the node's children.
        """
        target = self.find(node)
        labels = [c.name for c in target.children]
        if isinstance(comparisons, PairwiseMatrix):
            pm = comparisons
        elif np.ndim(comparisons) == 1:  # type: ignore[arg-type]
            pm = PairwiseMatrix.from_upper(comparisons, labels=labels)
        else:
            pm = PairwiseMatrix(comparisons, labels=labels)
        return self._replace(node, comparisons=pm, local_weights=None)

    def with_weights(self, node: str, local_weights: object) -> Hierarchy:
        """A copy with given ``local_weights`` for the children of ``node``."""
        self.find(node)
        return self._replace(node, local_weights=local_weights, comparisons=None)

    # -- computation ---------------------------------------------------------

    def _local(self, root: Hierarchy) -> tuple[FloatArray, AHPResult | None]:
        """Local weights of the children in child order, and the AHP result."""
        k = len(self.children)
        if self.local_weights is not None:
            return self.local_weights, None
        if self.comparisons is None:
            if k == 1:
                return np.ones(1), None
            raise ValueError(
                f"node {self.name!r} has no judgments: add them with "
                f"with_judgments({self.name!r}, ...) or with_weights({self.name!r}, ...)"
            )
        res = weights(
            self.comparisons,
            method=root.method,
            random_index=root.random_index,
            threshold=root.threshold,
        )
        labels = self.comparisons.labels
        if labels == _default_labels(k):
            return res.weights, res
        order = [labels.index(c.name) for c in self.children]
        return res.weights[order], res

    def _global(self, root: Hierarchy, weight: float, out: dict[str, float]) -> None:
        if not self.children:
            out[self.name] = weight
            return
        local, _ = self._local(root)
        for child, w in zip(self.children, local, strict=True):
            child._global(root, weight * float(w), out)

    @property
    def global_weights(self) -> dict[str, float]:
        """Global weight (组合权重) of every leaf: local weights multiplied down the tree."""
        out: dict[str, float] = {}
        self._global(self, 1.0, out)
        return out

    def node_weights(self) -> dict[str, float]:
        """Global weight of every node (the root has weight 1)."""
        out: dict[str, float] = {}

        def visit(node: Hierarchy, weight: float) -> None:
            out[node.name] = weight
            if node.children:
                local, _ = node._local(self)
                for child, w in zip(node.children, local, strict=True):
                    visit(child, weight * float(w))

        visit(self, 1.0)
        return out

    def consistency_report(self) -> ConsistencyReport:
        """Consistency ratio of every node with judgments, and of the whole hierarchy.

        Examples
        --------
        >>> from custvalue.scoring.ahp import Hierarchy
        >>> h = Hierarchy("goal", ["a", "b", "c"]).with_judgments("goal", [2, 4, 2])
        >>> h.consistency_report().consistency_ratio
        (0.0,)
        """
        node_w = self.node_weights()
        rows: list[tuple[str, int, AHPResult]] = []
        for node in self._walk():
            if node.children:
                _, res = node._local(self)
                if res is not None:
                    rows.append((node.name, len(node.children), res))
        num = sum(node_w[name] * r.consistency_index for name, _, r in rows)
        den = sum(node_w[name] * r.random_index for name, _, r in rows)
        cutoff = 0.1 if isinstance(self.threshold, str) else _threshold_for(3, self.threshold)
        return ConsistencyReport(
            nodes=tuple(name for name, _, _ in rows),
            n=tuple(k for _, k, _ in rows),
            lambda_max=tuple(float(r.lambda_max) for _, _, r in rows),
            consistency_index=tuple(float(r.consistency_index) for _, _, r in rows),
            random_index=tuple(r.random_index for _, _, r in rows),
            consistency_ratio=tuple(float(r.consistency_ratio) for _, _, r in rows),
            consistent=tuple(bool(r.consistent) for _, _, r in rows),
            overall_consistency_ratio=float(num / den) if den > 0 else 0.0,
            threshold=cutoff,
        )

    def synthesize(self, alternatives: Mapping[str, object]) -> SynthesisResult:
        r"""Score alternatives from their local priorities under each leaf.

        Parameters
        ----------
        alternatives : mapping of leaf name to PairwiseMatrix or priorities
            For every leaf, a PairwiseMatrix comparing the alternatives (its
            labels name them, identically for every leaf) or a vector of
            their local priorities (rescaled to sum to 1).

        Returns
        -------
        SynthesisResult
            :math:`s_a = \sum_{\ell} W_\ell \, p_{a\ell}` with the leaves'
            global weights :math:`W_\ell` (层次总排序).
        """
        leaves = self.leaves
        extra = sorted(set(alternatives) - set(leaves))
        if extra:
            raise ValueError(f"alternatives name unknown leaves {extra}; leaves are {list(leaves)}")
        gw = self.global_weights
        cols: list[FloatArray] = []
        names: tuple[str, ...] | None = None
        for leaf in leaves:
            if leaf not in alternatives:
                raise ValueError(f"alternatives lack priorities under leaf {leaf!r}")
            item = alternatives[leaf]
            if isinstance(item, PairwiseMatrix):
                res = weights(item, method=self.method, random_index=self.random_index)
                p, labels = res.weights, item.labels
            else:
                p = as_float_array(item, f"alternatives[{leaf!r}]", ndim=1)
                if (p < 0).any() or p.sum() <= 0:
                    raise ValueError(f"alternatives[{leaf!r}] must be >= 0 and not all 0")
                p = p / p.sum()
                labels = _default_labels(p.shape[0])
            if names is None:
                names = labels
            elif len(labels) != len(names):
                raise ValueError(
                    f"alternatives[{leaf!r}] compares {len(labels)} alternatives; "
                    f"expected {len(names)}"
                )
            elif labels != names and labels != _default_labels(len(names)):
                if set(labels) != set(names):
                    raise ValueError(
                        f"alternatives[{leaf!r}] labels {list(labels)} differ from {list(names)}"
                    )
                p = p[[labels.index(x) for x in names]]
            cols.append(p)
        assert names is not None
        local = np.column_stack(cols)
        lw = np.array([gw[leaf] for leaf in leaves])
        return SynthesisResult(
            scores=local @ lw,
            alternatives=names,
            local_priorities=local,
            leaves=leaves,
            leaf_weights=lw,
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per node: node, parent, level, local_weight, global_weight, direction.

        Weights are NaN for nodes under a parent without judgments yet.
        """
        import pandas as pd

        rows: list[dict[str, Any]] = []

        def visit(node: Hierarchy, parent: str | None, level: int, lw: float, gw: float) -> None:
            rows.append(
                {
                    "node": node.name,
                    "parent": parent,
                    "level": level,
                    "local_weight": lw,
                    "global_weight": gw,
                    "leaf": not node.children,
                    "direction": node.direction if not node.children else None,
                }
            )
            if not node.children:
                return
            try:
                local, _ = node._local(self)
            except ValueError:
                local = np.full(len(node.children), np.nan)
            for child, w in zip(node.children, local, strict=True):
                visit(child, node.name, level + 1, float(w), gw * float(w))

        visit(self, None, 0, 1.0, 1.0)
        frame: pd.DataFrame = pd.DataFrame(rows)
        return frame
