"""Password hashing: Argon2id, one pass more than Django's default.

The quality anchors fix a check's cost between 150 and 400 ms on the service's 2-core server (P-6): cheaper makes
offline guessing of a stolen hash easier, dearer caps logins per core. Django's default (2 passes over 100 MiB)
took 119 ms on the reference VM on a fast day; 3 passes take 175 ms there (about 300 ms of CPU on the two
cores), and stay under 400 ms on a slow day. `python -m bench.run` measures it and fails outside the band.
Same algorithm name: existing hashes still verify, and Django rehashes them at the next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 3
