"""The pages of value creation, by topic."""
