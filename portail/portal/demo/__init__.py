"""The fictional demo data of `make run` (`manage.py demo_data`), one module per app, loaded in the
order of `demo_data.ORDER`.

It lives above every app because it builds one coherent world across them (members, their accounts,
employees, invoices…); no app's runtime code imports it. The benchmark's scale data is in bench/data/.
"""
