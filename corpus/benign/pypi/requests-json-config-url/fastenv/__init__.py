def load(path):
    return dict(line.split("=", 1) for line in open(path) if "=" in line)
