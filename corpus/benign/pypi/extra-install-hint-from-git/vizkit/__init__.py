import subprocess
import sys


def gpu_backend():
    try:
        import vizkit_gpu  # noqa: F401
    except ImportError as err:
        raise ImportError(
            "the GPU backend is not installed; run: pip install git+https://git.example.invalid/vizkit/vizkit-gpu.git"
        ) from err
    return vizkit_gpu


def install_fonts():
    """Installs the optional font pack from the registry when the user asks for it."""
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--user", "vizkit-fonts>=1.0"])
