"""The parts of scripts/check-seed-examples: running programs, the seed's Python oracles, pair checks."""
