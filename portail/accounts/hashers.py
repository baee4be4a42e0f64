"""Password hashing: Argon2id with Django's time and memory costs (2 passes over 100 MiB), on one lane.

The quality anchors fix a check's cost between 150 and 400 ms on the service's 2-core server (P-6): cheaper makes
offline guessing of a stolen hash easier, dearer caps logins per core. Django's default splits the work over 8
lanes, which run in threads: less wall time than CPU time, so a login can fall under the band while it takes both
cores. One lane does the same work — the same cost to an attacker — with wall time equal to CPU time: inside the
band, and a login never takes both cores. `python -m bench.run` measures it and fails outside the band (figures in
the README, « Performances »).
Same algorithm name: existing hashes still verify, and Django rehashes them at the next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    parallelism = 1
