"""Network diagnostics for the command line."""
