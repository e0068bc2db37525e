"""The scoring rules of 年督考: pure functions over plain data (no Django). See rules.py."""
