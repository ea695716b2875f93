def dumps(obj):
    return str(obj)
