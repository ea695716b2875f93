import sys

import pytest

from clikeys import TokenStore


def test_rejects_path_like_service():
    with pytest.raises(ValueError):
        TokenStore("../other")


@pytest.mark.skipif(sys.platform == "darwin", reason="uses the real keychain on macOS")
def test_file_fallback(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setitem(sys.modules, "keyring", None)
    store = TokenStore("acme-cli", account="ci")
    store.set("tok_test_123")
    assert store.get() == "tok_test_123"
    assert (tmp_path / "acme-cli" / "token").stat().st_mode & 0o777 == 0o600
