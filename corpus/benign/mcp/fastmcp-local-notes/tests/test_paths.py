import importlib

import pytest


@pytest.fixture()
def server(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTES_DIR", str(tmp_path))
    import notes_mcp.server as mod
    return importlib.reload(mod)


def test_escape_is_refused(server):
    with pytest.raises(ValueError):
        server._note_path("../../etc/passwd")


def test_append_and_search(server):
    server.append_to_daily("met with design team")
    assert server.search_notes("design")
