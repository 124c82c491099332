"""Command line of the Bildungsmonitor, on top of ``etl``, ``indicators`` and ``dashboard``."""
