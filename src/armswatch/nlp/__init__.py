"""spaCy pipelines with the Arms Watch domain layer (gazetteer matching, then entity linking)."""
