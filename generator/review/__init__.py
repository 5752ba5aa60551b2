"""Before a build goes public (SPEC 7.2, 7.3): what it would change on the published site (`diff`, with the
review sheet), and what other rules would move (`whatif`). The data checks of 7.1 are rules (rules.checks)."""
