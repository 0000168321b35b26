"""Files and printouts: the handwritten-card template (card_pdf) and the letter (letter_pdf).

Nothing is imported here, so that importing one output format does not load the others.
"""
