"""What several rules share: one place, imported by rule modules (never one rule module by another)."""
