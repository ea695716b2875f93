import operator

_strip = operator.methodcaller("strip")
_by_name = operator.attrgetter("name")


def clean(lines):
    return [_strip(line) for line in lines]


def by_name(rows):
    return sorted(rows, key=_by_name)
