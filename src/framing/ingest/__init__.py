"""Stage 1, raw files -> processed corpus: readers, cleaning, metadata, segmentation, duplicates."""
