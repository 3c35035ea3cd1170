"""The services of value creation, by topic."""
