"""Textbook inputs, public reference data and seeded simulators with known truth.

Every simulator takes ``rng`` (an int seed or a ``numpy.random.Generator``)
and returns data together with the true parameters it was drawn from, so
users and tests can check that estimators recover them. Each lives beside
the model family it serves and is collected here:

- lifetime value: :func:`dwyer_example` (the Dwyer cohort worked example);
- probabilistic CLV, public data: :func:`cdnow` (the CDNOW sample: summary
  and transaction log), :func:`donations` (the BG/BB donations cohort);
- probabilistic CLV: :func:`simulate_beta_geo`, :func:`simulate_pareto_nbd`,
  :func:`simulate_spend`, :func:`simulate_sbg_survivors`,
  :func:`simulate_transaction_log`;
- customer pyramid: :func:`simulate_customer_profits`,
  :func:`simulate_brokerage_customers`, :func:`appliance_maker_customers`;
- satisfaction: :func:`simulate_likert_survey`, :func:`simulate_kano_survey`,
  :func:`simulate_survey` (index models with known paths);
- loyalty: :func:`simulate_nps_survey`, :func:`simulate_satisfaction_loyalty`;
- scoring: :func:`simulate_retail_customers`.
"""

from __future__ import annotations

from custvalue._btyd_data import (
    SimulatedCustomers,
    simulate_beta_geo,
    simulate_pareto_nbd,
    simulate_sbg_survivors,
    simulate_spend,
)
from custvalue._btyd_datasets import (
    CDNOWSample,
    Donations,
    cdnow,
    donations,
)
from custvalue._clv_data import (
    DwyerExample,
    dwyer_example,
)
from custvalue._loyalty_data import (
    NSS_ITEMS,
    NPSSurvey,
    SatisfactionLoyaltyData,
    simulate_nps_survey,
    simulate_satisfaction_loyalty,
)
from custvalue._pyramid_data import (
    APPLIANCE_TIERS,
    ApplianceCustomers,
    BrokerageCustomers,
    CustomerProfits,
    appliance_maker_customers,
    simulate_brokerage_customers,
    simulate_customer_profits,
)
from custvalue._satisfaction_data import (
    TEACHING_ITEMS,
    KanoSurvey,
    LikertSurvey,
    simulate_kano_survey,
    simulate_likert_survey,
)
from custvalue._satisfaction_models import (
    SimulatedSurvey,
    simulate_survey,
)
from custvalue._transactions_data import (
    SimulatedTransactionLog,
    simulate_transaction_log,
)
from custvalue.scoring._data import (
    RetailCustomers,
    simulate_retail_customers,
)

__all__ = [
    "APPLIANCE_TIERS",
    "NSS_ITEMS",
    "TEACHING_ITEMS",
    "ApplianceCustomers",
    "BrokerageCustomers",
    "CDNOWSample",
    "CustomerProfits",
    "Donations",
    "DwyerExample",
    "KanoSurvey",
    "LikertSurvey",
    "NPSSurvey",
    "RetailCustomers",
    "SatisfactionLoyaltyData",
    "SimulatedCustomers",
    "SimulatedSurvey",
    "SimulatedTransactionLog",
    "appliance_maker_customers",
    "cdnow",
    "donations",
    "dwyer_example",
    "simulate_beta_geo",
    "simulate_brokerage_customers",
    "simulate_customer_profits",
    "simulate_kano_survey",
    "simulate_likert_survey",
    "simulate_nps_survey",
    "simulate_pareto_nbd",
    "simulate_retail_customers",
    "simulate_satisfaction_loyalty",
    "simulate_sbg_survivors",
    "simulate_spend",
    "simulate_survey",
    "simulate_transaction_log",
]
