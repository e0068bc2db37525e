"""A JSON POST to a robot webhook that answers {"errcode": 0} on success (钉钉 and 企业微信 both do)."""

import json
import urllib.request


def post_json(url: str, data: dict, timeout: float = 10.0) -> None:
    request = urllib.request.Request(
        url, data=json.dumps(data, ensure_ascii=False).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - admin-configured webhook
        body = response.read().decode("utf-8", "replace")
    try:
        answer = json.loads(body)
    except ValueError:
        return
    if answer.get("errcode", 0) != 0:
        raise RuntimeError(f"webhook 返回错误：{answer.get('errcode')} {answer.get('errmsg', '')}")


def text_message(subject: str, text: str) -> dict:
    """The plain-text robot message, the same in 钉钉 and 企业微信."""
    return {"msgtype": "text", "text": {"content": f"{subject}\n{text}"}}
