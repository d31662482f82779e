"""Benchmarks: measured against baselines in the same run, never as timed unit tests."""
