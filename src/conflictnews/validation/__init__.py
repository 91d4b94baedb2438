"""Quality gates: Great Expectations suites per table and the per-stage gate.

Import `conflictnews.validation.gate` where a gate runs; this package itself imports nothing,
so modules that do not validate never pay for the slow Great Expectations import.
"""
