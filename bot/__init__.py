"""Rapport's wiring: settings, the PTB application, locales and `python -m bot`."""
