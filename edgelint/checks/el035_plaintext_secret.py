"""EL035 plaintext-secret: A literal registry password, connection-string key, SAS signature, private key or random-looking password."""

from __future__ import annotations

from edgelint.fixes.intents import FixIntent, Replace
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest


@rule(
    "EL035",
    "plaintext-secret",
    "error",
    "A literal registry password, connection-string key, SAS signature, private key or random-looking password.",
    fix="unsafe",
    tags=("security",),
)
def plaintext_secret(manifest: Manifest) -> Iterator[Problem]:
    for secret in manifest.secrets:
        # The fix writes a placeholder the pipeline fills in; it cannot put the secret there,
        # so the deployment breaks until the secret store or .env holds it: unsafe.
        fix = FixIntent(
            f"Replace the literal with `{secret.placeholder}`", [Replace(secret.replaced, secret.replacement)]
        )
        yield Problem(
            secret.node,
            f"{secret.what[0].upper()}{secret.what[1:]} is written in plain text in {secret.where}: whoever can read the file, its git history or a log that echoes it can use it; write a placeholder "
            f"such as `{secret.placeholder}` instead, filled in by the pipeline's secret store or a `.env` file "
            f"that is not committed, and rotate the secret.",
            fix=fix,
            part=(secret.start, secret.end),
        )
