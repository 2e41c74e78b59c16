"""The MBG/NBD model: the BG/NBD with dropout possible right after the first purchase.

Re-exported by :mod:`custvalue.btyd`.
"""

from __future__ import annotations

import math

import attrs
import numpy as np
from scipy import special

from custvalue._validate import FloatArray, FloatOrArray, align_by_label
from custvalue.btyd import (
    BetaGeo,
    FitResult,
    Objective,
    _conditional_expected,
    _conditional_pmf,
    _dot,
    _fit_summaries,
    _loglik_summaries,
    _Model,
    _p_alive,
    _Patterns,
    _positive,
    _result,
    _start_four,
    _time,
)

__all__ = ["ModifiedBetaGeo"]


def _mbgnbd_objective(p: _Patterns) -> Objective:
    x, tx, T, w = p.x, p.tx, p.T, p.weight

    def objective(theta: FloatArray) -> tuple[float, FloatArray]:
        r, alpha, a, b = np.exp(theta)
        rx = r + x
        la_T = np.log(alpha + T)
        la_tx = np.log(alpha + tx)
        lead = special.gammaln(rx) - special.gammaln(r) + r * math.log(alpha)
        l3 = special.betaln(a, b + x + 1.0) - rx * la_T
        l4 = special.betaln(a + 1.0, b + x) - rx * la_tx
        lse = np.logaddexp(l3, l4)
        w4 = np.exp(l4 - lse)
        w3 = 1.0 - w4
        ll = _dot(w, lead + lse) - float(w.sum()) * float(special.betaln(a, b))
        dig_abx = special.digamma(a + b + x + 1.0)
        d_r = _dot(w, special.digamma(rx) - special.digamma(r) + math.log(alpha)) - _dot(
            w, w3 * la_T + w4 * la_tx
        )
        d_alpha = float(w.sum()) * r / alpha - _dot(w, rx * (w3 / (alpha + T) + w4 / (alpha + tx)))
        base_a = special.digamma(a) - special.digamma(a + b)
        base_b = special.digamma(b) - special.digamma(a + b)
        d_a = _dot(
            w, w3 * (special.digamma(a) - dig_abx) + w4 * (special.digamma(a + 1.0) - dig_abx)
        ) - float(w.sum()) * float(base_a)
        d_b = _dot(
            w,
            w3 * (special.digamma(b + x + 1.0) - dig_abx) + w4 * (special.digamma(b + x) - dig_abx),
        ) - float(w.sum()) * float(base_b)
        return ll, np.array([d_r * r, d_alpha * alpha, d_a * a, d_b * b])

    return objective


