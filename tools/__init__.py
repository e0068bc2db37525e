"""Benchmarks and other developer tools (`make bench`); not collected by pytest."""
