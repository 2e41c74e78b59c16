"""The ECSI customer-satisfaction model of R plspm's ``satisfaction`` data.

One definition for every test that uses the survey in ``tests/data/ecsi``:
the blocks and paths under plspm's construct names (``IMAG`` ... ``LOY``, the
names of its reference tables), and the library's own construct names with
their indicator columns for :func:`custvalue.satisfaction.ecsi_model`.
"""

from __future__ import annotations

from custvalue.pls import PathModel

#: Indicator columns per construct, under plspm's construct names.
ECSI_BLOCKS: dict[str, list[str]] = {
    "IMAG": [f"imag{i}" for i in range(1, 6)],
    "EXPE": [f"expe{i}" for i in range(1, 6)],
    "QUAL": [f"qual{i}" for i in range(1, 6)],
    "VAL": [f"val{i}" for i in range(1, 5)],
    "SAT": [f"sat{i}" for i in range(1, 5)],
    "LOY": [f"loy{i}" for i in range(1, 5)],
}
#: Structural paths (from, to), in plspm's order.
ECSI_PATHS: list[tuple[str, str]] = [
    ("IMAG", "EXPE"),
    ("IMAG", "SAT"),
    ("IMAG", "LOY"),
    ("EXPE", "QUAL"),
    ("EXPE", "VAL"),
    ("EXPE", "SAT"),
    ("QUAL", "VAL"),
    ("QUAL", "SAT"),
    ("VAL", "SAT"),
    ("SAT", "LOY"),
]
#: The model, every block reflective (mode A).
ECSI_MODEL = PathModel(ECSI_BLOCKS, ECSI_PATHS)

#: The library's construct names (``ecsi_model``) and their plspm names.
PLSPM_NAME: dict[str, str] = {
    "image": "IMAG",
    "expectations": "EXPE",
    "quality": "QUAL",
    "value": "VAL",
    "satisfaction": "SAT",
    "loyalty": "LOY",
}
#: Indicator columns per construct, under the library's construct names.
LIBRARY_BLOCKS: dict[str, list[str]] = {
    name: ECSI_BLOCKS[plspm] for name, plspm in PLSPM_NAME.items()
}
