"""Shared test support: the end-to-end harness and builders."""
