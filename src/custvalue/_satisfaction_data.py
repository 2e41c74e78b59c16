"""Seeded simulators for satisfaction measurement (public in :mod:`custvalue.datasets`).

Two surveys with known truth: a 37-item, 5-point Likert survey of teaching
quality driven by one latent satisfaction factor, and Kano answers whose
category per attribute is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from custvalue._results import ResultMixin, frozen_array
from custvalue._validate import as_count, as_rng, as_scalar, check_option

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "TEACHING_ITEMS",
    "KanoSurvey",
    "LikertSurvey",
    "simulate_kano_survey",
    "simulate_likert_survey",
]

_PUBLIC_MODULE = "custvalue.datasets"

#: Item names of the simulated teaching-quality survey: 37 items in four
#: groups (teaching attitude, content, method and effect).
TEACHING_ITEMS: tuple[str, ...] = (
    # teaching attitude (教学态度), 9 items
    "punctual",
    "well_prepared",
    "enthusiastic",
    "patient_with_questions",
    "respects_students",
    "available_after_class",
    "fair_grading",
    "timely_feedback",
    "strict_requirements",
    # teaching content (教学内容), 10 items
    "clear_objectives",
    "well_organised",
    "up_to_date",
    "theory_and_practice",
    "appropriate_depth",
    "key_points_stressed",
    "good_examples",
    "useful_materials",
    "suitable_workload",
    "links_to_other_courses",
    # teaching method (教学方法), 9 items
    "clear_explanations",
    "interactive",
    "encourages_thinking",
    "good_use_of_media",
    "clear_blackboard",
    "appropriate_pace",
    "case_discussions",
    "adapts_to_students",
    "good_assignments",
    # teaching effect (教学效果), 9 items
    "understand_concepts",
    "can_apply_knowledge",
    "interest_increased",
    "skills_improved",
    "independent_learning",
    "problem_solving",
    "would_recommend",
    "expectations_met",
    "worth_the_time",
)

_THRESHOLDS = np.array([-np.inf, -1.5, -0.5, 0.5, 1.5, np.inf])


@attrs.frozen(eq=False, repr=False)
class LikertSurvey(ResultMixin):
    """A simulated Likert survey and the truth it was drawn from.

    Attributes
    ----------
    responses : numpy.ndarray
        Answers 1..5, shape (respondents, items), float with NaN for a
        missing answer.
    overall : numpy.ndarray
        Answer 1..5 to the overall-satisfaction question.
    items : tuple of str
        Item names (columns of ``responses``).
    locations : numpy.ndarray
        True item locations: the latent item score is
        ``location + loading * eta + sqrt(1 - loading**2) * noise``.
    loadings : numpy.ndarray
        True loadings of the items on the satisfaction factor ``eta``.
    weights : numpy.ndarray
        True weights (summing to 1) of the latent item scores in overall
        satisfaction.
    true_shares : numpy.ndarray
        Exact probability of each answer 1..5 per item, shape (items, 5).
    true_mean : numpy.ndarray
        Exact expected answer per item.
    thresholds : numpy.ndarray
        The cut points of the latent scale (answers 1..5 in between).
    """

    responses: Any
    overall: Any
    items: tuple[str, ...]
    locations: Any
    loadings: Any
    weights: Any
    true_shares: Any
    true_mean: Any
    thresholds: Any

    def to_frame(self) -> pd.DataFrame:
        """The answers as a DataFrame: one column per item plus ``overall``."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(self.responses, columns=list(self.items))
        frame["overall"] = self.overall
        return frame


def _cut(latent: Any) -> Any:
    return 1.0 + (latent[..., None] > _THRESHOLDS[1:-1]).sum(axis=-1)


