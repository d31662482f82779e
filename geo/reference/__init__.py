"""What the tool ships and every part reads: vocabularies, states and their outlines, methodology."""
