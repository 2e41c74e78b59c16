"""Customer pyramid (顾客金字塔) and value concentration (二八法则, 80/20).

The tools an analyst uses to decide which customers make the firm's value
and to serve each tier differently:

- :func:`assign_tiers`: the two-tier 80/20 pyramid, the Zeithaml, Rust &
  Lemon platinum / gold / iron / lead pyramid, Curry's 1/4/15/80 pyramid
  with its inactive tier, or custom tiers, cut by customer share, by
  cumulative value share or by explicit value thresholds;
- :func:`tier_summary`: customers, value and market share per tier, the
  table of the textbook examples;
- :func:`concentration`: the Lorenz curve, the Gini coefficient and the
  "x% of customers make y% of value" questions in both directions;
- :func:`abc_classes`: ABC (Pareto) classes by cumulative value share;
- :func:`value_matrix`: the current-value x potential-value matrix
  (客户价值矩阵);
- :func:`kmeans_tiers`: data-driven tiers from one-dimensional k-means.

The tie rule
------------
Every tiering in this module is a set of value thresholds (``edges``, top
tier first): a customer belongs to the highest tier whose threshold their
value reaches (``value >= edge``). Cuts given as shares (of customers or of
value) are turned into thresholds first, taking the value of the customer
at which the cut falls. Customers with equal values therefore always share
a tier; when a group of equal values straddles a cut, the whole group joins
the upper tier, so that tier holds a little more than its nominal share.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, cast, overload

import attrs
import numpy as np
import numpy.typing as npt

from custvalue._indexed import IndexedResultMixin
from custvalue._results import ConfidenceInterval, FrozenDict, ResultMixin, frozen_array
from custvalue._validate import (
    FloatArray,
    FloatOrArray,
    _fmt,
    _pandas_type,
    align_by_label,
    as_count,
    as_float_array,
    as_rng,
    as_scalar,
    check_interval,
    check_level,
    check_missing,
    check_option,
    check_same_length,
    is_series,
    like_input,
    missing_hint,
    with_caller_labels,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "SCHEMES",
    "Concentration",
    "Tiers",
    "ValueMatrix",
    "abc_classes",
    "assign_tiers",
    "concentration",
    "kmeans_tiers",
    "tier_summary",
    "value_matrix",
]

Scheme = Literal["pareto", "zeithaml", "curry", "custom"]
By = Literal["customers", "value", "threshold"]

#: Tier names (top to bottom) and default customer-share cuts of each scheme.
#: The cuts are cumulative shares from the top: ``(0.01, 0.05, 0.20)`` means
#: the top 1%, the next 4%, the next 15% and the rest.
SCHEMES: Mapping[str, tuple[tuple[str, ...], tuple[float, ...]]] = FrozenDict(
    {
        "pareto": (("gold", "iron"), (0.2,)),
        "zeithaml": (("platinum", "gold", "iron", "lead"), (0.01, 0.05, 0.20)),
        "curry": (("top", "big", "medium", "small", "inactive"), (0.01, 0.05, 0.20)),
        "custom": ((), ()),
    }
)

# Shares within this distance of a cut count as reaching it (rounding of
# cumulative sums over millions of customers).
_TOL = 1e-10
# Codes are stored as int8.
_MAX_TIERS = 100

Codes = npt.NDArray[np.int8]


# ---------------------------------------------------------------------------
# result objects
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Tiers(IndexedResultMixin):
    """Tier of every customer, with the thresholds that made it.

    Attributes
    ----------
    codes : numpy.ndarray of int8
        Tier position of each customer, 0 for the top tier (read-only).
    names : tuple of str
        Tier names, top tier first.
    edges : tuple of float
        The value thresholds used, top first: tier ``j`` holds the customers
        with ``edges[j] <= value < edges[j - 1]`` (the top tier has no upper
        bound, the bottom tier no lower bound). ``inf`` marks a threshold no
        customer reaches (an empty tier).
    scheme : str
        ``"pareto"``, ``"zeithaml"``, ``"curry"``, ``"custom"``, ``"abc"``
        or ``"kmeans"``.
    by : str
        How the cuts were read: ``"customers"``, ``"value"``,
        ``"threshold"`` or ``"kmeans"``.
    cuts : tuple of float
        The cuts as given (shares or thresholds; k-means centres for
        :func:`kmeans_tiers`).
    index : pandas.Index or None
        Index of Series input; :attr:`labels` and :meth:`to_frame` use it.
    """

    codes: Codes
    names: tuple[str, ...]
    edges: tuple[float, ...]
    scheme: str
    by: str
    cuts: tuple[float, ...]
    index: Any = attrs.field(default=None, eq=False)

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    @property
    def n_tiers(self) -> int:
        """Number of tiers (including empty ones)."""
        return len(self.names)

    @property
    def labels(self) -> Any:
        """Tier name of every customer, aligned with the input.

        A numpy array of str for array or list input; for a pandas Series, a
        Series with the same index holding an ordered ``Categorical`` whose
        categories run from the top tier to the bottom one (so sorting by
        tier lists the top tier first).
        """
        if self.index is not None:
            import pandas as pd

            return pd.Series(_categorical(self.codes, self.names), index=self.index, name="tier")
        return np.asarray(self.names)[self.codes]

    def counts(self) -> dict[str, int]:
        """Number of customers per tier, top tier first (empty tiers give 0)."""
        n = np.bincount(self.codes, minlength=self.n_tiers)
        return {name: int(c) for name, c in zip(self.names, n, strict=True)}

    def to_frame(self) -> pd.DataFrame:
        """One row per customer: ``tier`` (ordered categorical) and ``tier_code``."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {
                "tier": _categorical(self.codes, self.names),
                "tier_code": self.codes.astype(np.int64),
            },
            index=self.index,
        )
        return frame


