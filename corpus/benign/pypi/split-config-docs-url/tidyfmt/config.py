"""Settings shared by the build helpers."""
HOME = "https://tidyfmt.example.invalid"
DOCS = HOME + "/docs"
