RED = "\033[31m"
GREEN = "\033[32m"
