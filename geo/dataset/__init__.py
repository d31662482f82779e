"""A dataset: its incidents and metadata on disk, its attribution history, corrections and wording."""
