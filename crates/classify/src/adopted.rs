//! CI templates an agent is told to adopt. A workflow under `.github/` is normally the package's own CI,
//! which runs on the maintainers' runners and is weighed as a test file; when a skill's instructions name
//! that file ("copy `.github/workflows/ci.yml` into the user's repository"), it is what the agent puts to
//! work in the user's repository, and it weighs what source weighs.

use crate::file_role::file_role;
use skill_scan_model::FileRole;
use std::collections::HashSet;

/// Paths read per entrypoint: a document that names more is a file index, not a recipe.
const MAX_NAMED: usize = 64;

/// The CI files of the package (`paths`) that the agent entrypoint at `entrypoint` names in `text`,
/// as a path relative to the entrypoint's folder or to the package root.
pub fn adopted_ci_files(entrypoint: &str, text: &str, paths: &HashSet<&str>) -> Vec<String> {
    let folder = entrypoint.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut found = Vec::new();
    for word in text.split(|c: char| {
        c.is_whitespace() || matches!(c, '`' | '(' | ')' | '[' | ']' | '"' | '\'' | '<' | '>')
    }) {
        let word = word
            .trim_end_matches(['.', ',', ';', ':', '!', '?'])
            .trim_start_matches("./");
        if !is_ci_path(word) {
            continue;
        }
        let candidates = [
            (!folder.is_empty()).then(|| format!("{folder}/{word}")),
            Some(word.to_string()),
        ];
        if let Some(path) = candidates
            .into_iter()
            .flatten()
            .find(|p| paths.contains(p.as_str()))
        {
            if !found.contains(&path) {
                found.push(path);
            }
            if found.len() >= MAX_NAMED {
                break;
            }
        }
    }
    found
}

/// A CI configuration path: a workflow or pipeline file in one of the CI folders the role classifier
/// weighs as tests.
pub fn is_ci_path(word: &str) -> bool {
    let ci_file = word.ends_with(".yml") || word.ends_with(".yaml");
    ci_file
        && (word.contains(".github/") || word.contains(".gitlab") || word.contains(".circleci/"))
        && file_role(word) == FileRole::Test
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skill_naming_its_workflow_adopts_it_and_other_files_stay_as_they_are() {
        let paths: HashSet<&str> = [
            "SKILL.md",
            ".github/workflows/ci.yml",
            "tools/ci-kit/.github/workflows/release.yaml",
            "tests/test_sync.py",
        ]
        .into_iter()
        .collect();
        let text = "Copy `.github/workflows/ci.yml` into the user's repository. Run `pytest tests/test_sync.py`.";
        assert_eq!(
            adopted_ci_files("SKILL.md", text, &paths),
            [".github/workflows/ci.yml"]
        );
        let nested =
            "Then add ./.github/workflows/release.yaml, and see .github/workflows/missing.yml.";
        assert_eq!(
            adopted_ci_files("tools/ci-kit/SKILL.md", nested, &paths),
            ["tools/ci-kit/.github/workflows/release.yaml"]
        );
        assert!(adopted_ci_files("SKILL.md", "Our CI lives in .github/.", &paths).is_empty());
    }
}
