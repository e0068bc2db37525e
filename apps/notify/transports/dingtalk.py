"""钉钉 custom robot (自定义机器人): a text message to the robot's webhook, which carries its access_token."""

from . import webhook


def send(address: str, subject: str, text: str) -> None:
    webhook.post_json(address, webhook.text_message(subject, text))
