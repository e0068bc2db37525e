from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's own, with its message in Chinese: Django 5.2 changed the message id and the zh_Hans
    catalogue still has the old one, so the stock validator answers in English."""

    def get_error_message(self):
        return f"密码长度太短。密码必须包含至少 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码必须包含至少 {self.min_length} 个字符。"
