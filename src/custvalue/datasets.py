"""Textbook inputs and seeded simulators with known truth.

Every simulator takes ``rng`` (an int seed or a ``numpy.random.Generator``)
and returns data together with the true parameters it was drawn from, so
users and tests can check that estimators recover them.

Each model family keeps its own section of this module.
"""

from __future__ import annotations

__all__: list[str] = []

# --- clv ---------------------------------------------------------------------

from custvalue._clv_data import DwyerExample, dwyer_example

__all__ += ["DwyerExample", "dwyer_example"]

# --- btyd / transactions ----------------------------------------------------

from custvalue._btyd_data import (  # noqa: E402
    SimulatedCustomers,
    simulate_beta_geo,
    simulate_pareto_nbd,
    simulate_sbg_survivors,
    simulate_spend,
)

__all__ += [
    "SimulatedCustomers",
    "simulate_beta_geo",
    "simulate_pareto_nbd",
    "simulate_sbg_survivors",
    "simulate_spend",
]

from custvalue._transactions_data import (  # noqa: E402
    SimulatedTransactionLog,
    simulate_transaction_log,
)

__all__ += ["SimulatedTransactionLog", "simulate_transaction_log"]

# --- pyramid -----------------------------------------------------------------

from custvalue._pyramid_data import (  # noqa: E402
    APPLIANCE_TIERS,
    ApplianceCustomers,
    BrokerageCustomers,
    CustomerProfits,
    appliance_maker_customers,
    simulate_brokerage_customers,
    simulate_customer_profits,
)

__all__ += [
    "APPLIANCE_TIERS",
    "ApplianceCustomers",
    "BrokerageCustomers",
    "CustomerProfits",
    "appliance_maker_customers",
    "simulate_brokerage_customers",
    "simulate_customer_profits",
]

# --- satisfaction (measurement) ---------------------------------------------

from custvalue._satisfaction_data import (  # noqa: E402
    TEACHING_ITEMS,
    KanoSurvey,
    LikertSurvey,
    simulate_kano_survey,
    simulate_likert_survey,
)

__all__ += [
    "TEACHING_ITEMS",
    "KanoSurvey",
    "LikertSurvey",
    "simulate_kano_survey",
    "simulate_likert_survey",
]

# --- satisfaction models (pls) ----------------------------------------------

from custvalue._satisfaction_models import SimulatedSurvey, simulate_survey  # noqa: E402

__all__ += ["SimulatedSurvey", "simulate_survey"]

# --- loyalty -----------------------------------------------------------------

from custvalue._loyalty_data import (  # noqa: E402
    NSS_ITEMS,
    NPSSurvey,
    SatisfactionLoyaltyData,
    simulate_nps_survey,
    simulate_satisfaction_loyalty,
)

__all__ += [
    "NSS_ITEMS",
    "NPSSurvey",
    "SatisfactionLoyaltyData",
    "simulate_nps_survey",
    "simulate_satisfaction_loyalty",
]

# --- scoring -----------------------------------------------------------------

from custvalue.scoring._data import RetailCustomers, simulate_retail_customers  # noqa: E402

__all__ += ["RetailCustomers", "simulate_retail_customers"]
