"""The officers' studio: their posts, the review, redaction and comments to answer."""
