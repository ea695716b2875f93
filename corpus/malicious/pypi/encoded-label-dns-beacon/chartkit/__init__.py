"""Small chart helpers."""


def bar(values):
    return ["#" * v for v in values]
