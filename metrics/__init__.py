"""The pilot figures: followers and how much citizens take part, per officer and day."""
