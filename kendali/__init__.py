"""Kendali: an open-source command-center platform for city governments."""

__version__ = "0.1.0"
