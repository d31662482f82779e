"""What a user has chosen to see: ``filters`` (which incidents, and how the map draws them) and
``view`` (the one road from a dataset, filters and an audience to the incidents in view)."""
