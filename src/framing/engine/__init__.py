"""Running the stages at scale (local and Dask partitions) and the whole pipeline in one call."""
