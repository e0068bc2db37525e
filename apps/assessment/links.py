"""Where a breakdown line's `ref` ("notice:12") leads: the page of the event that moved the score."""

PAGES = {
    "task": "/tasks/{}/",
    "report": "/reports/{}/",
    "notice": "/notices/{}/",
    "rectification": "/rectifications/{}/",
    "instruction": "/instructions/{}/",
    "case": "/cases/{}/",
}


def ref_url(ref: str) -> str:
    kind, _, pk = (ref or "").partition(":")
    return PAGES[kind].format(pk) if kind in PAGES and pk.isdigit() else ""
