"""Developer helper: rebuild the native kernels in place (run by hand, see CONTRIBUTING)."""
import os
import subprocess


def rebuild():
    os.system("make -C native && chmod +x native/build/kernel-tool")
    subprocess.run("cmake --build native/build --parallel", shell=True, check=True)


if __name__ == "__main__":
    rebuild()
