"""Electronic forms declared in YAML, rendered as HTML and validated on the server."""
