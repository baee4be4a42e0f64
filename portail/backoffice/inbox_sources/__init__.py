"""The inbox's adapters, one module per kind of member request (see `portail.backoffice.inbox`).

They live in the back office, not in the domain apps: the domain apps never import the back office.
"""
