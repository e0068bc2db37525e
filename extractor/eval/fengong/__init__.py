"""A real, hand-annotated corpus of 分工方案 / 任务清单 documents (see README.md)."""
