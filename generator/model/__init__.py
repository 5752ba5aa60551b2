"""The model stage: validated, typed content (`build.build_model`), one module per kind of file."""
