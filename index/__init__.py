"""Answer engine: documents in, quoted and cited answers out."""
