"""What the tests share: fixtures, builders, constants and ways of driving and reading the app."""
