"""Ready-made customer-value indicator systems (data only).

Each entry is a ``(name, children)`` tree read by
:meth:`custvalue.scoring.ahp.Hierarchy.from_tree`; a leaf is an indicator
name (a data column) or ``(name, "cost")`` for an indicator where smaller is
better. The structures follow the customer-value evaluation literature
summarised in the package documentation; the indicators are typical choices,
not a fixed standard, and the weights are left to the user's judgments.
"""

from __future__ import annotations

from typing import Any

#: 零售客户价值: current value (当前价值), potential value (潜在价值),
#: relationship value (关系价值).
RETAIL: tuple[str, Any] = (
    "retail_customer_value",
    [
        ("current_value", ["purchase_amount", "purchase_frequency", "gross_profit"]),
        ("potential_value", ["income_level", "purchase_growth", "cross_buying"]),
        (
            "relationship_value",
            ["tenure", "satisfaction", "referrals", ("churn_propensity", "cost")],
        ),
    ],
)

#: 银行客户价值: income contribution, transaction activity, satisfaction,
#: asset size, potential and development.
BANK: tuple[str, Any] = (
    "bank_customer_value",
    [
        ("income_contribution", ["interest_margin_income", "fee_income"]),
        ("transaction_activity", ["transactions_per_month", "channels_used"]),
        ("satisfaction", ["satisfaction_score", ("complaints", "cost")]),
        ("asset_size", ["average_daily_balance", "financial_assets"]),
        ("potential_development", ["income_growth", "products_not_held", "life_stage_potential"]),
    ],
)

#: 组织客户价值 (B2B): direct value and indirect (network) value.
ORGANISATIONAL: tuple[str, Any] = (
    "organisational_customer_value",
    [
        ("direct_value", ["sales_revenue", "gross_profit", "payment_punctuality", "order_growth"]),
        (
            "indirect_value",
            ["reference_value", "knowledge_value", "network_influence", "innovation_cooperation"],
        ),
    ],
)

#: 经销商价值 (garment-maker case): current value and potential value; the
#: scores are then tiered with the customer pyramid.
DISTRIBUTOR: tuple[str, Any] = (
    "distributor_value",
    [
        (
            "current_value",
            ["sales_volume", "gross_profit", "payment_collection_rate", ("return_rate", "cost")],
        ),
        (
            "potential_value",
            ["market_coverage", "sales_growth", "cooperation_willingness", "management_capability"],
        ),
    ],
)
