// Storage: segments, indexes and partition logs.
