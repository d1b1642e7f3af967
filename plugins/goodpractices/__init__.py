"""Good practices in local education governance: the publishing core.

This package knows nothing of MkDocs: it loads and validates practices, holds
the vocabularies and computes what pages show. `goodpractices_mkdocs` adapts it
to MkDocs events.
"""

from .catalogue import Catalogue, CatalogueEntry, build_catalogue
from .errors import PracticeValidationError, Problem, Severity
from .loader import LoadResult, load_practices
from .model import Practice, Version
from .site import PracticeView, SiteLayout, practice_view, related_practices
from .vocab import INTERFACE_LANGUAGES, Vocabularies

__all__ = [
    "INTERFACE_LANGUAGES",
    "Catalogue",
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
    "build_catalogue",
    "load_practices",
    "practice_view",
    "related_practices",
]
