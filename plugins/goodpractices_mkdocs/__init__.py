"""MkDocs plugin `practices`: a thin adapter over the `goodpractices` core."""

from .plugin import PracticesConfig, PracticesPlugin

__all__ = ["PracticesConfig", "PracticesPlugin"]
