"""Writers: each turns the neutral document tree into one output format."""
