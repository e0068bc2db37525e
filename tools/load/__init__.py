"""`make load`: the month-end rush as a load test (data setup, locustfile, runner); docs/operations.md."""
