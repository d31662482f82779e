"""Small SVG samples of the style's marks, badges and discs, for HTML legends outside the map (the
app's phone legend). Built only from the style's specs: no data reaches them."""
