//! The labelled corpus (`corpus/labels.csv`): which samples exist and what verdict each must get. Shared by
//! the snapshot tests and `cargo xtask eval`.

use skill_scan_model::VerdictLevel;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledSample {
    /// Relative to the corpus folder, e.g. `malicious/npm/preinstall-curl-sh`.
    pub sample: String,
    /// `malicious` or `benign`, from the first path segment.
    pub malicious: bool,
    /// `skill`, `npm`, `pypi` or `mcp`, from the second path segment.
    pub ecosystem: String,
    pub expected: VerdictLevel,
    pub note: String,
    pub path: PathBuf,
}

/// Reads `labels.csv` (`sample,expected,note`; the note may be quoted) and checks it against the folders:
/// every sample folder has exactly one label and every label names a folder.
pub fn load_labels(corpus: &Path) -> Result<Vec<LabelledSample>, String> {
    let csv_path = corpus.join("labels.csv");
    let text = fs::read_to_string(&csv_path)
        .map_err(|e| format!("cannot read {}: {e}", csv_path.display()))?;
    let mut samples = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.splitn(3, ',');
        let (Some(sample), Some(expected)) = (fields.next(), fields.next()) else {
            problems.push(format!(
                "labels.csv:{}: expected sample,expected,note",
                n + 1
            ));
            continue;
        };
        let note = fields
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .to_string();
        let Some(expected) = VerdictLevel::parse(expected.trim()) else {
            problems.push(format!(
                "labels.csv:{}: unknown verdict {expected:?}",
                n + 1
            ));
            continue;
        };
        let parts: Vec<&str> = sample.split('/').collect();
        if parts.len() != 3 || !matches!(parts[0], "malicious" | "benign") {
            problems.push(format!(
                "labels.csv:{}: sample must be <malicious|benign>/<ecosystem>/<name>",
                n + 1
            ));
            continue;
        }
        let path = corpus.join(sample);
        if !path.is_dir() {
            problems.push(format!(
                "labels.csv:{}: no folder {}",
                n + 1,
                path.display()
            ));
        }
        samples.push(LabelledSample {
            sample: sample.to_string(),
            malicious: parts[0] == "malicious",
            ecosystem: parts[1].to_string(),
            expected,
            note,
            path,
        });
    }
    let labelled: BTreeSet<&str> = samples.iter().map(|s| s.sample.as_str()).collect();
    if labelled.len() != samples.len() {
        problems.push("labels.csv names a sample twice".to_string());
    }
    for folder in sample_folders(corpus) {
        if !labelled.contains(folder.as_str()) {
            problems.push(format!("{folder} has no line in labels.csv"));
        }
    }
    if problems.is_empty() {
        Ok(samples)
    } else {
        Err(problems.join("\n"))
    }
}

/// `<label>/<ecosystem>/<name>` for every sample folder on disk.
fn sample_folders(corpus: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for label in ["malicious", "benign"] {
        for ecosystem in subdirs(&corpus.join(label)) {
            for name in subdirs(&corpus.join(label).join(&ecosystem)) {
                found.push(format!("{label}/{ecosystem}/{name}"));
            }
        }
    }
    found
}

fn subdirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_must_match_folders() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("malicious/npm/a")).unwrap();
        fs::create_dir_all(dir.path().join("benign/npm/b")).unwrap();
        fs::write(
            dir.path().join("labels.csv"),
            "sample,expected,note\nmalicious/npm/a,block,\"x, y\"\n",
        )
        .unwrap();
        let err = load_labels(dir.path()).unwrap_err();
        assert!(err.contains("benign/npm/b has no line"), "{err}");
        fs::write(
            dir.path().join("labels.csv"),
            "sample,expected,note\nmalicious/npm/a,block,\"x, y\"\nbenign/npm/b,allow,ok\n",
        )
        .unwrap();
        let samples = load_labels(dir.path()).unwrap();
        assert_eq!(samples[0].note, "x, y");
        assert!(samples[0].malicious);
        assert_eq!(samples[1].expected, VerdictLevel::Allow);
        fs::write(
            dir.path().join("labels.csv"),
            "sample,expected,note\nmalicious/npm/a,maybe,\n",
        )
        .unwrap();
        assert!(load_labels(dir.path()).is_err());
    }
}
