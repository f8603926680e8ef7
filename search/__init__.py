"""The directory's search: one parameter contract, one rule, two executors, many outputs."""
