"""Benchmark scripts: each prints figures measured on this machine (run with python -m)."""