@attrs.frozen(eq=False, repr=False)
class ModifiedBetaGeo(_Model):
    r"""The MBG/NBD model of repeat purchasing (MBG/NBD 模型, Batislam, Denizel & Filiztekin 2007).

    As the BG/NBD (:class:`BetaGeo`), but the customer may also become
    inactive right after her first purchase (time 0), with the same
    probability :math:`p \sim \text{Beta}(a, b)` as after every repeat
    purchase: customers without repeat purchase are then not all alive.

    Parameters
    ----------
    r, alpha : float
        Shape and rate (time unit of the data) of the purchase-rate distribution.
    a, b : float
        Beta distribution of the dropout probability.

    Raises
    ------
    ValueError
        If a parameter is not a finite number > 0.

    Notes
    -----
    .. math::

        L = \frac{\Gamma(r+x)\alpha^r}{\Gamma(r)}\left[
            \frac{B(a, b+x+1)}{B(a,b)}\frac{1}{(\alpha+T)^{r+x}}
            + \frac{B(a+1, b+x)}{B(a,b)}\frac{1}{(\alpha+t_x)^{r+x}}\right]

    for every customer, including ``x = 0`` (Batislam et al. 2007 with the
    correction of Wagner & Hoppe 2008), so

    .. math::

        P(\text{alive} \mid x, t_x, T) = \left[1 + \frac{a}{b+x}
            \left(\frac{\alpha+T}{\alpha+t_x}\right)^{r+x}\right]^{-1}.

    Given that she is alive, a customer's dropout probability is
    :math:`\text{Beta}(a, b+x+1)` (she survived x + 1 chances to drop out),
    so her expected purchases are those of a BG/NBD customer with ``b + 1``
    in place of ``b``; a new customer is alive after her first purchase with
    probability :math:`b/(a+b)`:

    .. math::

        E[X(t)] = \frac{b}{a-1}\left[1 - \left(\frac{\alpha}{\alpha+t}\right)^r
            {}_2F_1\!\left(r, b+1; a+b; \tfrac{t}{\alpha+t}\right)\right].

    References
    ----------
    .. [1] Batislam, E. P., Denizel, M. & Filiztekin, A. (2007). Empirical
       validation and comparison of models for customer base analysis.
       *International Journal of Research in Marketing*, 24(3), 201-209.
    .. [2] Wagner, U. & Hoppe, D. (2008). Erratum on the MBG/NBD model.
       *International Journal of Research in Marketing*, 25(3), 225-226.

    Examples
    --------
    The estimates BTYDplus reports for the CDNOW sample (weeks):

    >>> from custvalue.btyd import ModifiedBetaGeo
    >>> m = ModifiedBetaGeo(r=0.525, alpha=6.183, a=0.891, b=1.614)
    >>> m.p_alive([0, 2], [0, 30.43], [38.86, 38.86]).round(4)
    array([0.3897, 0.7062])
    """

    r: float = _positive("r")
    alpha: float = _positive("alpha")
    a: float = _positive("a")
    b: float = _positive("b")

    @classmethod
    def fit(
        cls,
        frequency: object,
        recency: object = None,
        T: object = None,
        *,
        weights: object = None,
        l2_penalty: float = 0.0,
    ) -> FitResult[ModifiedBetaGeo]:
        """Maximum-likelihood fit to customer summaries (as :meth:`BetaGeo.fit`).

        Accepts arrays, Series (paired by label), an ``RFMSummary`` or a
        ``CompressedRFM``; the likelihood is evaluated once per distinct
        pattern with an analytic gradient.

        Examples
        --------
        >>> from custvalue.btyd import ModifiedBetaGeo
        >>> from custvalue.datasets import cdnow
        >>> data = cdnow()
        >>> fit = ModifiedBetaGeo.fit(data.frequency, data.recency, data.T)
        >>> fit.to_frame()["estimate"].round(3).tolist()
        [0.525, 6.183, 0.891, 1.614]
        """
        return _fit_summaries(
            cls, _mbgnbd_objective, _start_four, frequency, recency, T, weights, l2_penalty
        )

    def loglik(
        self,
        frequency: object,
        recency: object = None,
        T: object = None,
        *,
        weights: object = None,
    ) -> float:
        """Total log-likelihood of customer summaries under this model.

        Examples
        --------
        One customer without repeat purchase observed for ``T = 1``, all
        parameters 1: ``L = (1/2)(1/2) + (1/2)(1) = 3/4``:

        >>> from custvalue.btyd import ModifiedBetaGeo
        >>> round(ModifiedBetaGeo(1.0, 1.0, 1.0, 1.0).loglik([0], [0], [1]), 6)
        -0.287682
        """
        return _loglik_summaries(self, _mbgnbd_objective, frequency, recency, T, weights)

    def _shifted(self) -> BetaGeo:
        """The BG/NBD whose expectations an alive MBG/NBD customer follows (b + 1)."""
        return BetaGeo(self.r, self.alpha, self.a, self.b + 1.0)

    def _log_odds_dead(self, x: FloatArray, tx: FloatArray, T: FloatArray) -> FloatArray:
        value = (
            math.log(self.a)
            - np.log(self.b + x)
            + (self.r + x) * (np.log(self.alpha + T) - np.log(self.alpha + tx))
        )
        return np.asarray(value, dtype=np.float64)

    def p_alive(self, frequency: object, recency: object, T: object) -> FloatOrArray:
        """Probability that a customer with history ``(x, t_x, T)`` is still active (Notes)."""
        return _p_alive(self, frequency, recency, T)

    def expected_purchases(self, t: object) -> FloatOrArray:
        """Expected purchases of a new customer in ``(0, t]`` (Notes).

        Examples
        --------
        >>> from custvalue.btyd import ModifiedBetaGeo
        >>> round(ModifiedBetaGeo(0.525, 6.183, 0.891, 1.614).expected_purchases(39), 4)
        1.183
        """
        tt = _time(t)
        zero = np.zeros_like(tt)
        alive = self.b / (self.a + self.b)
        out = alive * self._shifted()._purchases_if_alive(tt, zero, zero)
        return _result(out, None, "expected_purchases", t)

    def _purchases_if_alive(self, t: FloatArray, x: FloatArray, T: FloatArray) -> FloatArray:
        return self._shifted()._purchases_if_alive(t, x, T)

    def conditional_expected_purchases(
        self, t: object, frequency: object, recency: object, T: object
    ) -> FloatOrArray:
        """Expected purchases in ``(T, T + t]`` of a customer with history ``(x, t_x, T)``.

        ``P(alive)`` times the expected purchases of an alive customer, whose
        dropout probability is ``Beta(a, b + x + 1)`` (class Notes).

        Examples
        --------
        >>> from custvalue.btyd import ModifiedBetaGeo
        >>> m = ModifiedBetaGeo(0.525, 6.183, 0.891, 1.614)
        >>> m.conditional_expected_purchases(39, [0, 2], [0, 30.43], [38.86] * 2).round(4)
        array([0.154, 1.263])
        """
        return _conditional_expected(self, t, frequency, recency, T)

    def conditional_p_purchases(
        self, n: object, t: object, frequency: object, recency: object, T: object
    ) -> FloatOrArray:
        r"""Probability of exactly ``n`` purchases in ``(T, T + t]`` given the history (x, t_x, T).

        Alive at ``T`` (probability :meth:`p_alive`), the customer has
        :math:`\lambda \sim \text{Gamma}(r+x, \alpha+T)` and
        :math:`p \sim \text{Beta}(a, b+x+1)` and buys from ``T`` on as a
        new BG/NBD customer with those parameters (there is no second
        dropout at ``T``); dead, she makes no purchase.

        Examples
        --------
        >>> from custvalue.btyd import ModifiedBetaGeo
        >>> m = ModifiedBetaGeo(0.525, 6.183, 0.891, 1.614)
        >>> m.conditional_p_purchases([0, 1], 39, 2, 30.43, 38.86).round(4)
        array([0.44  , 0.2342])
        """
        return _conditional_pmf(self, self._posterior_pmf, n, t, frequency, recency, T)

    def _posterior_pmf(
        self, n: FloatArray, t: FloatArray, x: FloatArray, T: FloatArray
    ) -> FloatArray:
        """``P(X(t) = n)`` from ``T`` on of an alive customer: the shifted BG/NBD's, updated."""
        return self._shifted()._posterior_pmf(n, t, x, T)

    def p_purchases(self, n: object, t: object) -> FloatOrArray:
        r"""Probability that a new customer makes exactly ``n`` purchases in ``(0, t]``.

        With probability :math:`a/(a+b)` she drops out at once (0 purchases);
        otherwise she buys as a BG/NBD customer with ``b + 1``:
        :math:`P(X(t)=n) = \frac{a}{a+b}\delta_{n0} + \frac{b}{a+b}
        P_{\text{BG}(r,\alpha,a,b+1)}(X(t)=n)`.

        Examples
        --------
        >>> from custvalue.btyd import ModifiedBetaGeo
        >>> m = ModifiedBetaGeo(0.525, 6.183, 0.891, 1.614)
        >>> m.p_purchases([0, 1, 2], 39).round(4)
        array([0.5825, 0.1828, 0.0869])
        """
        (n, t), _ = align_by_label(n=n, t=t)
        shifted = np.asarray(self._shifted().p_purchases(n, t), dtype=np.float64)
        nn = np.broadcast_to(np.asarray(n, dtype=np.float64), shifted.shape)
        share = self.a / (self.a + self.b)
        out = share * (nn == 0) + (1.0 - share) * shifted
        return _result(out, None, "p_purchases", n, t)
