"""`make eval`: accuracy on real, labelled material the system was not tuned on.

Each module owns one measurement and exposes `main(argv) -> int`, printing its tables. Benchmarks
(speed) live in `bench/`; tests check behaviour. Nothing here runs in `make test`.
"""
