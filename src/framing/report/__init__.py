"""Stage 4, feature tables -> HTML reports: views, plots, highlighting, papermill runs, batch."""
