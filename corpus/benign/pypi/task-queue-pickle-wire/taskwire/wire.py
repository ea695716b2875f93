import base64
import pickle
import zlib


def dump_state(obj):
    return base64.b64encode(zlib.compress(pickle.dumps(obj))).decode("ascii")


def load_state(message):
    # The message comes from the broker the user configured; decoding it is the wire format.
    packed = base64.b64decode(message["state"])
    return pickle.loads(zlib.decompress(packed))


def load_frames(frames):
    return [pickle.loads(base64.b64decode(frame)) for frame in frames]
