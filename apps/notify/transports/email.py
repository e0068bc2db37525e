"""E-mail through Django's configured mail backend (EMAIL_* settings)."""

from django.conf import settings
from django.core.mail import send_mail


def send(address: str, subject: str, text: str) -> None:
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
