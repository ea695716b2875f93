from setuptools import setup

PHASES = {}


def phase(label):
    def register(func):
        PHASES[label] = func
        return func

    return register


@phase("describe")
def describe():
    return "phasekit: run build phases in order"


print(PHASES["describe"]())
setup(name="phasekit-lite", version="2.0.0", py_modules=[])
