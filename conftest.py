def pytest_configure(config):
    from django.conf import settings

    # Hashing with the production hasher makes every login in the suite cost ~0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
