def tidy(text):
    return "\n".join(line.rstrip() for line in text.splitlines())
