"""Scale-data generators (`python -m bench.generate --tier S|M|L`), one module per domain, run in the order of
`bench.generate.DOMAINS`; they share a `ScaleContext`. Bench-only: nothing under portail/ imports them."""
