"""Knowledge: the schema of facts/, loading, the compiled store, caches and name resolution."""
