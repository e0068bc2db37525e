"""The password hasher: Argon2id with parameters chosen for a month-end login burst on a 2-core server.

Django's own Argon2 defaults (time_cost 2, memory 100 MiB, parallelism 8) take about 0.2 s of CPU per login
on this kind of machine, and PBKDF2's 1,000,000 iterations about 0.3 s (0.6 s measured under load), so 300
reporters logging in at 30 a second queue for most of a minute on 2 cores. Argon2id with 19 MiB, 2 passes
and one lane is OWASP's minimum for Argon2id (the same strength as 46 MiB and one pass) and costs about
20 ms; figures in docs/operations.md. A stored hash with other parameters, or a PBKDF2 hash, is rehashed
with these at the user's next login (Django's must_update).
"""

from django.contrib.auth import hashers


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
