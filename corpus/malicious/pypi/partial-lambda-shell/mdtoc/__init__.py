def toc(lines):
    return [l for l in lines if l.startswith("#")]
