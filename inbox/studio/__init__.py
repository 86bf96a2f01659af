"""The officer's side of the inbox in the studio: their conversations with citizens."""
