"""Stage 2, processed corpus -> feature tables: the lexicon and one module per feature family."""
