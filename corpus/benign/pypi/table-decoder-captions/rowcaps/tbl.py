# Column captions, split where translators may break them.
_C = ['Na/me', 'Si/ze', 'Modi/fied']


def d(i):
    return _C[i].replace('/', '')