def simulate_likert_survey(
    n_respondents: int = 400,
    *,
    missing_rate: float = 0.0,
    rng: object = None,
) -> LikertSurvey:
    """Simulate the 37-item, 5-point teaching-quality survey (教学质量调查).

    Each respondent has a latent satisfaction ``eta ~ N(0, 1)``; item *j*
    has the latent score ``y = mu_j + lambda_j * eta + sqrt(1 - lambda_j^2)
    * e`` (so ``y ~ N(mu_j, 1)``), cut at -1.5, -0.5, 0.5, 1.5 into the
    answers 1 (very dissatisfied) ... 5 (very satisfied). Locations ``mu``
    are drawn in [0, 1.2] (ratings lean to the satisfied side, as in the
    textbook study), loadings in [0.5, 0.85]. The overall question cuts
    ``sum_j w_j y_j`` standardised plus noise the same way.

    Parameters
    ----------
    n_respondents : int
        Number of respondents (>= 2); default 400.
    missing_rate : float, keyword-only
        Probability in [0, 1) that an item answer is missing (NaN),
        independently per answer; default 0.
    rng : int, numpy.random.Generator or None, keyword-only
        Seed or generator.

    Returns
    -------
    LikertSurvey
        Answers with the true item parameters and exact answer shares.

    Examples
    --------
    >>> from custvalue.datasets import simulate_likert_survey
    >>> survey = simulate_likert_survey(300, rng=7)
    >>> survey.responses.shape
    (300, 37)
    >>> survey.items[:3]
    ('punctual', 'well_prepared', 'enthusiastic')
    """
    n = as_count(n_respondents, "n_respondents", minimum=2)
    rate = as_scalar(missing_rate, "missing_rate", "[0, 1)")
    gen = as_rng(rng)
    p = len(TEACHING_ITEMS)
    mu = gen.uniform(0.0, 1.2, size=p)
    lam = gen.uniform(0.5, 0.85, size=p)
    w = gen.gamma(4.0, size=p)
    w = w / w.sum()
    eta = gen.standard_normal(n)
    noise = gen.standard_normal((n, p))
    latent = mu + eta[:, None] * lam + noise * np.sqrt(1.0 - lam**2)
    responses = _cut(latent)
    score = latent @ w
    score = (score - score.mean()) / score.std()
    overall = _cut(0.9 + 0.9 * score + np.sqrt(1 - 0.81) * gen.standard_normal(n))
    if rate > 0:
        gaps = gen.random((n, p)) < rate
        responses = np.where(gaps, np.nan, responses)
    std_normal = NormalDist()
    cdf = np.array([[std_normal.cdf(t - m) for t in _THRESHOLDS] for m in mu])
    shares = np.diff(cdf, axis=1)
    return LikertSurvey(
        responses=frozen_array(responses),
        overall=frozen_array(overall),
        items=TEACHING_ITEMS,
        locations=frozen_array(mu),
        loadings=frozen_array(lam),
        weights=frozen_array(w),
        true_shares=frozen_array(shares),
        true_mean=frozen_array(shares @ np.arange(1.0, 6.0)),
        thresholds=frozen_array(_THRESHOLDS[1:-1]),
    )


# ---------------------------------------------------------------------------
# Kano answers
# ---------------------------------------------------------------------------

_CATEGORIES = ("A", "O", "M", "I", "R", "Q")
# Berger et al. (1993) evaluation table, rows functional, columns
# dysfunctional (like, must-be, neutral, live-with, dislike).
_TABLE = (
    "QAAAO",
    "RIIIM",
    "RIIIM",
    "RIIIM",
    "RRRRQ",
)
_CELLS = {c: [(f, d) for f in range(5) for d in range(5) if _TABLE[f][d] == c] for c in _CATEGORIES}
_N_CELLS = np.array([len(_CELLS[c]) for c in _CATEGORIES])
_CELL_F = np.full((6, 9), -1)
_CELL_D = np.full((6, 9), -1)
for _k, _c in enumerate(_CATEGORIES):
    for _m, (_f, _d) in enumerate(_CELLS[_c]):
        _CELL_F[_k, _m] = _f
        _CELL_D[_k, _m] = _d
# Weights of the non-dominant categories in the answers that do not follow
# the attribute's true category: A, O, M, I equally, R and Q rarely.
_NOISE = np.array([1.0, 1.0, 1.0, 1.0, 0.25, 0.25])

_LABELS = {
    "english": np.array(["like", "must-be", "neutral", "live-with", "dislike"], dtype=object),
    "chinese": np.array(["喜欢", "理所当然", "无所谓", "能忍受", "不喜欢"], dtype=object),
}


