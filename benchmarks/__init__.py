"""Benchmarks: custvalue side by side with the library a user would otherwise pick.

Each ``bench_<family>.py`` module defines ``cases() -> list[Case]``. Run all
with ``python -m benchmarks`` or one family with ``--only clv``. Not part of
the test suite or CI: peers are installed by the ``bench`` extra.
"""
