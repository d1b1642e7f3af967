"""MkDocs plugin `practices`: a thin adapter over the `goodpractices` core.

The plugin is `goodpractices_mkdocs.plugin.PracticesPlugin` (entry point `practices`);
`config_file` reads a site's mkdocs.yml for the command-line tools without importing MkDocs.
"""
