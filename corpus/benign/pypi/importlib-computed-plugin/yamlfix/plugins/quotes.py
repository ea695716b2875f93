def apply(text):
    return text.replace("\u201c", '"').replace("\u201d", '"')
