"""The BG/BB model of discrete-time non-contractual purchasing.

Re-exported by :mod:`custvalue.btyd`.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
from scipy import special

from custvalue._validate import (
    FloatArray,
    FloatOrArray,
    _fmt,
    align_by_label,
    as_float_array,
    as_scalar,
    broadcast,
    check_integral,
    check_interval,
    check_same_length,
    first_position,
    labelled_errors,
)
from custvalue.btyd import (
    FitResult,
    Objective,
    _dot,
    _fit_result,
    _hyp2f1_unit,
    _log_params,
    _maximise,
    _Model,
    _penalty,
    _positive,
    _result,
    _weights,
)

__all__ = ["BetaGeoBetaBinom"]

#: Largest number of transaction opportunities accepted (the likelihood sums
#: one term per opportunity after the last purchase).
_MAX_PERIODS = 100_000


def _bgbb_summary(
    frequency: object, recency: object, n_periods: object, *, one_d: bool
) -> tuple[FloatArray, FloatArray, FloatArray, Any]:
    """Validate (x, t_x, n) of the BG/BB: whole numbers, 0 <= x <= t_x <= n, t_x = 0 iff x = 0."""
    (frequency, recency, n_periods), index = align_by_label(
        frequency=frequency, recency=recency, n_periods=n_periods
    )
    ndim = 1 if one_d else None
    with labelled_errors(index):
        x = as_float_array(frequency, "frequency", ndim=ndim)
        tx = as_float_array(recency, "recency", ndim=ndim)
        n = as_float_array(n_periods, "n_periods", ndim=ndim)
        if one_d:
            check_same_length(frequency=x, recency=tx, n_periods=n)
        for arr, name in ((x, "frequency"), (tx, "recency"), (n, "n_periods")):
            check_interval(arr, name, ">= 0")
            check_integral(arr, name)
        check_interval(n, "n_periods", f"<= {_MAX_PERIODS}")
        x, tx, n = broadcast(frequency=x, recency=tx, n_periods=n)
        for bad, rule in (
            (tx > n, "recency must be <= n_periods"),
            (x > tx, "frequency must be <= recency (one purchase per opportunity at most)"),
            ((x == 0) != (tx == 0), "recency must be 0 exactly when frequency is 0"),
        ):
            if np.any(bad):
                pos, at = first_position(bad)
                raise ValueError(
                    f"{rule}; got frequency {_fmt(x[pos])}, recency {_fmt(tx[pos])}, "
                    f"n_periods {_fmt(n[pos])}{at}"
                )
    return x + 0.0, tx + 0.0, n + 0.0, index


def _lbeta_parts(a: Any, b: Any) -> tuple[Any, Any, Any]:
    """``ln B(a, b)`` and its partial derivatives in ``a`` and ``b``."""
    dab = special.digamma(a + b)
    return special.betaln(a, b), special.digamma(a) - dab, special.digamma(b) - dab


def _bgbb_objective(x: FloatArray, tx: FloatArray, n: FloatArray, w: FloatArray) -> Objective:
    """BG/BB log-likelihood of weighted (x, t_x, n) patterns and its gradient in log-parameters.

    Every pattern's likelihood is a sum of products of beta functions
    (term 0: alive through n; term i + 1: last alive at t_x + i); each term's
    log is ``lnB(alpha + x, beta + u) - lnB(alpha, beta) + lnB(gamma + c,
    delta + v) - lnB(gamma, delta)`` with offsets (u, c, v) laid out on a grid.
    """
    k = int(np.max(n - tx)) + 1
    i = np.arange(k - 1, dtype=np.float64)[None, :]
    u = np.concatenate([(n - x)[:, None], (tx - x)[:, None] + i], axis=1)
    c = np.concatenate([np.zeros((x.size, 1)), np.ones((x.size, k - 1))], axis=1)
    v = np.concatenate([n[:, None], tx[:, None] + i], axis=1)
    mask = np.concatenate([np.ones((x.size, 1), bool), i < (n - tx)[:, None]], axis=1)
    xx = np.broadcast_to(x[:, None], u.shape)

    def objective(theta: FloatArray) -> tuple[float, FloatArray]:
        alpha, beta, gamma, delta = np.exp(theta)
        b1, b1_a, b1_b = _lbeta_parts(alpha + xx, beta + u)
        b2, b2_g, b2_d = _lbeta_parts(gamma + c, delta + v)
        base1, base1_a, base1_b = _lbeta_parts(alpha, beta)
        base2, base2_g, base2_d = _lbeta_parts(gamma, delta)
        terms = np.where(mask, b1 + b2, -np.inf)
        top = np.max(terms, axis=1)
        share = np.exp(terms - top[:, None])
        total = share.sum(axis=1)
        each = top + np.log(total) - base1 - base2
        share /= total[:, None]
        grad = np.array(
            [
                _dot(w, np.einsum("ij,ij->i", share, np.where(mask, b1_a, 0.0)) - base1_a),
                _dot(w, np.einsum("ij,ij->i", share, np.where(mask, b1_b, 0.0)) - base1_b),
                _dot(w, np.einsum("ij,ij->i", share, np.where(mask, b2_g, 0.0)) - base2_g),
                _dot(w, np.einsum("ij,ij->i", share, np.where(mask, b2_d, 0.0)) - base2_d),
            ]
        )
        return _dot(w, each), grad * np.array([alpha, beta, gamma, delta])

    return objective


def _bgbb_patterns(
    x: FloatArray, tx: FloatArray, n: FloatArray, w: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Distinct (x, t_x, n) patterns with summed weights (zero weights dropped)."""
    keys = np.stack([x, tx, n], axis=1)
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    weight = np.bincount(inverse.reshape(-1), weights=w, minlength=uniq.shape[0])
    keep = weight > 0
    f = np.asarray(uniq, dtype=np.float64)[keep]
    return f[:, 0], f[:, 1], f[:, 2], np.asarray(weight[keep], dtype=np.float64)


