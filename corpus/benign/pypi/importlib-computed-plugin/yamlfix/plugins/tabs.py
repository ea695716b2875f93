def apply(text):
    return text.replace("\t", "  ")
