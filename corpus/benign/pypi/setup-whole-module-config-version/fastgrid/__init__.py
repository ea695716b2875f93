def grid(rows, cols):
    return [[0] * cols for _ in range(rows)]