def _bgbb_fit_data(
    frequency: object, recency: object, n_periods: object, weights: object
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Validated (x, t_x, n) summaries, paired by label, as weighted distinct patterns."""
    (frequency, recency, n_periods, weights), _ = align_by_label(
        frequency=frequency, recency=recency, n_periods=n_periods, weights=weights
    )
    x, tx, n, index = _bgbb_summary(frequency, recency, n_periods, one_d=True)
    w = _weights(weights, x.size, index)
    return _bgbb_patterns(x, tx, n, w)


@attrs.frozen(eq=False, repr=False)
class BetaGeoBetaBinom(_Model):
    r"""The beta-geometric/beta-binomial model of discrete-time repeat purchasing (BG/BB 模型).

    Fader, Hardie & Shang (2010): at each of a series of discrete
    transaction opportunities (a yearly fund drive, a weekly event) an active
    customer transacts with probability :math:`p \sim \text{Beta}(\alpha,
    \beta)`; at the start of every opportunity after the first she becomes
    inactive, for good, with probability :math:`\theta \sim
    \text{Beta}(\gamma, \delta)`. Her summary over ``n`` opportunities after
    the first (acquisition) is the number of transactions ``x`` and the
    opportunity ``t_x`` of the last one (0 when x = 0).

    Parameters
    ----------
    alpha, beta : float
        Beta distribution of the transaction probability while active.
    gamma, delta : float
        Beta distribution of the dropout probability.

    Raises
    ------
    ValueError
        If a parameter is not a finite number > 0.

    Notes
    -----
    With :math:`B` the beta function,

    .. math::

        L(x, t_x, n) = \frac{B(\alpha+x, \beta+n-x)}{B(\alpha,\beta)}
        \frac{B(\gamma, \delta+n)}{B(\gamma,\delta)}
        + \sum_{i=0}^{n-t_x-1} \frac{B(\alpha+x, \beta+t_x-x+i)}{B(\alpha,\beta)}
        \frac{B(\gamma+1, \delta+t_x+i)}{B(\gamma,\delta)}

    and, with :math:`t` further opportunities,

    .. math::

        P(\text{alive at } n + t \mid x, t_x, n) &=
            \frac{B(\alpha+x, \beta+n-x)}{B(\alpha,\beta)}
            \frac{B(\gamma, \delta+n+t)}{B(\gamma,\delta)} \Big/ L \\
        E[X(n, n+t) \mid x, t_x, n] &= \frac{1}{L}
            \frac{B(\alpha+x+1, \beta+n-x)}{B(\alpha,\beta)}
            \sum_{k=1}^{t} \frac{B(\gamma, \delta+n+k)}{B(\gamma,\delta)} \\
        E[X(t)] &= \frac{\alpha}{\alpha+\beta}
            \sum_{k=1}^{t} \frac{B(\gamma, \delta+k)}{B(\gamma,\delta)}

    (the sums have the closed forms of [1]_, eqs. 8 and 13, with a factor
    :math:`1/(\gamma-1)` that is singular at :math:`\gamma = 1`; the sums are
    exact for every :math:`\gamma`). Discounted expected residual
    transactions (DERT, [1]_ eq. 14) sum the expected transactions of every
    future opportunity discounted by :math:`(1+d)^{-k}`:

    .. math::

        \text{DERT}(d \mid x, t_x, n) = \frac{1}{L}
        \frac{B(\alpha+x+1, \beta+n-x)}{B(\alpha,\beta)}
        \frac{B(\gamma, \delta+n+1)}{B(\gamma,\delta)(1+d)}
        {}_2F_1\!\left(1, \delta+n+1; \gamma+\delta+n+1; \tfrac{1}{1+d}\right).

    References
    ----------
    .. [1] Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base
       analysis in a discrete-time noncontractual setting. *Marketing
       Science*, 29(6), 1086-1108.

    Examples
    --------
    The published estimates for the 1995 cohort of donors of [1]_:

    >>> from custvalue.btyd import BetaGeoBetaBinom
    >>> m = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    >>> round(m.p_alive(6, 6, 6), 4), round(m.p_alive(0, 0, 6), 4)
    (0.9304, 0.108)
    """

    alpha: float = _positive("alpha")
    beta: float = _positive("beta")
    gamma: float = _positive("gamma")
    delta: float = _positive("delta")

    @classmethod
    def fit(
        cls,
        frequency: object,
        recency: object,
        n_periods: object,
        *,
        weights: object = None,
        l2_penalty: float = 0.0,
    ) -> FitResult[BetaGeoBetaBinom]:
        """Maximum-likelihood fit to (x, t_x, n) summaries, optionally as patterns with counts.

        Parameters
        ----------
        frequency : array_like
            Transactions ``x`` in the ``n`` opportunities after the first.
        recency : array_like
            Opportunity ``t_x`` of the last transaction (0 when x = 0).
        n_periods : array_like
            Opportunities observed after the first, ``n``.
        weights : array_like, optional
            Customers each row stands for (e.g. the counts of the donations
            data's 22 patterns).
        l2_penalty : float
            As in :meth:`BetaGeo.fit`.

        Returns
        -------
        FitResult
            With ``model`` a :class:`BetaGeoBetaBinom`.

        Raises
        ------
        ValueError
            For summaries breaking ``0 <= x <= t_x <= n`` (whole numbers,
            ``t_x = 0`` exactly when ``x = 0``), and for data without any
            repeat transaction or without any opportunity (no maximum).

        Examples
        --------
        >>> from custvalue.btyd import BetaGeoBetaBinom
        >>> from custvalue.datasets import donations
        >>> d = donations()
        >>> fit = BetaGeoBetaBinom.fit(d.frequency, d.recency, d.n_periods, weights=d.count)
        >>> fit.to_frame()["estimate"].round(3).tolist()
        [1.204, 0.75, 0.657, 2.783]
        >>> round(fit.loglik, 1)
        -33225.6
        """
        x, tx, n, w = _bgbb_fit_data(frequency, recency, n_periods, weights)
        pen = _penalty(l2_penalty)
        if np.all(n == 0):
            raise ValueError(
                "BetaGeoBetaBinom.fit: n_periods is 0 for every customer, so the likelihood is "
                "1 whatever the parameters (flat): there is nothing to fit"
            )
        if np.all(x == 0):
            raise ValueError(
                "BetaGeoBetaBinom.fit: no customer made a repeat transaction, so the likelihood "
                "has no maximum: it keeps rising as the transaction probability runs to 0"
            )
        if x.size == 1:
            raise ValueError(
                "BetaGeoBetaBinom.fit: all customers share one pattern (frequency "
                f"{_fmt(x[0])}, recency {_fmt(tx[0])}, n_periods {_fmt(n[0])}); one pattern "
                "cannot identify four parameters"
            )
        opt = _maximise(
            _bgbb_objective(x, tx, n, w), np.zeros(4), scale=float(w.sum()), l2_penalty=pen
        )
        model = cls(*np.exp(opt.theta))
        return _fit_result(
            model,
            ("alpha", "beta", "gamma", "delta"),
            opt,
            n_customers=round(float(w.sum())),
            n_patterns=x.size,
            l2_penalty=pen,
        )

    def loglik(
        self, frequency: object, recency: object, n_periods: object, *, weights: object = None
    ) -> float:
        """Total log-likelihood of (x, t_x, n) summaries, optionally weighted.

        Examples
        --------
        With ``n = 1`` and ``x = 0`` the likelihood is
        ``P(no transaction or dead) = 1 - E[p] E[1 - theta]``; for
        alpha = beta = gamma = delta = 1 that is 1 - 1/4:

        >>> from custvalue.btyd import BetaGeoBetaBinom
        >>> round(BetaGeoBetaBinom(1.0, 1.0, 1.0, 1.0).loglik([0], [0], [1]), 6)  # ln(3/4)
        -0.287682
        """
        x, tx, n, w = _bgbb_fit_data(frequency, recency, n_periods, weights)
        return _bgbb_objective(x, tx, n, w)(_log_params(self))[0]

    def _log_lik_each(self, x: FloatArray, tx: FloatArray, n: FloatArray) -> FloatArray:
        """Per-customer log-likelihood (any shape)."""
        shape = x.shape
        xs, ts, ns = (np.ravel(v) for v in (x, tx, n))
        a, b, g, d = self.alpha, self.beta, self.gamma, self.delta
        k = int(np.max(ns - ts)) + 1 if xs.size else 1
        i = np.arange(k - 1, dtype=np.float64)[None, :]
        t0 = special.betaln(a + xs, b + ns - xs) + special.betaln(g, d + ns)
        rest = special.betaln(a + xs[:, None], b + ts[:, None] - xs[:, None] + i) + special.betaln(
            g + 1.0, d + ts[:, None] + i
        )
        rest = np.where(i < (ns - ts)[:, None], rest, -np.inf)
        total = special.logsumexp(np.concatenate([t0[:, None], rest], axis=1), axis=1)
        out = np.asarray(total, dtype=np.float64) - special.betaln(a, b) - special.betaln(g, d)
        return np.asarray(out.reshape(shape), dtype=np.float64)

    def _prepare(
        self, t: object, frequency: object, recency: object, n_periods: object
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, Any]:
        (frequency, recency, n_periods, t), _ = align_by_label(
            frequency=frequency, recency=recency, n_periods=n_periods, t=t
        )
        x, tx, n, index = _bgbb_summary(frequency, recency, n_periods, one_d=False)
        with labelled_errors(index):
            tt = as_float_array(t, "t")
            check_interval(tt, "t", ">= 0")
            check_integral(tt, "t")
            check_interval(tt, "t", f"<= {_MAX_PERIODS}")
            tt, x, tx, n = broadcast(t=tt, frequency=x, recency=tx, n_periods=n)
        return tt, x, tx, n, index

    def _alive_sum(self, n: FloatArray, t: FloatArray) -> FloatArray:
        """``sum_{k=1}^{t} B(gamma, delta + n + k) / B(gamma, delta)`` elementwise."""
        g, d = self.gamma, self.delta
        out = np.zeros(np.broadcast_shapes(np.shape(n), np.shape(t)))
        nn, tt = np.broadcast_arrays(n, t)
        top = int(np.max(tt)) if tt.size else 0
        base = special.betaln(g, d)
        for k in range(1, top + 1):
            out = out + np.where(tt >= k, np.exp(special.betaln(g, d + nn + k) - base), 0.0)
        return out

    def p_alive(
        self, frequency: object, recency: object, n_periods: object, *, t: object = 1
    ) -> FloatOrArray:
        """Probability that a customer is still active at opportunity ``n + t``.

        The default ``t = 1`` is the paper's P(alive in period n + 1), the
        next opportunity; ``t = 0`` gives P(alive at n), which is what
        lifetimes' ``conditional_probability_alive`` returns by default.

        Examples
        --------
        >>> from custvalue.btyd import BetaGeoBetaBinom
        >>> m = BetaGeoBetaBinom(1.204, 0.750, 0.657, 2.783)
        >>> m.p_alive([0, 3, 6], [0, 6, 6], [6, 6, 6]).round(4)
        array([0.108 , 0.9304, 0.9304])
        """
        tt, x, tx, n, index = self._prepare(t, frequency, recency, n_periods)
        a, b, g, d = self.alpha, self.beta, self.gamma, self.delta
        log_alive = (
            special.betaln(a + x, b + n - x)
            - special.betaln(a, b)
            + special.betaln(g, d + n + tt)
            - special.betaln(g, d)
        )
        out = np.exp(log_alive - self._log_lik_each(x, tx, n))
        return _result(out, index, "p_alive", t)

    def expected_purchases(self, t: object) -> FloatOrArray:
        r"""Expected transactions of a new customer in the first ``t`` opportunities.

        :math:`E[X(t)] = \frac{\alpha}{\alpha+\beta}\sum_{k=1}^{t}\frac{B(\gamma,
        \delta+k)}{B(\gamma,\delta)}`, equal to the closed form of Fader, Hardie & Shang (2010)
        :math:`\frac{\alpha}{\alpha+\beta}\frac{\delta}{\gamma-1}\left[1 -
        \frac{\Gamma(\gamma+\delta)\Gamma(1+\delta+t)}{\Gamma(\gamma+\delta+t)
        \Gamma(1+\delta)}\right]`.

        Examples
        --------
        >>> from custvalue.btyd import BetaGeoBetaBinom
        >>> m = BetaGeoBetaBinom(1.204, 0.750, 0.657, 2.783)
        >>> m.expected_purchases([1, 6]).round(4)
        array([0.4985, 2.2196])
        """
        tt = as_float_array(t, "t")
        check_interval(tt, "t", ">= 0")
        check_integral(tt, "t")
        check_interval(tt, "t", f"<= {_MAX_PERIODS}")
        out = self.alpha / (self.alpha + self.beta) * self._alive_sum(np.zeros_like(tt), tt)
        return _result(out, None, "expected_purchases", t)

    def conditional_expected_purchases(
        self, t: object, frequency: object, recency: object, n_periods: object
    ) -> FloatOrArray:
        r"""Expected transactions in the next ``t`` opportunities given (x, t_x, n).

        See the class Notes: :math:`E[X(n, n+t) \mid x, t_x, n]`.

        Examples
        --------
        >>> from custvalue.btyd import BetaGeoBetaBinom
        >>> m = BetaGeoBetaBinom(1.204, 0.750, 0.657, 2.783)
        >>> m.conditional_expected_purchases(5, [0, 6], [0, 6], [6, 6]).round(4)
        array([0.0728, 3.7521])
        """
        tt, x, tx, n, index = self._prepare(t, frequency, recency, n_periods)
        a, b = self.alpha, self.beta
        lead = special.betaln(a + x + 1.0, b + n - x) - special.betaln(a, b)
        out = np.exp(lead - self._log_lik_each(x, tx, n)) * self._alive_sum(n, tt)
        return _result(out, index, "conditional_expected_purchases", t)

    def p_purchases(self, n: object, t: object) -> FloatOrArray:
        r"""Probability that a new customer makes exactly ``n`` transactions in ``t`` opportunities.

        .. math::

            P(X(t)=n) = \binom{t}{n}\frac{B(\alpha+n,\beta+t-n)}{B(\alpha,\beta)}
            \frac{B(\gamma,\delta+t)}{B(\gamma,\delta)}
            + \sum_{i=n}^{t-1}\binom{i}{n}\frac{B(\alpha+n,\beta+i-n)}{B(\alpha,\beta)}
            \frac{B(\gamma+1,\delta+i)}{B(\gamma,\delta)}

        Examples
        --------
        >>> from custvalue.btyd import BetaGeoBetaBinom
        >>> m = BetaGeoBetaBinom(1.204, 0.750, 0.657, 2.783)
        >>> m.p_purchases([0, 6], 6).round(4)
        array([0.3112, 0.1128])
        """
        (n, t), _ = align_by_label(n=n, t=t)
        nn = as_float_array(n, "n")
        tt = as_float_array(t, "t")
        for arr, name in ((nn, "n"), (tt, "t")):
            check_interval(arr, name, ">= 0")
            check_integral(arr, name)
        check_interval(tt, "t", f"<= {_MAX_PERIODS}")
        nn, tt = broadcast(n=nn, t=tt)
        a, b, g, d = self.alpha, self.beta, self.gamma, self.delta
        base = special.betaln(a, b) + special.betaln(g, d)

        def log_choose(top: Any, k: Any) -> Any:
            return (
                special.gammaln(top + 1.0)
                - special.gammaln(k + 1.0)
                - special.gammaln(top - k + 1.0)
            )

        ok = nn <= tt
        safe_n = np.where(ok, nn, 0.0)
        first = np.where(
            ok,
            np.exp(
                log_choose(tt, safe_n)
                + special.betaln(a + safe_n, b + tt - safe_n)
                + special.betaln(g, d + tt)
                - base
            ),
            0.0,
        )
        top = int(np.max(tt)) if tt.size else 0
        rest = np.zeros_like(first)
        for i in range(top):
            use = ok & (safe_n <= i) & (i < tt)
            term = np.exp(
                log_choose(float(i), np.minimum(safe_n, i))
                + special.betaln(a + safe_n, b + i - np.minimum(safe_n, i))
                + special.betaln(g + 1.0, d + i)
                - base
            )
            rest = rest + np.where(use, term, 0.0)
        return _result(first + rest, None, "p_purchases", n, t)

    def discounted_expected_residual_transactions(
        self,
        frequency: object,
        recency: object,
        n_periods: object,
        *,
        discount_rate: float,
    ) -> FloatOrArray:
        """Discounted expected residual transactions (DERT) of customers with history (x, t_x, n).

        The expected transactions of every future opportunity ``n + k``
        (k >= 1) discounted by ``(1 + discount_rate)**-k`` (class Notes;
        Fader, Hardie & Shang 2010, eq. 14). Multiplied by the value of a transaction it is the
        customer's residual lifetime value.

        Examples
        --------
        >>> from custvalue.btyd import BetaGeoBetaBinom
        >>> m = BetaGeoBetaBinom(1.204, 0.750, 0.657, 2.783)
        >>> m.discounted_expected_residual_transactions(
        ...     [0, 6], [0, 6], [6, 6], discount_rate=0.1).round(4)
        array([0.1146, 5.9087])
        """
        dr = as_scalar(discount_rate, "discount_rate", "> 0")
        _, x, tx, n, index = self._prepare(0, frequency, recency, n_periods)
        a, b, g, d = self.alpha, self.beta, self.gamma, self.delta
        lead = (
            special.betaln(a + x + 1.0, b + n - x)
            - special.betaln(a, b)
            + special.betaln(g, d + n + 1.0)
            - special.betaln(g, d)
            - math.log1p(dr)
        )
        shape = x.shape
        hyp = _hyp2f1_unit(
            (d + n + 1.0).reshape(-1),
            (g + d + n + 1.0).reshape(-1),
            np.full(x.size, 1.0 / (1.0 + dr)),
        ).reshape(shape)
        out = np.exp(lead - self._log_lik_each(x, tx, n)) * hyp
        return _result(out, index, "dert", frequency, recency, n_periods)
