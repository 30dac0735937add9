"""Static fact-sheet and timeline site generator."""
