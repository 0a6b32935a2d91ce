"""Fixes at the model level: rules describe a change in terms of nodes (`intents`), the
compiler turns it into text edits that keep the file's own formatting (`compile`), and
`edgelint.fix` applies them in a loop until nothing is left to fix."""
