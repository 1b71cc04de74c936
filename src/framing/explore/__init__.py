"""Interactive exploration: concordances, group comparisons, rich displays and widgets."""
