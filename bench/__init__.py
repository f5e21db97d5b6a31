"""Benchmarks for Min röst: how fast a tap is saved and shown, at any data size.

``python -m bench`` runs everything and writes ``docs/benchmarks.md``;
``python -m bench --smoke`` runs every benchmark with tiny sizes and writes its
report to a temporary file instead. Nothing here is imported by the app or by
the normal test suite, apart from ``tests/test_bench_smoke.py``, which runs
the storage part in-process and checks only that it produced numbers.

Modules, one per benchmark:

``storage``   tap → saved, through ``SessionStore.toggle_rating`` and the
              repository, against TinyDB's default ``JSONStorage``
``repaint``   tap → changed semantics in headless Chromium, with the server's
              share from ``bench/server_entry.py``
``steps``     tap → next screen through a child's flow, on loopback and
              through ``delay_proxy`` (school Wi-Fi, 4G round trips)
``startup``   cold start against a bare Flet app, and peak RSS
``payload``   bytes of pictograms the grid loads; time to its first frame
``export``    PDF and JSON export, JSON import
``read_aloud`` tap on a speaker → sound start, under a user-gesture autoplay rule
"""
