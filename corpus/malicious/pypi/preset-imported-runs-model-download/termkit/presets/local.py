from termkit import assistant

assistant.local_setup()
