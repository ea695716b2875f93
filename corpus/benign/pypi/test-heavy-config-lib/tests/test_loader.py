import os
import subprocess
import sys

from confstack import load


def test_env_overrides_file(tmp_path, clean_env, monkeypatch):
    cfg = tmp_path / "app.toml"
    cfg.write_text('debug = false\n[db]\nhost = "localhost"\nport = 5432\n')
    monkeypatch.setenv("APP_DB__HOST", "db.internal")
    monkeypatch.setenv("APP_DEBUG", "true")
    assert load("app", file=cfg) == {"debug": True, "db": {"host": "db.internal", "port": 5432}}


def test_only_prefixed_variables_are_read(clean_env, fake_home):
    env = dict(os.environ)
    env.update({"APP_NAME": "demo", "AWS_SECRET_ACCESS_KEY": "should-not-appear"})
    settings = load("app", environ=env)
    assert settings == {"name": "demo"}
    assert "aws" not in str(settings).lower()


def test_runs_in_a_subprocess_with_a_copied_environment(clean_env):
    env = {**os.environ, "APP_WORKERS": "4"}
    out = subprocess.run(
        [sys.executable, "-c", "import confstack, json; print(json.dumps(confstack.load('app')))"],
        env=env, capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == '{"workers": 4}'


def test_overrides_win(clean_env, mocker):
    mocker.patch.dict(os.environ, {"APP_LEVEL": "info"})
    assert load("app", overrides={"level": "debug"})["level"] == "debug"
