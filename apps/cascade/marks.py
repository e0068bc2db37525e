"""The words two sentences share, marked so the coordinator sees why a parent task was proposed."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from extractor.align import words


def shared_words(a: str, b: str) -> set[str]:
    return set(words(a)) & set(words(b))


def highlight(text: str, shared: set[str]) -> SafeString:
    if not shared:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(shared, key=len, reverse=True)))
    out, at = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[at : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        at = match.end()
    out.append(escape(text[at:]))
    return mark_safe("".join(out))


def sentence(task) -> str:
    """The task's source sentence in its plan (the title when it has none)."""
    if task.source_end and task.plan.source_text:
        text = task.plan.source_text[task.source_start : task.source_end].strip()
        if text:
            return text
    return task.title
