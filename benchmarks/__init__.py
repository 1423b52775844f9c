"""Benchmarks: each hot path of gtt-domain next to a baseline measured in the same run.

Run ``python -m benchmarks --help``; results go to ``benchmarks/results.json`` and the
figures are explained in BENCHMARKS.md.
"""
