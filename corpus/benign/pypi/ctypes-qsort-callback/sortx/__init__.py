import ctypes, ctypes.util, mmap

_libc = ctypes.CDLL(ctypes.util.find_library("c"))
CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))

def sort_ints(values):
    arr = (ctypes.c_int * len(values))(*values)
    _libc.qsort(arr, len(arr), ctypes.sizeof(ctypes.c_int), CMP(lambda a, b: a[0] - b[0]))
    return list(arr)

def map_readonly(f):
    return mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
