import string

def atbash(s):
    t = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                      string.ascii_lowercase[::-1] + string.ascii_uppercase[::-1])
    return s.translate(t)

def caesar(s, k=3):
    return "".join(chr((ord(c) - 97 + k) % 26 + 97) if c.islower() else c for c in s)
