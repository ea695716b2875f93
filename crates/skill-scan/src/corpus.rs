//! The labelled corpus (`corpus/labels.csv`): which samples exist and what verdict each must get. Shared by
//! the snapshot tests and `cargo xtask eval`.

use skill_scan_model::{ThreatCategory, VerdictLevel};
use std::collections::{BTreeMap, BTreeSet};
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

/// Reads `categories.csv` (`sample,categories`, categories separated by `;`): the threat categories each
/// malicious sample is about, for per-category recall. Every malicious sample needs a line; benign ones and
/// unknown categories are errors.
pub fn load_categories(
    corpus: &Path,
    samples: &[LabelledSample],
) -> Result<BTreeMap<String, Vec<ThreatCategory>>, String> {
    let csv_path = corpus.join("categories.csv");
    let text = fs::read_to_string(&csv_path)
        .map_err(|e| format!("cannot read {}: {e}", csv_path.display()))?;
    let malicious: BTreeSet<&str> = samples
        .iter()
        .filter(|s| s.malicious)
        .map(|s| s.sample.as_str())
        .collect();
    let mut categories = BTreeMap::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("categories.csv:{}", n + 1);
        let Some((sample, list)) = line.split_once(',') else {
            problems.push(format!("{at}: expected sample,categories"));
            continue;
        };
        if !malicious.contains(sample) {
            problems.push(format!(
                "{at}: {sample} is not a malicious sample in labels.csv"
            ));
            continue;
        }
        let mut parsed = Vec::new();
        for name in list.split(';').map(str::trim).filter(|n| !n.is_empty()) {
            match ThreatCategory::parse(name) {
                Some(category) => parsed.push(category),
                None => problems.push(format!("{at}: unknown category {name:?}")),
            }
        }
        if parsed.is_empty() {
            problems.push(format!("{at}: {sample} names no category"));
        }
        if categories.insert(sample.to_string(), parsed).is_some() {
            problems.push(format!("{at}: {sample} is listed twice"));
        }
    }
    for sample in malicious {
        if !categories.contains_key(sample) {
            problems.push(format!("{sample} has no line in categories.csv"));
        }
    }
    if problems.is_empty() {
        Ok(categories)
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

    #[test]
    fn every_malicious_sample_needs_known_categories() {
        let dir = tempfile::tempdir().unwrap();
        for sample in ["malicious/npm/a", "malicious/npm/c", "benign/npm/b"] {
            fs::create_dir_all(dir.path().join(sample)).unwrap();
        }
        fs::write(
            dir.path().join("labels.csv"),
            "sample,expected,note\nmalicious/npm/a,block,x\nmalicious/npm/c,review,y\nbenign/npm/b,allow,z\n",
        )
        .unwrap();
        let samples = load_labels(dir.path()).unwrap();
        let write = |text: &str| fs::write(dir.path().join("categories.csv"), text).unwrap();
        write("sample,categories\nmalicious/npm/a,remote_exec;persistence\n");
        let err = load_categories(dir.path(), &samples).unwrap_err();
        assert!(err.contains("malicious/npm/c has no line"), "{err}");
        write("sample,categories\nmalicious/npm/a,remote_exec\nmalicious/npm/c,nonsense\nbenign/npm/b,persistence\n");
        let err = load_categories(dir.path(), &samples).unwrap_err();
        assert!(err.contains("unknown category"), "{err}");
        assert!(
            err.contains("benign/npm/b is not a malicious sample"),
            "{err}"
        );
        write("sample,categories\nmalicious/npm/a,remote_exec;persistence\nmalicious/npm/c,crypto_mining\n");
        let found = load_categories(dir.path(), &samples).unwrap();
        assert_eq!(
            found["malicious/npm/a"],
            [ThreatCategory::RemoteExec, ThreatCategory::Persistence]
        );
    }
}
