"""Public "buy till you die" data sets: the CDNOW sample and the donations cohort.

Re-exported by :mod:`custvalue.datasets`. The files live in
``custvalue/_btyd_files`` with a README giving their provenance.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs

from custvalue._results import ResultMixin
from custvalue._validate import FloatArray

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["CDNOWSample", "Donations", "cdnow", "donations"]


def _read(name: str, **kwargs: Any) -> pd.DataFrame:
    import pandas as pd

    with resources.files("custvalue").joinpath("_btyd_files").joinpath(name).open("rb") as fh:
        frame: pd.DataFrame = pd.read_csv(fh, **kwargs)
    return frame


@attrs.frozen(eq=False, repr=False)
class Donations(ResultMixin):
    """The donations data of Fader, Hardie & Shang (2010) as (x, t_x, n) patterns with counts.

    Attributes
    ----------
    frequency : numpy.ndarray
        Years with a donation among the six fund drives 1996-2001.
    recency : numpy.ndarray
        The last of those years (1..6; 0 without repeat donation).
    n_periods : numpy.ndarray
        Opportunities observed after the first donation (6 for everyone).
    count : numpy.ndarray
        Donors with each pattern (11,104 in all).
    """

    frequency: FloatArray
    recency: FloatArray
    n_periods: FloatArray
    count: FloatArray

    def to_frame(self) -> pd.DataFrame:
        """Columns ``frequency``, ``recency``, ``n_periods``, ``count``: one row per pattern."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {
                "frequency": self.frequency,
                "recency": self.recency,
                "n_periods": self.n_periods,
                "count": self.count,
            }
        )
        return frame


def donations() -> Donations:
    """The 1995 cohort of 11,104 donors of a US non-profit, 1996-2001 (BG/BB data).

    First-time supporters in 1995, observed over the next six annual fund
    drives: for each donor the number of years with a donation, the last such
    year and the number of years observed, as 22 distinct patterns with the
    number of donors of each.

    Returns
    -------
    Donations
        The patterns and their counts.

    Notes
    -----
    Source: Fader, Hardie & Shang (2010), who fit the BG/BB model
    (:class:`custvalue.btyd.BetaGeoBetaBinom`) to it: alpha 1.204, beta
    0.750, gamma 0.657, delta 2.783, log-likelihood -33,225.6. The file was
    copied from the Python package lifetimes 0.11.3 (MIT licence), which
    ships it as ``donations.csv``; provenance in ``custvalue/_btyd_files/README.md``.

    References
    ----------
    .. [1] Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base
       analysis in a discrete-time noncontractual setting. *Marketing
       Science*, 29(6), 1086-1108.

    Examples
    --------
    >>> from custvalue.datasets import donations
    >>> d = donations()
    >>> int(d.count.sum()), len(d.count)
    (11104, 22)
    """
    frame = _read("donations.csv")
    return Donations(
        frequency=frame["frequency"].to_numpy(dtype=float),
        recency=frame["recency"].to_numpy(dtype=float),
        n_periods=frame["n_periods"].to_numpy(dtype=float),
        count=frame["count"].to_numpy(dtype=float),
    )


@attrs.frozen(eq=False, repr=False)
class CDNOWSample(ResultMixin):
    """The CDNOW sample of 2,357 customers: RFM summary (weeks) and transaction log.

    Attributes
    ----------
    rfm : pandas.DataFrame
        The RFM summary, indexed by ``customer`` (1..2357): ``frequency`` (repeat purchase
        days), ``recency`` and ``T`` (weeks, at the end of the 39-week
        calibration period, 1997-09-30) and ``monetary_value`` (mean dollar
        value of the calibration repeat purchases, 0 without any).
    transactions : pandas.DataFrame
        One row per purchase record from 1997-01-01 to 1998-06-30:
        ``customer``, ``date`` (datetime64), ``cds`` (number of CDs),
        ``value`` (US dollars).
    """

    rfm: pd.DataFrame
    transactions: pd.DataFrame

    @property
    def frequency(self) -> pd.Series[float]:
        """Repeat purchases in the calibration period (the RFM summary's column)."""
        out: pd.Series[float] = self.rfm["frequency"]
        return out

    @property
    def recency(self) -> pd.Series[float]:
        """Weeks from the first to the last calibration purchase."""
        out: pd.Series[float] = self.rfm["recency"]
        return out

    @property
    def T(self) -> pd.Series[float]:  # noqa: N802 - the literature's name
        """Weeks from the first purchase to 1997-09-30."""
        out: pd.Series[float] = self.rfm["T"]
        return out

    @property
    def monetary_value(self) -> pd.Series[float]:
        """Mean dollar value of the calibration repeat purchases (0 without any)."""
        out: pd.Series[float] = self.rfm["monetary_value"]
        return out


def cdnow() -> CDNOWSample:
    """The CDNOW sample: 2,357 customers of an online music retailer, 1997-1998.

    A 1/10 systematic sample of the customers who made their first purchase
    at CDNOW in the first quarter of 1997, with their purchases up to the end
    of June 1998. The first 39 weeks (to 1997-09-30) are the calibration
    period of Fader, Hardie & Lee (2005), whose published estimates (weeks)
    are BG/NBD r 0.243, alpha 4.414, a 0.793, b 2.426 (LL -9,582.4),
    Pareto/NBD r 0.553, alpha 10.578, s 0.606, beta 11.669 (LL -9,595.0) and
    gamma-gamma p 6.25, q 3.74, v 15.44 on the 946 repeat buyers.

    Returns
    -------
    CDNOWSample
        ``rfm`` (frequency, recency, T in weeks, monetary_value) and
        ``transactions`` (the log).

    Notes
    -----
    Data distributed by B. Hardie for research and teaching; the files were
    copied from the Python package lifetimes 0.11.3 (MIT licence), which
    ships them as ``cdnow_customers_summary_with_transactions.csv`` and
    ``CDNOW_sample.txt``. Provenance and checksums are in
    ``custvalue/_btyd_files/README.md``.

    References
    ----------
    .. [1] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your
       customers" the easy way: an alternative to the Pareto/NBD model.
       *Marketing Science*, 24(2), 275-284.
    .. [2] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV:
       using iso-value curves for customer base analysis. *Journal of
       Marketing Research*, 42(4), 415-430.

    Examples
    --------
    >>> from custvalue.datasets import cdnow
    >>> data = cdnow()
    >>> data.rfm.shape, data.transactions.shape
    ((2357, 4), (6919, 4))
    >>> int((data.frequency > 0).sum())
    946
    """
    import pandas as pd

    rfm = _read("cdnow_summary.csv", index_col="customer").astype(float)
    log = _read("cdnow_transactions.csv")
    log["date"] = pd.to_datetime(log["date"], format="%Y-%m-%d")
    log["value"] = log["value"].astype(float)
    return CDNOWSample(rfm=rfm, transactions=log)
