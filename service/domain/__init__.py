"""Domain rules and value types: the context rule, event rules, request fields, errors. No I/O."""
