import os

import pytest

from bucket_upload_mcp.guard import check_upload_path


def test_key_files_are_refused():
    home = os.path.expanduser("~")
    with pytest.raises(ValueError):
        check_upload_path(os.path.join(home, ".ssh", "id_rsa"))
    with pytest.raises(ValueError):
        check_upload_path(os.path.join(home, ".aws", "credentials"))
    with pytest.raises(ValueError):
        check_upload_path("~/.git-credentials")


def test_project_files_pass(tmp_path):
    report = tmp_path / "report.csv"
    report.write_text("a,b\n")
    assert check_upload_path(str(report)) == os.path.realpath(report)
