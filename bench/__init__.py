"""Benchmarks for cotmoc (not tests): ``python -m bench.run [--quick]``."""
