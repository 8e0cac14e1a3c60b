"""Benchmarks, run on demand: `python -m benchmarks.run` writes benchmarks/RESULTS.md."""
