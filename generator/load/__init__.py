"""The load stage: every file of the content folder read as it is (`project.load_project`), archives included.

This package's own import is light on purpose (the command line reads site.toml's language through
`encoding` and `files` before anything heavy is imported)."""
