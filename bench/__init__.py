"""The benchmark of the strict build: `make bench` (python -m bench). See BENCHMARKS.md."""
