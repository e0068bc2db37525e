"""One module per channel kind; each has `send(address, subject, text)` and raises on failure."""

from . import dingtalk, email, wecom

BY_KIND = {"email": email, "dingtalk": dingtalk, "wecom": wecom}
