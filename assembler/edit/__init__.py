"""`assembler edit`: the case file as a form in the browser, on this computer only."""
