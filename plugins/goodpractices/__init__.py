"""Good practices in local education governance: the publishing core.

This package knows nothing of MkDocs: it loads and validates practices, holds
the vocabularies and computes what pages show. `goodpractices_mkdocs` adapts it
to MkDocs events.
"""

from .errors import PracticeValidationError, Problem, Severity
from .loader import LoadResult, load_practices
from .model import Practice, Version
from .site import CatalogueEntry, PracticeView, SiteLayout, catalogue_entries, practice_view
from .vocab import INTERFACE_LANGUAGES, Vocabularies

__all__ = [
    "INTERFACE_LANGUAGES",
    "CatalogueEntry",
    "LoadResult",
    "Practice",
    "PracticeValidationError",
    "PracticeView",
    "Problem",
    "Severity",
    "SiteLayout",
    "Version",
    "Vocabularies",
    "catalogue_entries",
    "load_practices",
    "practice_view",
]