@attrs.frozen(eq=False, repr=False)
class KanoSurvey(ResultMixin):
    """Simulated Kano answers and the categories they were drawn from.

    Attributes
    ----------
    functional, dysfunctional : numpy.ndarray
        Answers, shape (respondents, attributes): int codes 1..5 (like,
        must-be, neutral, live-with, dislike), float codes with NaN gaps
        when ``missing_rate > 0``, or text labels.
    attributes : tuple of str
        Attribute names.
    true_category : tuple of str
        The category each attribute's answers were drawn around.
    true_shares : numpy.ndarray
        Exact probability of each category A, O, M, I, R, Q per attribute,
        shape (attributes, 6).
    """

    functional: Any
    dysfunctional: Any
    attributes: tuple[str, ...]
    true_category: tuple[str, ...]
    true_shares: Any

    def to_frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Functional and dysfunctional answers as two DataFrames (attribute columns)."""
        import pandas as pd

        cols = list(self.attributes)
        functional: pd.DataFrame = pd.DataFrame(self.functional, columns=cols)
        dysfunctional: pd.DataFrame = pd.DataFrame(self.dysfunctional, columns=cols)
        return functional, dysfunctional


def simulate_kano_survey(
    n_respondents: int = 200,
    *,
    categories: Sequence[str] = ("M", "O", "A", "I", "M", "A"),
    attributes: Sequence[str] | None = None,
    consistency: float = 0.6,
    missing_rate: float = 0.0,
    labels: Literal["codes", "english", "chinese"] = "codes",
    rng: object = None,
) -> KanoSurvey:
    """Simulate Kano questionnaire answers with a known category per attribute.

    For each respondent and attribute a category is drawn: the attribute's
    true category with probability ``consistency``, otherwise one of the
    other categories (A, O, M, I with equal weight, R and Q a quarter as
    often). The answer pair is then drawn uniformly among the cells of the
    Berger et al. (1993) evaluation table that give that category, so
    classifying the answers recovers the drawn category exactly.

    Parameters
    ----------
    n_respondents : int
        Number of respondents (>= 1); default 200.
    categories : sequence of str, keyword-only
        True category per attribute, each one of A, O, M, I, R, Q.
    attributes : sequence of str, keyword-only, optional
        Attribute names (default ``attribute_1``, ...).
    consistency : float, keyword-only
        Probability in [0, 1] that an answer follows the true category;
        default 0.6.
    missing_rate : float, keyword-only
        Probability in [0, 1) that an answer pair is missing (NaN in both
        questions); requires ``labels="codes"``.
    labels : {"codes", "english", "chinese"}, keyword-only
        Answers as codes 1..5, English names (like, must-be, neutral,
        live-with, dislike) or the Chinese names (喜欢, 理所当然, 无所谓,
        能忍受, 不喜欢).
    rng : int, numpy.random.Generator or None, keyword-only
        Seed or generator.

    Returns
    -------
    KanoSurvey
        The answers with the true category and category shares per
        attribute.

    Examples
    --------
    >>> from custvalue.datasets import simulate_kano_survey
    >>> survey = simulate_kano_survey(5, categories=["A", "M"], rng=1)
    >>> survey.functional.shape, survey.true_category
    ((5, 2), ('A', 'M'))
    >>> survey.true_shares[0].round(4)
    array([0.6   , 0.1143, 0.1143, 0.1143, 0.0286, 0.0286])
    """
    n = as_count(n_respondents, "n_respondents", minimum=1)
    if isinstance(categories, str) or not isinstance(categories, Sequence):
        raise TypeError(f"categories must be a sequence of category letters; got {categories!r}")
    cats = [check_option(c, f"categories[{j}]", _CATEGORIES) for j, c in enumerate(categories)]
    if not cats:
        raise ValueError("categories must name at least one attribute")
    k = len(cats)
    if attributes is None:
        names = tuple(f"attribute_{j + 1}" for j in range(k))
    else:
        names = tuple(str(a) for a in attributes)
        if len(names) != k:
            raise ValueError(
                f"attributes must name every category: got {len(names)} names for {k} categories"
            )
    share = as_scalar(consistency, "consistency", "[0, 1]")
    rate = as_scalar(missing_rate, "missing_rate", "[0, 1)")
    kind = check_option(labels, "labels", ("codes", "english", "chinese"))
    if rate > 0 and kind != "codes":
        raise ValueError("missing_rate > 0 needs labels='codes' (gaps are NaN codes)")
    gen = as_rng(rng)
    true = np.zeros((k, 6))
    for j, c in enumerate(cats):
        idx = _CATEGORIES.index(c)
        noise = _NOISE.copy()
        noise[idx] = 0.0
        true[j] = (1.0 - share) * noise / noise.sum()
        true[j, idx] = share
    cum = np.cumsum(true, axis=1)
    cum[:, -1] = 1.0
    u = gen.random((n, k))
    drawn = (u[:, :, None] >= cum[None, :, :]).sum(axis=2)
    pick = np.floor(gen.random((n, k)) * _N_CELLS[drawn]).astype(np.intp)
    f = _CELL_F[drawn, pick] + 1
    d = _CELL_D[drawn, pick] + 1
    functional: Any = f.astype(np.int64)
    dysfunctional: Any = d.astype(np.int64)
    if rate > 0:
        gaps = gen.random((n, k)) < rate
        functional = np.where(gaps, np.nan, functional)
        dysfunctional = np.where(gaps, np.nan, dysfunctional)
    elif kind != "codes":
        functional = _LABELS[kind][f - 1]
        dysfunctional = _LABELS[kind][d - 1]
    return KanoSurvey(
        functional=frozen_array(functional),
        dysfunctional=frozen_array(dysfunctional),
        attributes=names,
        true_category=tuple(cats),
        true_shares=frozen_array(true),
    )


for _obj in (LikertSurvey, KanoSurvey, simulate_likert_survey, simulate_kano_survey):
    _obj.__module__ = _PUBLIC_MODULE
