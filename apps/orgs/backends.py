from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithUnitBackend(ModelBackend):
    """Django's ModelBackend, loading the signed-in user's unit with the user: every page asks for it
    (its path is the user's scope), so this saves one query per request."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