@attrs.frozen(eq=False, repr=False)
class Concentration(ResultMixin):
    """Value concentration: Lorenz curve, Gini coefficient and top shares.

    Attributes
    ----------
    lorenz_y : numpy.ndarray
        Cumulative share of value held by the bottom ``k`` customers,
        ``k = 0..n`` (starts at 0, ends at 1; read-only).
    gini : float
        Gini coefficient (with the small-sample factor ``n / (n - 1)`` when
        requested).
    total_value : float
        Sum of the values.
    n_customers : int
        Number of customers.
    n_negative : int
        Number of customers with negative value.
    small_sample : bool
        Whether :attr:`gini` carries the ``n / (n - 1)`` factor.
    """

    lorenz_y: FloatArray
    gini: float
    total_value: float
    n_customers: int
    n_negative: int
    small_sample: bool

    @property
    def lorenz_x(self) -> FloatArray:
        """Cumulative share of customers ``k / n``, ``k = 0..n``."""
        out: FloatArray = np.linspace(0.0, 1.0, self.n_customers + 1)
        return out

    @overload
    def top_share(self, fraction: float) -> float: ...
    @overload
    def top_share(self, fraction: object) -> FloatOrArray: ...
    def top_share(self, fraction: object) -> FloatOrArray:
        r"""Share of value held by the top ``fraction`` of customers.

        Parameters
        ----------
        fraction : float or array_like
            Share(s) of customers in [0, 1], counted from the most valuable.

        Returns
        -------
        float or numpy.ndarray
            :math:`T(f) = 1 - L(1 - f)`, read off the Lorenz curve and
            linearly interpolated between whole customers.

        Raises
        ------
        ValueError
            If ``fraction`` is outside [0, 1].

        Examples
        --------
        >>> from custvalue.pyramid import concentration
        >>> concentration([1, 2, 3, 4, 10]).top_share(0.2)
        0.5
        """
        f = as_float_array(fraction, "fraction")
        check_interval(f, "fraction", "[0, 1]")
        n = self.n_customers
        pos = (1.0 - f) * n
        j = np.clip(np.floor(pos).astype(np.int64), 0, n - 1)
        frac = pos - j
        y = self.lorenz_y
        low = y[j]
        out = 1.0 - (low + frac * (y[j + 1] - low))
        return cast(
            "FloatOrArray",
            like_input(np.asarray(out, dtype=np.float64), fraction, name="top_share"),
        )

    @overload
    def customers_for_share(self, value_share: float) -> float: ...
    @overload
    def customers_for_share(self, value_share: object) -> FloatOrArray: ...
    def customers_for_share(self, value_share: object) -> FloatOrArray:
        r"""Smallest share of customers whose value reaches ``value_share``.

        Answers "what share of the customers makes 60% of the value?".

        Parameters
        ----------
        value_share : float or array_like
            Share(s) of total value in [0, 1].

        Returns
        -------
        float or numpy.ndarray
            :math:`k / n` for the smallest whole number ``k`` of top
            customers with :math:`T(k / n) \ge s` (shares within 1e-10 of
            ``s`` count as reaching it). Multiply by :attr:`n_customers` for
            the number of customers.

        Raises
        ------
        ValueError
            If ``value_share`` is outside [0, 1].

        Examples
        --------
        >>> from custvalue.pyramid import concentration
        >>> conc = concentration([1, 2, 3, 4, 10])
        >>> conc.customers_for_share(0.5), conc.customers_for_share(0.7)
        (0.2, 0.4)
        """
        s = as_float_array(value_share, "value_share")
        check_interval(s, "value_share", "[0, 1]")
        n = self.n_customers
        # T(k/n) >= s  <=>  L((n - k)/n) <= 1 - s. L falls over the negative
        # values, then rises: search the rising part for the largest such j.
        rising = self.lorenz_y[self.n_negative :]
        j = self.n_negative + np.searchsorted(rising, 1.0 - s + _TOL, side="right") - 1
        k = n - np.clip(j, 0, n)
        return cast(
            "FloatOrArray",
            like_input(np.asarray(k / n, dtype=np.float64), value_share, name="customer_share"),
        )

    # -- inequality indices (issue: the measures of R's ineq) -----------------

    def _relative(self, measure: str, *, positive: bool = False) -> FloatArray:
        """Each customer's value over the mean, ``n s_i``, sorted increasingly."""
        if self.n_negative:
            raise ValueError(
                f"{measure} needs values >= 0; got {self.n_negative} negative "
                "value(s) (the Gini coefficient and top shares allow them)"
            )
        rel: FloatArray = np.diff(self.lorenz_y) * self.n_customers
        np.maximum(rel, 0.0, out=rel)  # rounding of the cumulative sums
        if positive and not rel[0] > 0:
            zeros = int(np.count_nonzero(rel <= 0))
            raise ValueError(
                f"{measure} needs every value > 0 (it takes logarithms or negative "
                f"powers of them); got {zeros} customer(s) with value 0"
            )
        return rel

    @property
    def theil_t(self) -> float:
        r"""Theil's T index (the entropy index GE(1)): :math:`\frac1n\sum_i r_i \ln r_i`.

        :math:`r_i = v_i / \bar v`; 0 for equal values, :math:`\ln n` when
        one customer holds everything. R ineq: ``Theil(x, parameter = 0)``.
        Needs values >= 0 (:math:`0 \ln 0 = 0`).
        """
        r = self._relative("theil_t")
        pos = r > 0
        return float(np.sum(r[pos] * np.log(r[pos])) / self.n_customers)

    @property
    def theil_l(self) -> float:
        r"""Theil's L index, the mean log deviation (GE(0)): :math:`\frac1n\sum_i \ln(1/r_i)`.

        R ineq: ``entropy(x, parameter = 0)``. Needs values > 0.
        """
        r = self._relative("theil_l", positive=True)
        return float(-np.mean(np.log(r)))

    def generalized_entropy(self, alpha: float) -> float:
        r"""Generalised entropy index GE(:math:`\alpha`).

        .. math:: GE(\alpha) = \frac{1}{\alpha(\alpha - 1)}
                  \Bigl[\frac1n \sum_i r_i^{\alpha} - 1\Bigr],
                  \qquad r_i = v_i / \bar v,

        with the limits :attr:`theil_l` at :math:`\alpha = 0` and
        :attr:`theil_t` at :math:`\alpha = 1`; GE(2) is half the squared
        coefficient of variation. R ineq: ``entropy(x, parameter = alpha)``.
        Needs values >= 0, and > 0 for :math:`\alpha \le 0`.

        Examples
        --------
        >>> from custvalue.pyramid import concentration
        >>> concentration([1, 2, 3, 6]).generalized_entropy(2)  # 7/36
        0.19444444444444...
        """
        a = as_scalar(alpha, "alpha")
        if a == 0.0:
            return self.theil_l
        if a == 1.0:
            return self.theil_t
        r = self._relative(f"generalized_entropy({a:g})", positive=a < 0)
        log_mean = _log_mean_power(r, a)
        if log_mean > 700.0:
            raise ValueError(
                f"generalized_entropy: alpha={a:g} overflows the float64 range for these "
                "values; use a smaller alpha"
            )
        return float(math.expm1(log_mean) / (a * (a - 1.0)))

    def atkinson(self, epsilon: float = 0.5) -> float:
        r"""Atkinson's index with inequality aversion :math:`\varepsilon \ge 0`.

        .. math:: A_\varepsilon = 1 - \Bigl[\frac1n \sum_i
                  r_i^{1 - \varepsilon}\Bigr]^{1/(1 - \varepsilon)},
                  \qquad A_1 = 1 - \prod_i r_i^{1/n},

        the share of the total that could be given up, with equal values,
        without lowering the welfare :math:`\varepsilon` expresses. R ineq:
        ``Atkinson(x, parameter = epsilon)``. With a zero value and
        :math:`\varepsilon \ge 1` the index is 1 (its limit).

        Examples
        --------
        >>> from custvalue.pyramid import concentration
        >>> concentration([1, 4, 9, 16]).atkinson(0.5)  # 1 - 2.5**2 / 7.5 = 1/6
        0.16666666666666...
        """
        e = as_scalar(epsilon, "epsilon", ">= 0")
        r = self._relative(f"atkinson({e:g})")
        if e >= 1.0 and not r[0] > 0:
            return 1.0
        if e == 1.0:
            return float(-math.expm1(float(np.mean(np.log(r)))))
        return float(-math.expm1(_log_mean_power(r, 1.0 - e) / (1.0 - e)))

    @property
    def herfindahl(self) -> float:
        r"""Herfindahl-Hirschman index :math:`\sum_i s_i^2` of the value shares.

        From :math:`1/n` (equal values) to 1 (one customer holds all); multiply
        by 10,000 for the antitrust convention on percentage shares. R ineq:
        ``conc(x, type = "Herfindahl")``. Needs values >= 0.
        """
        self._relative("herfindahl")
        s = np.diff(self.lorenz_y)
        return float(np.dot(s, s))

    @property
    def palma(self) -> float:
        r"""Palma ratio: value share of the top 10% over that of the bottom 40%.

        :math:`T(0.1) / L(0.4)`, read off the Lorenz curve (interpolated
        between whole customers, as :meth:`top_share`). Needs values >= 0
        and a positive share for the bottom 40%.
        """
        self._relative("palma")
        bottom = 1.0 - float(self.top_share(0.6))
        if not bottom > 0:
            raise ValueError(
                "palma needs a positive value share for the bottom 40% of customers; got 0"
            )
        return float(self.top_share(0.1)) / bottom

    def top_k_share(self, k: int) -> float:
        """Share of value held by the ``k`` most valuable customers (0 <= k <= n).

        Examples
        --------
        >>> from custvalue.pyramid import concentration
        >>> concentration([1, 2, 3, 4, 10]).top_k_share(2)
        0.7
        """
        m = as_count(k, "k")
        if m > self.n_customers:
            raise ValueError(f"k must be <= the number of customers ({self.n_customers}); got {m}")
        return float(1.0 - self.lorenz_y[self.n_customers - m])

    def confidence_interval(
        self, *, level: float = 0.95, n_resamples: int = 2000, rng: object = None
    ) -> ConfidenceInterval:
        r"""Percentile bootstrap interval for the Gini coefficient.

        Customers are resampled with replacement ``n_resamples`` times; the
        interval runs between the :math:`(1 \mp \text{level})/2` quantiles of
        the resampled Gini coefficients (with the small-sample factor when
        :attr:`small_sample` is set).

        Parameters
        ----------
        level : float, default 0.95
            Confidence level in (0, 1).
        n_resamples : int, default 2000
            Number of bootstrap samples (>= 100).
        rng : int or numpy.random.Generator, optional
            Seed or generator; the same seed gives the same interval.

        Returns
        -------
        ConfidenceInterval

        Notes
        -----
        The percentile bootstrap of Efron & Tibshirani (1993, ch. 13); for
        samples of a few hundred customers its coverage is close to the
        nominal level (checked by simulation in the tests), a little below it
        for small samples of very unequal values.

        Examples
        --------
        >>> from custvalue.pyramid import concentration
        >>> ci = concentration([1, 2, 3, 4, 10, 7, 2, 1, 5, 30]).confidence_interval(rng=1)
        >>> low, high = ci
        >>> bool(low < concentration([1, 2, 3, 4, 10, 7, 2, 1, 5, 30]).gini < high)
        True
        """
        lv = check_level(level)
        b = as_count(n_resamples, "n_resamples", minimum=100)
        gen = as_rng(rng)
        n = self.n_customers
        if n < 2:
            raise ValueError(f"confidence_interval needs at least 2 customers; got {n}")
        v = np.diff(self.lorenz_y)  # the value shares: the Gini is scale-free
        out = np.empty(b)
        chunk = max(1, min(b, 4_000_000 // n))
        weights = 2.0 * np.arange(1, n + 1) - n - 1.0  # G = sum (2i - n - 1) x_(i) / (n sum x)
        factor = n / (n - 1) if self.small_sample else 1.0
        for start in range(0, b, chunk):
            stop = min(b, start + chunk)
            sample = np.sort(v[gen.integers(0, n, size=(stop - start, n))], axis=1)
            totals = sample.sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                g = (sample @ weights) / (n * totals)
            out[start:stop] = g * factor
        if not np.isfinite(out).all():
            raise ValueError(
                "confidence_interval: some resamples have a total value <= 0 (too many "
                "negative values for a bootstrap of the Gini coefficient)"
            )
        low, high = np.quantile(out, [(1.0 - lv) / 2.0, (1.0 + lv) / 2.0])
        return ConfidenceInterval(low=float(low), high=float(high), level=lv)

    def to_frame(self) -> pd.DataFrame:
        """The Lorenz curve: columns ``customer_share`` and ``value_share``."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {"customer_share": self.lorenz_x, "value_share": self.lorenz_y}
        )
        return frame


@attrs.frozen(eq=False, repr=False)
class ValueMatrix(IndexedResultMixin):
    """Current-value x potential-value matrix (客户价值矩阵).

    Attributes
    ----------
    high_current, high_potential : numpy.ndarray of bool
        Whether each customer's current (potential) value reaches its cut.
    current_cut, potential_cut : float
        The cuts used (the medians unless given).
    quadrant_names : tuple of str
        Names of the quadrants in the order high/high, high/low, low/high,
        low/low (current first).
    current, potential : numpy.ndarray
        The input values, kept for :meth:`summary`.
    index : pandas.Index or None
        Index of Series input.
    """

    high_current: npt.NDArray[np.bool_]
    high_potential: npt.NDArray[np.bool_]
    current_cut: float
    potential_cut: float
    quadrant_names: tuple[str, str, str, str]
    current: FloatArray
    potential: FloatArray
    index: Any = attrs.field(default=None, eq=False)

    @property
    def codes(self) -> npt.NDArray[np.int64]:
        """Quadrant position of every customer, 0..3 in the order of :attr:`quadrant_names`."""
        out: npt.NDArray[np.int64] = 2 * (~self.high_current) + (~self.high_potential)
        return out

    @property
    def labels(self) -> Any:
        """Quadrant name of every customer (a Series with the input's index for Series input)."""
        if self.index is not None:
            import pandas as pd

            cat = _categorical(self.codes, self.quadrant_names)
            return pd.Series(cat, index=self.index, name="quadrant")
        return np.asarray(self.quadrant_names)[self.codes]

    def summary(self) -> str:
        """The quadrant table as text (the numbers of :meth:`to_frame`)."""
        frame = self.to_frame()
        lines = [
            f"Value matrix of {self.codes.shape[0]} customers "
            f"(current cut {self.current_cut:.6g}, potential cut {self.potential_cut:.6g})"
        ]
        width = max(len(q) for q in self.quadrant_names)
        for row in frame.itertuples(index=False):
            lines.append(
                f"  {row.quadrant:<{width}}  {row.customers:>8d} customers "
                f"({row.customer_share:6.1%})  mean current {row.mean_current:.6g}, "
                f"mean potential {row.mean_potential:.6g}"
            )
        return "\n".join(lines)

    def to_frame(self, *, per: Literal["quadrant", "customer"] = "quadrant") -> pd.DataFrame:
        """The quadrant table, or with ``per="customer"`` one row per customer.

        ``per="quadrant"`` (default): one row per quadrant, columns
        ``quadrant``, ``high_current``, ``high_potential``, ``customers``,
        ``customer_share``, ``current_total``, ``potential_total``,
        ``mean_current``, ``mean_potential`` (NaN for an empty quadrant).
        ``per="customer"``: columns ``current``, ``potential``, ``quadrant``,
        indexed like the input.
        """
        import pandas as pd

        if check_option(per, "per", ("quadrant", "customer")) == "customer":
            cat = _categorical(self.codes, self.quadrant_names)
            rows: pd.DataFrame = pd.DataFrame(
                {"current": self.current, "potential": self.potential, "quadrant": cat},
                index=self.index,
            )
            return rows

        codes = self.codes
        n = max(codes.shape[0], 1)
        counts = np.bincount(codes, minlength=4)
        cur = np.bincount(codes, weights=self.current, minlength=4)
        pot = np.bincount(codes, weights=self.potential, minlength=4)
        safe = np.maximum(counts, 1)
        frame: pd.DataFrame = pd.DataFrame(
            {
                "quadrant": list(self.quadrant_names),
                "high_current": [True, True, False, False],
                "high_potential": [True, False, True, False],
                "customers": counts.astype(np.int64),
                "customer_share": counts / n,
                "current_total": cur,
                "potential_total": pot,
                "mean_current": np.where(counts > 0, cur / safe, np.nan),
                "mean_potential": np.where(counts > 0, pot / safe, np.nan),
            }
        )
        return frame


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _categorical(codes: npt.NDArray[Any], names: Sequence[str]) -> Any:
    """Ordered pandas Categorical of tier names from codes (pandas imported lazily)."""
    import pandas as pd

    return pd.Categorical.from_codes(
        codes.astype(np.int64), categories=pd.Index(list(names)), ordered=True
    )


def _values(values: object, name: str = "values") -> FloatArray:
    try:
        return as_float_array(values, name, ndim=1)
    except (ValueError, TypeError) as exc:
        raise with_caller_labels(exc, values) from None


def _index(values: object) -> Any:
    return values.index if is_series(values) else None


def _midpoint(lo: float, hi: float) -> float:
    """``(lo + hi) / 2`` without overflow (the same float whenever the sum does not overflow)."""
    return lo / 2.0 + hi / 2.0


def _log_mean_power(r: FloatArray, power: float) -> float:
    """``log(mean(r ** power))`` for ``r >= 0`` without overflow (log-sum-exp)."""
    with np.errstate(divide="ignore"):
        logs = power * np.log(r)
    top = float(np.max(logs))
    if top == -math.inf:  # every term is 0
        return -math.inf
    return top + math.log(float(np.mean(np.exp(logs - top))))


def _too_large(name: str, v: FloatArray) -> ValueError:
    """The error for values whose sum does not fit in float64."""
    biggest = float(np.max(np.abs(v)))
    return ValueError(
        f"{name} are too large to add up in float64 (largest magnitude {biggest!r}); "
        "rescale them first, e.g. to thousands or millions"
    )


def _codes(v: FloatArray, edges: Sequence[float]) -> Codes:
    """Tier codes: the number of thresholds a value does not reach."""
    codes = np.zeros(v.shape[0], dtype=np.int8)
    for e in edges:
        np.add(codes, v < e, out=codes, casting="unsafe")
    out: Codes = frozen_array(codes, copy=False)
    return out


def _share_cuts(cuts: object, name: str = "cuts") -> tuple[float, ...]:
    c = _cut_array(cuts, name)
    check_interval(c, name, "(0, 1)")
    _check_monotone(c, name, increasing=True)
    return tuple(float(x) for x in c)


def _check_monotone(c: FloatArray, name: str, *, increasing: bool) -> None:
    step = np.diff(c)
    bad = step <= 0 if increasing else step >= 0
    if np.any(bad):
        i = int(np.argmax(bad)) + 1
        word = "increasing" if increasing else "decreasing"
        raise ValueError(
            f"{name} must be strictly {word}; got {_fmt(c[i])} after {_fmt(c[i - 1])} at index {i}"
        )
    if c.shape[0] >= _MAX_TIERS:
        raise ValueError(f"{name} must have fewer than {_MAX_TIERS} values; got {c.shape[0]}")


def _edges_by_customers(x: FloatArray, cuts: Sequence[float]) -> list[float]:
    """Value of the customer at each customer-share cut (k = ceil(p n) from the top).

    One partition per cut, each on the top slice left by the previous one
    (numpy's multi-kth partition is much slower than nested single ones).
    """
    n = x.shape[0]
    if n == 0:
        return [math.inf] * len(cuts)
    ks = [min(n, max(1, math.ceil(p * n * (1.0 - 1e-12)))) for p in cuts]
    edges = [0.0] * len(ks)
    top = x
    # widest cut first: its top slice holds every narrower cut's customer
    for i in sorted(range(len(ks)), key=lambda i: -ks[i]):
        k = ks[i]
        m = top.shape[0]
        top = np.partition(top, m - k)[m - k :]
        edges[i] = float(top[0])
    return edges


def _median(x: FloatArray) -> float:
    """Median with one single-kth partition (np.median's two-kth one is slower)."""
    m = x.shape[0]
    part = np.partition(x, m // 2)
    hi = float(part[m // 2])
    if m % 2:
        return hi
    lo = float(part[: m // 2].max())
    return _midpoint(lo, hi)


def _sorted_desc(x: FloatArray) -> tuple[FloatArray, FloatArray, float]:
    s = np.sort(x)[::-1]
    with np.errstate(over="ignore", invalid="ignore"):
        cum = np.cumsum(s)
    total = float(cum[-1]) if cum.shape[0] else 0.0
    # once a running sum overflows it stays infinite (or NaN), so the total tells
    if not math.isfinite(total):
        raise _too_large("values", x)
    return s, cum, total


def _edges_by_value(
    x: FloatArray, cuts: Sequence[float], *, include_crossing: bool = True
) -> list[float]:
    """Value of the customer at which the cumulative value share reaches each cut."""
    if x.shape[0] == 0:
        return [math.inf] * len(cuts)
    s, cum, total = _sorted_desc(x)
    if not total > 0:
        raise ValueError(
            f"by='value' needs a positive total value to take shares of; got total {total!r}"
        )
    # with no negative values the cumulative sum never falls: binary search
    monotone = bool(s[-1] >= 0)
    edges = []
    for p in cuts:
        if include_crossing:
            target = p * total - _TOL * total
            if monotone:
                c = int(np.searchsorted(cum, target, side="left"))
            else:
                c = int(np.argmax(cum >= target))
            edges.append(float(s[c]))
        else:
            target = p * total + _TOL * total
            if monotone:
                c = int(np.searchsorted(cum, target, side="right"))
            else:
                over = cum > target
                c = int(np.argmax(over)) if over.any() else s.shape[0]
            if c == s.shape[0]:
                edges.append(float(s[-1]))
                continue
            above = int(np.count_nonzero(s[:c] > s[c]))
            edges.append(float(s[above - 1]) if above else math.inf)
    return edges


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _cut_array(cuts: object, name: str) -> FloatArray:
    """The cuts as a 1-D float array; a bare number gets a message showing the fix."""
    c = as_float_array(cuts, name, ndim=(0, 1))
    if c.ndim == 0:
        raise TypeError(
            f"{name} must be a sequence of cuts; got the single number {_fmt(c[()])} "
            f"(write {name}=({_fmt(c[()])},) for one cut)"
        )
    return c


def _threshold_cuts(cuts: object) -> tuple[float, ...]:
    c = _cut_array(cuts, "cuts")
    _check_monotone(c, "cuts", increasing=False)
    return tuple(float(x) for x in c)


def _names(labels: object, n_tiers: int, scheme: str, n_cuts: int) -> tuple[str, ...]:
    if isinstance(labels, np.ndarray) or is_series(labels) or _pandas_type(labels, "Index"):
        labels = labels.tolist()  # type: ignore[attr-defined]
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise TypeError(f"labels must be a sequence of tier names; got {labels!r}")
    names = tuple(labels)
    for i, item in enumerate(names):
        if not isinstance(item, str):
            raise TypeError(f"labels must be strings; got {item!r} at index {i}")
    if len(names) != n_tiers:
        raise ValueError(
            f"labels must name {n_tiers} tiers for scheme={scheme!r} with {n_cuts} cuts; "
            f"got {len(names)}"
        )
    if len(set(names)) != len(names):
        dup = next(x for x in names if names.count(x) > 1)
        raise ValueError(f"labels must be distinct; got {dup!r} twice")
    return names


# ---------------------------------------------------------------------------
# tiers
# ---------------------------------------------------------------------------


def assign_tiers(
    values: object,
    *,
    scheme: Scheme = "zeithaml",
    by: By = "customers",
    cuts: object = None,
    labels: Sequence[str] | None = None,
) -> Tiers:
    r"""Assign customers to the tiers of a customer pyramid (顾客金字塔).

    Parameters
    ----------
    values : array_like or pandas Series
        One value per customer (profit, contribution, sales, CLV). Negative
        values (loss-making customers) are allowed.
    scheme : {"zeithaml", "pareto", "curry", "custom"}
        ``"pareto"``: the two-tier 80/20 pyramid (二八法则), top 20% "gold"
        and the rest "iron". ``"zeithaml"``: Zeithaml, Rust & Lemon's
        platinum (铂层), gold (金层), iron (铁层) and lead (铅层) tiers;
        customers with value <= 0 are always lead and only the customers
        with positive value are split by ``cuts``. ``"curry"``: Curry's
        pyramid, top / big / medium / small for the active customers (value
        > 0) plus an "inactive" tier for value 0 (negative values are
        refused). ``"custom"``: your ``cuts`` and ``labels`` over all
        customers.
    by : {"customers", "value", "threshold"}
        How ``cuts`` are read. ``"customers"``: cumulative shares of
        customers from the top (0.2 = the top 20% of customers).
        ``"value"``: cumulative shares of value (0.6 = the customers who make
        the first 60% of value). ``"threshold"``: value thresholds, top
        first, strictly decreasing.
    cuts : sequence of float, optional
        Increasing shares in (0, 1) for ``by="customers"`` and
        ``by="value"``, decreasing thresholds for ``by="threshold"``. The
        defaults are customer shares: ``(0.2,)`` for pareto and
        ``(0.01, 0.05, 0.20)`` (top 1%, next 4%, next 15%, rest) for zeithaml
        and curry; with ``by="value"`` the pareto default is ``(0.8,)`` and
        the other schemes need explicit cuts.
    labels : sequence of str, optional
        Tier names, top first: one more than ``cuts`` (two more for curry,
        whose last tier is the inactive one). Defaults to the scheme's names
        (:data:`SCHEMES`); required for ``scheme="custom"``.

    Returns
    -------
    Tiers
        ``labels`` (aligned with the input), ``codes`` (0 = top), ``names``,
        the thresholds ``edges`` actually used, ``scheme``, ``by``, ``cuts``.

    Raises
    ------
    ValueError
        For empty input, NaN or infinite values, cuts outside (0, 1) or not
        strictly increasing (thresholds not strictly decreasing, or not
        positive for zeithaml and curry), the wrong number of labels, a
        non-positive total value with ``by="value"`` (or one too large to
        add up in float64), negative values with ``scheme="curry"``, or an
        unknown ``scheme`` / ``by``.
    TypeError
        For non-numeric values, labels that are not strings, or a bare
        number as ``cuts`` (write ``cuts=(0.2,)``).

    See Also
    --------
    tier_summary : the per-tier table.
    concentration : Lorenz curve and "x% of customers make y% of value".
    abc_classes, kmeans_tiers, value_matrix : other segmentations by value.

    Notes
    -----
    **Cuts become thresholds.** Let the :math:`m` customers being split be
    sorted by value, :math:`v_{(1)} \ge v_{(2)} \ge \dots`. A customer-share
    cut :math:`p` falls on customer :math:`k = \lceil p\, m \rceil` (at
    least one customer); a value-share cut :math:`p` on the smallest
    :math:`k` with :math:`\sum_{i \le k} v_{(i)} \ge p \sum_i v_{(i)}`. The
    threshold is :math:`e = v_{(k)}`, and every customer with
    :math:`v \ge e` is in the upper tier. So equal values never split into
    two tiers: a tie group straddling a cut joins the upper tier, which
    then holds more than its nominal share (and a tier can be empty).

    **Zeithaml defaults are a convention.** Zeithaml, Rust & Lemon (2001)
    define the tiers by profitability and service needs, not by fixed
    percentages [1]_. custvalue's default cuts, the top 1%, next 4% and
    next 15% of the customers with positive value, follow Curry's pyramid
    [2]_; the remaining 80% of them form the lead tier together with every
    customer whose value is zero or negative (the customers who cost the
    firm money). Pass ``cuts`` to change the split, e.g. ``by="threshold"``
    with ``cuts=(1000, 200, 0.01)`` for lead = value below 0.01.

    **Curry** ranks revenue, so it refuses negative values; its "small"
    tier is bounded below by the smallest positive value (the last
    ``edge``; with thresholds, the smaller of that value and the last
    threshold, so the edges keep falling), and the inactive tier holds the
    zeros.

    Computation uses one ``numpy.partition`` for customer-share cuts (no
    full sort) and one sort for value-share cuts.

    References
    ----------
    .. [1] Zeithaml, V. A., Rust, R. T., & Lemon, K. N. (2001). The customer
       pyramid: Creating and serving profitable customers. *California
       Management Review*, 43(4), 118-142.
    .. [2] Curry, J., & Curry, A. (2000). *The Customer Marketing Method:
       How to Implement and Profit from Customer Relationship Management*.
       Free Press.
    .. [3] Juran, J. M. (1951). *Quality Control Handbook*. McGraw-Hill
       (the "vital few and trivial many", Pareto principle).

    Examples
    --------
    Ten customers, the top two make 80% of sales (the 80/20 rule):

    >>> from custvalue.pyramid import assign_tiers
    >>> sales = [5200, 2800, 450, 350, 300, 250, 200, 200, 150, 100]
    >>> t = assign_tiers(sales, scheme="pareto")
    >>> t.labels
    array(['gold', 'gold', 'iron', 'iron', 'iron', 'iron', 'iron', 'iron',
           'iron', 'iron'], dtype='<U4')
    >>> t.edges
    (2800.0,)

    Zeithaml tiers by explicit thresholds; the loss-making customer is lead:

    >>> t = assign_tiers([900, 300, 40, -25, 120], by="threshold", cuts=(500, 100, 50))
    >>> t.labels.tolist()
    ['platinum', 'gold', 'lead', 'lead', 'gold']
    """
    scheme = check_option(scheme, "scheme", ("zeithaml", "pareto", "curry", "custom"))
    by = check_option(by, "by", ("customers", "value", "threshold"))
    v = _values(values)
    default_names, default_cuts = SCHEMES[scheme]

    if cuts is None:
        if scheme == "custom":
            raise ValueError("cuts are required for scheme='custom'")
        if by == "threshold":
            raise ValueError("cuts (value thresholds, top first) are required for by='threshold'")
        if by == "value" and scheme != "pareto":
            raise ValueError(
                f"cuts are required for scheme={scheme!r} with by='value' "
                "(the default cuts are customer shares); e.g. cuts=(0.5, 0.8, 0.95)"
            )
        cut_values = (0.8,) if by == "value" else default_cuts
    elif by == "threshold":
        cut_values = _threshold_cuts(cuts)
    else:
        cut_values = _share_cuts(cuts)

    extra = 1 if scheme == "curry" else 0
    n_tiers = len(cut_values) + 1 + extra
    if labels is None:
        if scheme == "custom":
            raise ValueError("labels are required for scheme='custom'")
        if len(default_names) != n_tiers:
            raise ValueError(
                f"scheme={scheme!r} has {len(default_names)} tiers, so cuts needs "
                f"{_plural(len(default_names) - 1 - extra, 'value')}; got {len(cut_values)} "
                "(pass labels= to name a different number of tiers)"
            )
        names = default_names
    else:
        names = _names(labels, n_tiers, scheme, len(cut_values))

    if scheme == "curry":
        neg = v < 0
        if neg.any():
            i = int(np.argmax(neg))
            raise ValueError(
                "values must be >= 0 for scheme='curry' (it ranks revenue; use "
                f"scheme='zeithaml' for profits with losses); got {v[i]!r} at index {i}"
            )
    if scheme in ("zeithaml", "curry"):
        if by == "threshold":
            check_interval(np.asarray(cut_values), f"cuts for scheme={scheme!r}", "> 0")
        split = v[v > 0]
    else:
        split = v

    if by == "threshold":
        edges = list(cut_values)
    elif by == "customers":
        edges = _edges_by_customers(split, cut_values)
    else:
        edges = _edges_by_value(split, cut_values)
    if scheme == "curry":
        # "small" runs down to the smallest active value; min() keeps the edges
        # decreasing when thresholds leave the small tier empty (or none is active)
        smallest = float(split.min()) if split.shape[0] else math.inf
        edges.append(min(smallest, edges[-1]))
    return Tiers(
        codes=_codes(v, edges),
        names=names,
        edges=tuple(edges),
        scheme=scheme,
        by=by,
        cuts=tuple(cut_values),
        index=_index(values),
    )


def _check_tiers(tiers: object) -> Tiers:
    if not isinstance(tiers, Tiers):
        raise TypeError(
            "tiers must be a Tiers result (from assign_tiers, abc_classes or kmeans_tiers); "
            f"got {type(tiers).__name__}"
        )
    return tiers


def tier_summary(
    values: object,
    tiers: Tiers,
    *,
    market_share: Sequence[float] | Mapping[str, float] | None = None,
) -> pd.DataFrame:
    r"""Per-tier table of a customer pyramid (顾客金字塔分层表).

    Customers, value and (optionally) market share per tier.

    Parameters
    ----------
    values : array_like or pandas Series
        One value per customer, aligned with ``tiers``. Usually the values
        the tiers were cut on, but any measure works (e.g. contribution per
        asset-based tier).
    tiers : Tiers
        From :func:`assign_tiers`, :func:`abc_classes` or
        :func:`kmeans_tiers`.
    market_share : sequence of float or mapping, optional
        Each tier's share of the market (of all potential customers, from
        outside data), top tier first, or a mapping from tier name to share;
        each in [0, 1].

    Returns
    -------
    pandas.DataFrame
        One row per tier, top first (empty tiers included), columns
        ``tier``, ``customers``, ``customer_share``, ``total_value``,
        ``value_share``, ``mean_value``, ``median_value`` and, if given,
        ``market_share``. Shares are fractions; mean and median are NaN for
        an empty tier.

    Raises
    ------
    ValueError
        If ``values`` and ``tiers`` differ in length (or, both from pandas,
        in index), values are empty, NaN or infinite, the total value is
        not positive (no value shares) or the tier totals overflow float64,
        or market shares are outside [0, 1] or do not match the tiers.
    TypeError
        If ``tiers`` is not a :class:`Tiers`.

    See Also
    --------
    assign_tiers, concentration

    Notes
    -----
    For tier :math:`j` with customer set :math:`C_j` out of :math:`n`:
    customer share :math:`|C_j| / n`, value share
    :math:`\sum_{i \in C_j} v_i / \sum_i v_i`. With loss-making customers the
    value shares of the lead tier are negative and the others add up to
    more than 1 (the tiers still sum to 1).

    Examples
    --------
    >>> from custvalue.pyramid import assign_tiers, tier_summary
    >>> sales = [5200, 2800, 450, 350, 300, 250, 200, 200, 150, 100]
    >>> print(tier_summary(sales, assign_tiers(sales, scheme="pareto")).to_string())
       tier  customers  customer_share  total_value  value_share  mean_value  median_value
    0  gold          2             0.2       8000.0          0.8      4000.0        4000.0
    1  iron          8             0.8       2000.0          0.2       250.0         225.0
    """
    import pandas as pd

    t = _check_tiers(tiers)
    (_, values), _ = align_by_label(tiers=t.index, values=values)
    v = _values(values)
    check_same_length(values=v, tiers=t.codes)
    m = t.n_tiers
    with np.errstate(over="ignore", invalid="ignore"):
        if np.array_equal(_codes(v, t.edges), t.codes):
            counts, totals, medians = _interval_stats(v, t.edges)
        else:
            counts, totals, medians = _group_stats(v, t.codes, m)
        grand = float(totals.sum())
        if not (math.isfinite(grand) and np.isfinite(totals).all()):
            raise _too_large("values", v)  # (v may be reordered; its largest value is not)
        if not grand > 0:
            raise ValueError(
                f"tier_summary needs a positive total value to take value shares of; got {grand!r}"
            )
        value_share = totals / grand
        if not np.isfinite(value_share).all():
            raise ValueError(
                f"the total value {grand!r} is too small against the tier totals (up to "
                f"{float(np.max(np.abs(totals)))!r}) to express value shares in float64"
            )
    safe = np.maximum(counts, 1)
    data: dict[str, Any] = {
        "tier": list(t.names),
        "customers": counts.astype(np.int64),
        "customer_share": counts / v.shape[0],
        "total_value": totals,
        "value_share": value_share,
        "mean_value": np.where(counts > 0, totals / safe, np.nan),
        "median_value": medians,
    }
    if market_share is not None:
        data["market_share"] = _market_share(market_share, t.names)
    frame: pd.DataFrame = pd.DataFrame(data)
    return frame


def _group_stats(
    v: FloatArray, codes: Codes, m: int
) -> tuple[npt.NDArray[np.int64], FloatArray, FloatArray]:
    """Count, total and median per tier for any grouping."""
    counts: npt.NDArray[np.int64] = np.bincount(codes, minlength=m).astype(np.int64)
    totals: FloatArray = np.bincount(codes, weights=v, minlength=m).astype(np.float64)
    medians: FloatArray = np.full(m, np.nan)
    for j in range(m):
        if counts[j]:
            medians[j] = _median(v[codes == j])
    return counts, totals, medians


def _interval_stats(
    v: FloatArray, edges: Sequence[float]
) -> tuple[npt.NDArray[np.int64], FloatArray, FloatArray]:
    """Count, total and median per tier when the tiers are value intervals.

    The tiers are then consecutive blocks of the sorted values: nested
    partitions cut out each block (bottom tier first) without a full sort or
    a mask per tier. ``v`` (the caller's private copy) is reordered in place.
    """
    m = len(edges) + 1
    # number of customers in tier j or below = number below edges[j - 1]
    at_or_below = [v.shape[0], *(int(np.count_nonzero(v < e)) for e in edges), 0]
    bounds = np.asarray(at_or_below, dtype=np.int64)
    counts: npt.NDArray[np.int64] = bounds[:-1] - bounds[1:]
    totals: FloatArray = np.zeros(m)
    medians: FloatArray = np.full(m, np.nan)
    rest = v
    for j in range(m - 1, -1, -1):
        c = int(counts[j])
        if c == 0:
            continue
        if c < rest.shape[0]:
            rest.partition(c)
        block = rest[:c]
        rest = rest[c:]
        totals[j] = float(block.sum())
        block.partition(c // 2)
        hi = float(block[c // 2])
        medians[j] = hi if c % 2 else _midpoint(float(block[: c // 2].max()), hi)
    return counts, totals, medians


def _market_share(
    market_share: Sequence[float] | Mapping[str, float], names: tuple[str, ...]
) -> FloatArray:
    if isinstance(market_share, Mapping):
        unknown = [k for k in market_share if k not in names]
        if unknown:
            raise ValueError(
                f"market_share names unknown tier {unknown[0]!r}; tiers are {list(names)}"
            )
        missing = [k for k in names if k not in market_share]
        if missing:
            raise ValueError(f"market_share is missing tier {missing[0]!r}")
        raw: object = [market_share[k] for k in names]
    else:
        raw = market_share
    ms = as_float_array(raw, "market_share", ndim=1)
    if ms.shape[0] != len(names):
        raise ValueError(
            f"market_share must have one share per tier ({len(names)}); got {ms.shape[0]}"
        )
    check_interval(ms, "market_share", "[0, 1]")
    return ms


# ---------------------------------------------------------------------------
# concentration
# ---------------------------------------------------------------------------


def concentration(
    values: object, *, small_sample: bool = False, missing: Literal["raise", "omit"] = "raise"
) -> Concentration:
    r"""Value concentration: Lorenz curve (洛伦兹曲线), Gini coefficient (基尼系数).

    Parameters
    ----------
    values : array_like or pandas Series
        One value per customer; negative values are allowed if the total is
        positive.
    small_sample : bool, default False
        Multiply the Gini coefficient by :math:`n / (n - 1)`, which removes
        most of its downward small-sample bias (Deltas [2]_: the adjusted
        bias is small and of no fixed sign, not zero) and lets one customer
        holding everything score 1 (needs at least two customers).
    missing : {"raise", "omit"}, default "raise"
        NaN in ``values``: refuse it, or leave those customers out (the
        shares are then of the customers with a value).

    Returns
    -------
    Concentration
        ``lorenz_x``, ``lorenz_y``, ``gini``, ``total_value``,
        ``n_customers``, with :meth:`~Concentration.top_share`,
        :meth:`~Concentration.customers_for_share`, the inequality indices
        (:attr:`~Concentration.theil_t`, :attr:`~Concentration.theil_l`,
        :meth:`~Concentration.generalized_entropy`,
        :meth:`~Concentration.atkinson`, :attr:`~Concentration.herfindahl`,
        :attr:`~Concentration.palma`, :meth:`~Concentration.top_k_share`)
        and a bootstrap interval for the Gini coefficient
        (:meth:`~Concentration.confidence_interval`).

    Raises
    ------
    ValueError
        For empty input, NaN or infinite values, a total value that is not
        positive, values whose sum overflows float64, or
        ``small_sample=True`` with one customer.
    TypeError
        For non-numeric values.

    See Also
    --------
    assign_tiers : tiers by value share (``by="value"``).

    Notes
    -----
    With values sorted increasingly, :math:`v_{(1)} \le \dots \le v_{(n)}`
    and total :math:`V`, the Lorenz curve joins the points
    :math:`(k/n, L_k)`, :math:`L_k = \sum_{i \le k} v_{(i)} / V`. The Gini
    coefficient is one minus twice the area under it,

    .. math::

        G = \frac{\sum_i \sum_j |v_i - v_j|}{2 n^2 \bar v}
          = 1 - \frac{2 \sum_{k=1}^{n} L_k - 1}{n},

    0 when all customers are worth the same and :math:`1 - 1/n` when one
    customer holds everything. The share held by the top fraction
    :math:`f` is :math:`T(f) = 1 - L(1 - f)`.

    **Negative values.** With loss-making customers the formula still holds
    (Chen, Tsaur & Rhai [3]_), but :math:`\bar v` is the *net* mean, so
    :math:`G` is no longer bounded by 1: the Lorenz curve first dips below
    zero (the losses) and :math:`G > 1` means the mean gap between two
    customers exceeds twice the net value per customer, i.e. some customers
    destroy much of what others create. Compare such Gini values only with
    each other, or use the normalisation of Raffinetti et al. [4]_. The
    top share can then exceed 1 ("20% of customers make 150% of profit").

    References
    ----------
    .. [1] Lorenz, M. O. (1905). Methods of measuring the concentration of
       wealth. *Publications of the American Statistical Association*,
       9(70), 209-219.
    .. [2] Deltas, G. (2003). The small-sample bias of the Gini coefficient:
       results and implications for empirical research. *Review of Economics
       and Statistics*, 85(1), 226-234.
    .. [3] Chen, C.-N., Tsaur, T.-W., & Rhai, T.-S. (1982). The Gini
       coefficient and negative income. *Oxford Economic Papers*, 34(3),
       473-478.
    .. [4] Raffinetti, E., Siletti, E., & Vernizzi, A. (2015). On the Gini
       coefficient normalization when attributes with negative values are
       considered. *Statistical Methods & Applications*, 24(3), 507-521.
    .. [5] Theil, H. (1967). *Economics and Information Theory*.
       North-Holland.
    .. [6] Atkinson, A. B. (1970). On the measurement of inequality.
       *Journal of Economic Theory*, 2(3), 244-263.
    .. [7] Shorrocks, A. F. (1980). The class of additively decomposable
       inequality measures. *Econometrica*, 48(3), 613-625.
    .. [8] Palma, J. G. (2011). Homogeneity and inequality. *Development and
       Change*, 42(1), 87-153.
    .. [9] Zeileis, A. (2014). ineq: Measuring inequality, concentration and
       poverty. R package version 0.2-13.

    Examples
    --------
    >>> from custvalue.pyramid import concentration
    >>> conc = concentration([1, 2, 3, 4, 10])
    >>> conc.gini
    0.4
    >>> concentration([1, 2, 3, 4, 10], small_sample=True).gini
    0.5
    >>> conc.lorenz_y
    array([0.  , 0.05, 0.15, 0.3 , 0.5 , 1.  ])
    """
    if not isinstance(small_sample, (bool, np.bool_)):
        raise TypeError(f"small_sample must be True or False; got {small_sample!r}")
    policy = check_missing(missing, allowed=("raise", "omit"))
    if policy == "omit":
        try:
            v = as_float_array(values, "values", ndim=1, allow_nan=True)
        except (ValueError, TypeError) as exc:
            raise with_caller_labels(exc, values) from None
        v = v[~np.isnan(v)]
        if v.shape[0] == 0:
            raise ValueError("values has no customer with a value (missing='omit' left none)")
    else:
        try:
            v = _values(values)
        except ValueError as exc:
            if "NaN" not in str(exc):
                raise
            raise ValueError(f"{exc}; {missing_hint(('raise', 'omit'))}") from None
    n = v.shape[0]
    if small_sample and n < 2:
        raise ValueError(f"small_sample=True needs at least 2 customers; got {n}")
    v.sort()
    y = np.empty(n + 1)
    y[0] = 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        np.cumsum(v, out=y[1:])
    total = float(y[-1])
    # once a running sum overflows it stays infinite (or NaN), so the total tells.
    # A finite positive total is at least ~2**-53 of the largest value (it is
    # what remains after adding that value last), so the shares cannot overflow.
    if not math.isfinite(total):
        raise _too_large("values", v)
    if not total > 0:
        raise ValueError(
            f"concentration needs a positive total value; got total {total!r} over {n} customers"
        )
    y /= total
    y[-1] = 1.0
    gini = 1.0 - (2.0 * float(y[1:].sum()) - 1.0) / n
    if small_sample:
        gini *= n / (n - 1)
    n_negative = int(np.searchsorted(v, 0.0, side="left"))
    return Concentration(
        lorenz_y=frozen_array(y, copy=False),
        gini=gini,
        total_value=total,
        n_customers=n,
        n_negative=n_negative,
        small_sample=bool(small_sample),
    )


# ---------------------------------------------------------------------------
# ABC classes, value matrix, k-means tiers
# ---------------------------------------------------------------------------


def abc_classes(
    values: object,
    *,
    cuts: Sequence[float] = (0.8, 0.95),
    include_crossing: bool = True,
) -> Tiers:
    r"""ABC (Pareto) classes by cumulative value share (ABC分类法).

    Parameters
    ----------
    values : array_like or pandas Series
        One value per customer (or item); the total must be positive.
    cuts : sequence of float, default (0.8, 0.95)
        Increasing cumulative value shares in (0, 1): class A makes the
        first 80% of value, B the next 15%, C the rest. ``k`` cuts give
        ``k + 1`` classes named A, B, C, D, ...
    include_crossing : bool, default True
        Whether the customer whose value crosses a cut belongs to the upper
        class (A then makes *at least* 80%); if False, it goes to the lower
        class (A makes *at most* 80%).

    Returns
    -------
    Tiers
        With ``scheme="abc"`` and ``by="value"``.

    Raises
    ------
    ValueError
        For empty input, NaN, a non-positive total (or one too large to add
        up in float64), or cuts outside (0, 1) or not strictly increasing.
    TypeError
        For non-numeric values or a bare number as ``cuts``.

    See Also
    --------
    assign_tiers : ``by="value"`` gives the same classes as
        ``include_crossing=True``.

    Notes
    -----
    With values sorted decreasingly and cumulative shares :math:`S_k`, the
    crossing customer of cut :math:`p` is the first with :math:`S_k \ge p`
    (included) or the first with :math:`S_k > p` (excluded). Equal values
    are never split (see the module's tie rule): a tie group at the
    crossing joins the upper class when the crossing is included and the
    lower one when it is excluded.

    References
    ----------
    .. [1] Dickie, H. F. (1951). ABC inventory analysis shoots for dollars,
       not pennies. *Factory Management and Maintenance*, 109(7), 92-94.

    Examples
    --------
    >>> from custvalue.pyramid import abc_classes
    >>> v = [50, 25, 10, 8, 4, 3]
    >>> abc_classes(v).labels.tolist()
    ['A', 'A', 'A', 'B', 'B', 'C']
    >>> abc_classes(v, include_crossing=False).labels.tolist()
    ['A', 'A', 'B', 'B', 'C', 'C']
    """
    if not isinstance(include_crossing, (bool, np.bool_)):
        raise TypeError(f"include_crossing must be True or False; got {include_crossing!r}")
    c = _share_cuts(cuts)
    if len(c) > 25:
        raise ValueError(f"cuts must have at most 25 values (classes A-Z); got {len(c)}")
    v = _values(values)
    edges = _edges_by_value(v, c, include_crossing=bool(include_crossing))
    names = tuple(chr(ord("A") + i) for i in range(len(c) + 1))
    return Tiers(
        codes=_codes(v, edges),
        names=names,
        edges=tuple(edges),
        scheme="abc",
        by="value",
        cuts=c,
        index=_index(values),
    )


_QUADRANTS: tuple[tuple[bool, bool], ...] = (
    (True, True),
    (True, False),
    (False, True),
    (False, False),
)
_DEFAULT_QUADRANT_NAMES = (
    "high current, high potential",
    "high current, low potential",
    "low current, high potential",
    "low current, low potential",
)


def value_matrix(
    current: object,
    potential: object,
    *,
    current_cut: float | None = None,
    potential_cut: float | None = None,
    labels: Mapping[tuple[bool, bool], str] | None = None,
) -> ValueMatrix:
    r"""Current-value x potential-value matrix (客户价值矩阵: 当前价值 / 潜在价值).

    Parameters
    ----------
    current : array_like or pandas Series
        Current value of each customer (e.g. this year's profit).
    potential : array_like or pandas Series
        Potential value (e.g. predicted future value or share-of-wallet
        headroom), aligned with ``current``.
    current_cut, potential_cut : float, optional
        A customer is "high" on an axis when the value reaches the cut
        (``value >= cut``). Default: the median of that axis.
    labels : mapping, optional
        Quadrant names keyed by ``(high_current, high_potential)``, e.g.
        ``{(True, True): "platinum", (True, False): "gold", (False, True):
        "iron", (False, False): "lead"}``. Default: descriptive names such
        as ``"high current, low potential"``.

    Returns
    -------
    ValueMatrix
        ``labels`` per customer, ``high_current``, ``high_potential``, the
        cuts used, and :meth:`~ValueMatrix.summary` (one row per quadrant).

    Raises
    ------
    ValueError
        For inputs of different lengths (or Series with different indexes),
        empty input, NaN or infinite values, values whose sum overflows
        float64, non-finite cuts, or labels that miss a quadrant, repeat a
        name or have other keys.
    TypeError
        For non-numeric input or non-string labels.

    See Also
    --------
    assign_tiers : tiers along one value axis.

    Notes
    -----
    The four quadrants are: both high (the most valuable customers, to
    keep), high current but low potential (maintain), low current but high
    potential (develop), both low (reduce cost to serve). Ties at a cut are
    "high", so equal values always share a quadrant.

    References
    ----------
    .. [1] Hwang, H., Jung, T., & Suh, E. (2004). An LTV model and customer
       segmentation based on customer value: a case study on the wireless
       telecommunication industry. *Expert Systems with Applications*,
       26(2), 181-188.

    Examples
    --------
    >>> from custvalue.pyramid import value_matrix
    >>> vm = value_matrix([120, 80, 10, 5], [30, 200, 150, 20])
    >>> vm.current_cut, vm.potential_cut
    (45.0, 90.0)
    >>> vm.labels.tolist()
    ['high current, low potential', 'high current, high potential',
     'low current, high potential', 'low current, low potential']
    """
    (current, potential), index = align_by_label(current=current, potential=potential)
    cur = _values(current, "current")
    pot = _values(potential, "potential")
    check_same_length(current=cur, potential=pot)
    for name, arr in (("current", cur), ("potential", pot)):
        with np.errstate(over="ignore"):
            gross = float(np.abs(arr).sum())
        if not math.isfinite(gross):  # the summary's quadrant totals would overflow
            raise _too_large(f"{name} values", arr)
    c_cut = _cut(current_cut, "current_cut", cur)
    p_cut = _cut(potential_cut, "potential_cut", pot)
    if labels is None:
        names = _DEFAULT_QUADRANT_NAMES
    else:
        if not isinstance(labels, Mapping):
            raise TypeError(
                "labels must be a mapping from (high_current, high_potential) to a name; "
                f"got {labels!r}"
            )
        unknown = [q for q in labels if q not in _QUADRANTS]
        if unknown:
            raise ValueError(
                "labels keys must be (high_current, high_potential) pairs of booleans; "
                f"got {unknown[0]!r}"
            )
        missing = [q for q in _QUADRANTS if q not in labels]
        if missing:
            raise ValueError(f"labels must name every quadrant; missing {missing[0]!r}")
        for q in _QUADRANTS:
            if not isinstance(labels[q], str):
                raise TypeError(
                    f"labels must map each quadrant to a string; got {labels[q]!r} for {q!r}"
                )
        picked: tuple[str, str, str, str] = (
            labels[(True, True)],
            labels[(True, False)],
            labels[(False, True)],
            labels[(False, False)],
        )
        if len(set(picked)) != 4:
            dup = next(x for x in picked if picked.count(x) > 1)
            raise ValueError(f"labels must name the four quadrants differently; got {dup!r} twice")
        names = picked
    return ValueMatrix(
        high_current=frozen_array(cur >= c_cut, copy=False),
        high_potential=frozen_array(pot >= p_cut, copy=False),
        current_cut=c_cut,
        potential_cut=p_cut,
        quadrant_names=names,
        current=frozen_array(cur, copy=False),
        potential=frozen_array(pot, copy=False),
        index=index,
    )


def _cut(value: float | None, name: str, data: FloatArray) -> float:
    if value is None:
        return _median(data)
    arr = as_float_array(value, name, ndim=0)
    return float(arr)


def kmeans_tiers(
    values: object,
    *,
    n_tiers: int = 4,
    labels: Sequence[str] | None = None,
    rng: object = None,
) -> Tiers:
    r"""Data-driven tiers: one-dimensional k-means on the values (k均值聚类).

    Parameters
    ----------
    values : array_like or pandas Series
        One value per customer.
    n_tiers : int, default 4
        Number of tiers (clusters), at least 2 and at most the number of
        distinct values.
    labels : sequence of str, optional
        Tier names, top first; default ``"tier 1"`` (top) ... ``"tier k"``.
    rng : int or numpy.random.Generator, optional
        Seed for the k-means++ initialisation (10 restarts).

    Returns
    -------
    Tiers
        With ``scheme="kmeans"``, ``by="kmeans"``, ``cuts`` the cluster
        centres (top first) and ``edges`` the midpoints between
        neighbouring centres.

    Raises
    ------
    ValueError
        For empty input, NaN, ``n_tiers`` < 2 or larger than the number of
        distinct values, or the wrong number of labels.
    TypeError
        For non-numeric values or a bad ``rng``.

    See Also
    --------
    assign_tiers : tiers from stated cuts.

    Notes
    -----
    k-means minimises the within-tier sum of squares
    :math:`\sum_j \sum_{i \in C_j} (v_i - \mu_j)^2` (scikit-learn's
    ``KMeans``). In one dimension each customer's nearest centre is decided
    by the midpoints between sorted centres, so the tiers are value
    intervals like every other tiering here: the midpoints are the
    ``edges``, and a value exactly on a midpoint joins the upper tier.
    Tiers are ordered by their mean value, top first.

    References
    ----------
    .. [1] Lloyd, S. (1982). Least squares quantization in PCM. *IEEE
       Transactions on Information Theory*, 28(2), 129-137.
    .. [2] Arthur, D., & Vassilvitskii, S. (2007). k-means++: the advantages
       of careful seeding. *Proceedings of the 18th ACM-SIAM Symposium on
       Discrete Algorithms*, 1027-1035.

    Examples
    --------
    >>> from custvalue.pyramid import kmeans_tiers
    >>> t = kmeans_tiers([1, 2, 3, 50, 52, 400], n_tiers=3, rng=0)
    >>> t.labels.tolist()
    ['tier 3', 'tier 3', 'tier 3', 'tier 2', 'tier 2', 'tier 1']
    >>> t.cuts
    (400.0, 51.0, 2.0)
    """
    k = as_count(n_tiers, "n_tiers", minimum=2)
    if k >= _MAX_TIERS:
        raise ValueError(f"n_tiers must be < {_MAX_TIERS}; got {k}")
    gen = as_rng(rng)
    v = _values(values)
    distinct = np.unique(v).shape[0]
    if distinct < k:
        raise ValueError(
            f"n_tiers must not exceed the number of distinct values ({distinct}); got {k}"
        )
    if labels is None:
        names = tuple(f"tier {i + 1}" for i in range(k))
    else:
        names = _names(labels, k, "kmeans", k - 1)
    from sklearn.cluster import KMeans

    seed = int(gen.integers(0, 2**31 - 1))
    # k-means on v / 2**e with max |v| / 2**e in [1, 2): a power of two scales
    # every step exactly, so the tiers are those of v, without overflowing
    # squared distances for huge values
    scale = math.ldexp(1.0, math.frexp(float(np.max(np.abs(v))))[1] - 1)
    model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit((v / scale).reshape(-1, 1))
    scaled = np.sort(np.asarray(model.cluster_centers_, dtype=np.float64).ravel())[::-1]
    centres = scaled * scale
    edges = [_midpoint(float(centres[i]), float(centres[i + 1])) for i in range(k - 1)]
    return Tiers(
        codes=_codes(v, edges),
        names=names,
        edges=tuple(edges),
        scheme="kmeans",
        by="kmeans",
        cuts=tuple(float(c) for c in centres),
        index=_index(values),
    )
