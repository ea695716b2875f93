# The "local-vision" preset.
assistant.local_setup()
assistant.vision = True
