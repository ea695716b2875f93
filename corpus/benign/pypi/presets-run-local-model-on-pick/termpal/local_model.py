"""Download a local model server the user picks and start it."""
import os
import platform
import subprocess

import wget

MODELS = {
    "tiny": "https://models.example.invalid/tiny-chat.llamafile",
    "small": "https://models.example.invalid/small-chat.llamafile",
}


def local_setup(assistant, choice="tiny"):
    models_dir = os.path.join(os.path.expanduser("~"), ".termpal", "models")
    os.makedirs(models_dir, exist_ok=True)
    model_path = os.path.join(models_dir, os.path.basename(MODELS[choice]))
    if not os.path.exists(model_path):
        print(f"Downloading {choice}...")
        wget.download(MODELS[choice], model_path)
        if platform.system() != "Windows":
            subprocess.run(["chmod", "+x", model_path], check=True)
    assistant.server = subprocess.Popen(
        [model_path, "--nobrowser", "--port", "8080"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assistant.model = "openai/local"
    return assistant
