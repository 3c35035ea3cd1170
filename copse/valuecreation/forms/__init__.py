"""The forms of value creation, by topic."""
