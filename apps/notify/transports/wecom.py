"""企业微信 group robot (群机器人): a text message to the robot's webhook, which carries its key."""

from . import webhook


def send(address: str, subject: str, text: str) -> None:
    webhook.post_json(address, webhook.text_message(subject, text))
