# The "local" preset: run with `termpal --preset local`.
assistant.local_setup()

assistant.system_message = "You answer briefly and run shell commands only when asked."
