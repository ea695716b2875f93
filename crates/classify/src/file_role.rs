//! Test, example and documentation files, by path. They are still scanned; calibration weighs them less
//! and compound verdicts ignore them, because they are not what a user's machine runs.

use skill_scan_model::FileRole;

/// Test folders, and CI folders: a package's CI scripts build and test it on a CI runner, not on the
/// machine that installs it.
const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "__tests__",
    "__test__",
    "spec",
    "specs",
    "testing",
    "e2e",
    "__mocks__",
    "ci",
    ".github",
    ".circleci",
    ".buildkite",
    ".gitlab",
];
const EXAMPLE_DIRS: &[&str] = &["example", "examples", "demo", "demos", "sample", "samples"];
const DOC_DIRS: &[&str] = &["doc", "docs", "documentation", "man", "site"];

pub fn file_role(rel_path: &str) -> FileRole {
    let lower = rel_path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or("");
    if parts.iter().any(|dir| TEST_DIRS.contains(dir)) || is_test_file_name(name) {
        FileRole::Test
    } else if parts.iter().any(|dir| EXAMPLE_DIRS.contains(dir)) {
        FileRole::Example
    } else if parts.iter().any(|dir| DOC_DIRS.contains(dir)) {
        FileRole::Docs
    } else {
        FileRole::Source
    }
}

fn is_test_file_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    name.contains(".test.")
        || name.contains(".spec.")
        || (name.ends_with(".py") && (stem.starts_with("test_") || stem.ends_with("_test")))
        || name == "conftest.py"
        // nox's session file: it runs only under the `nox` test runner, on a developer's or CI's checkout.
        || name == "noxfile.py"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_by_path() {
        assert_eq!(file_role("tests/test_api.py"), FileRole::Test);
        assert_eq!(file_role("src/api.test.ts"), FileRole::Test);
        assert_eq!(file_role("pkg/test_utils.py"), FileRole::Test);
        assert_eq!(file_role("examples/demo.js"), FileRole::Example);
        assert_eq!(
            file_role("vendored-meson/meson/ci/ciimage/arch/install.sh"),
            FileRole::Test
        );
        assert_eq!(file_role(".github/workflows/release.yml"), FileRole::Test);
        assert_eq!(file_role("docs/guide.md"), FileRole::Docs);
        assert_eq!(file_role("lib/testing_helpers.js"), FileRole::Source);
        assert_eq!(file_role("src/contest.py"), FileRole::Source);
        assert_eq!(file_role("noxfile.py"), FileRole::Test);
        assert_eq!(file_role("pkg/noxfiles.py"), FileRole::Source);
        assert_eq!(file_role("index.js"), FileRole::Source);
    }
}
