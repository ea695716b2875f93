TABLE = {'a': 7, 'b': 7}
