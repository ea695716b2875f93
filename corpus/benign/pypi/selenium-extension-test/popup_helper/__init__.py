def badge(count):
    return str(count) if count < 100 else "99+"
