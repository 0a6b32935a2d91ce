"""Fixes, in the order they are made: a rule describes a change in terms of nodes (`intents`:
`FixIntent`), the compiler turns it into text edits that keep the file's own formatting
(`compile`, with `editor`, `embedded`, `render` and `layout`) and gives a `Fix` (`model`: its
title, edits and applicability: safe, unsafe or display-only), the fix loop applies fixes until
nothing is left to fix (`loop`), and `run` does it for the files of the command line."""
