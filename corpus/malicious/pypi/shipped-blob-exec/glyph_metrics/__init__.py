def width(text):
    return len(text) * 7
