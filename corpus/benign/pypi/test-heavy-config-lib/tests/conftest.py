import os

import pytest


@pytest.fixture()
def clean_env(monkeypatch):
    """Snapshot the environment and strip any APP_* variables from the test run."""
    saved = dict(os.environ)
    for name in list(os.environ):
        if name.startswith("APP_"):
            monkeypatch.delenv(name)
    yield
    assert {k: v for k, v in os.environ.items() if not k.startswith("APP_")} == {
        k: v for k, v in saved.items() if not k.startswith("APP_")
    }


@pytest.fixture()
def fake_home(tmp_path, monkeypatch):
    """A throwaway HOME with a dummy AWS credentials file, to prove we never read it."""
    aws = tmp_path / ".aws"
    aws.mkdir()
    (aws / "credentials").write_text(
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    )
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path
