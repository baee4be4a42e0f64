#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from portail.core.roomy_stack import in_roomy_stack

    # A command (the task worker, the nightly jobs, an import) runs in one roomy interpreter stack for its whole
    # life, as each request of the server does (portail/core/roomy_stack.py).
    in_roomy_stack(execute_from_command_line, sys.argv)
