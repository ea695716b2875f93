//! The training corpus's manifest (`DIR/manifest.tsv`): one row per target, saying what it is (label,
//! ecosystem, source, category), where it lies below `DIR`, the sha256 of what it was built from (the
//! archive, or for a folder of files the hash of its sorted file hashes) and where that came from (a git
//! blob or tree at a pinned commit, or a pinned registry archive). A later run on the same mirrors and pins
//! rebuilds the same rows.

use std::fmt;

pub const HEADER: &str = "label\tecosystem\tsource\tcategory\ttarget\tsha256\torigin";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    Malicious,
    Benign,
}

impl Label {
    pub fn parse(text: &str) -> Option<Label> {
        match text {
            "malicious" => Some(Label::Malicious),
            "benign" => Some(Label::Benign),
            _ => None,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Label::Malicious => "malicious",
            Label::Benign => "benign",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub label: Label,
    /// `npm`, `pypi`, `skill` or `mcp`.
    pub ecosystem: String,
    /// The source's id in `xtask/training-sources.tsv`, or `benign-registry`.
    pub source: String,
    /// The threat category the source gives, or `-`.
    pub category: String,
    /// Folder below the corpus root, `/`-separated.
    pub target: String,
    pub sha256: String,
    pub origin: String,
}

fn clean(field: &str) -> String {
    field
        .chars()
        .map(|c| if c == '\t' || c.is_control() { ' ' } else { c })
        .collect()
}

pub fn format(entries: &[Entry]) -> String {
    let mut out = format!("{HEADER}\n");
    for e in entries {
        let fields = [
            e.label.to_string(),
            clean(&e.ecosystem),
            clean(&e.source),
            clean(&e.category),
            clean(&e.target),
            clean(&e.sha256),
            clean(&e.origin),
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    match lines.next() {
        Some((_, header)) if header == HEADER => {}
        _ => return Err("manifest: the header line is missing".to_string()),
    }
    let mut entries = Vec::new();
    for (index, line) in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let [label, ecosystem, source, category, target, sha256, origin] = fields[..] else {
            return Err(format!(
                "manifest line {}: expected 7 fields, found {}",
                index + 1,
                fields.len()
            ));
        };
        let label = Label::parse(label)
            .ok_or_else(|| format!("manifest line {}: unknown label `{label}`", index + 1))?;
        entries.push(Entry {
            label,
            ecosystem: ecosystem.to_string(),
            source: source.to_string(),
            category: category.to_string(),
            target: target.to_string(),
            sha256: sha256.to_string(),
            origin: origin.to_string(),
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: Label, target: &str) -> Entry {
        Entry {
            label,
            ecosystem: "pypi".into(),
            source: "some-source".into(),
            category: "-".into(),
            target: target.into(),
            sha256: "ab".repeat(32),
            origin: "git:owner/repo@0123:path/a.tar.gz".into(),
        }
    }

    #[test]
    fn round_trips() {
        let entries = vec![
            entry(Label::Malicious, "malicious/s/a/1.0/a.tar.gz"),
            entry(Label::Benign, "benign/x y"),
        ];
        let text = format(&entries);
        assert_eq!(parse(&text).unwrap(), entries);
    }

    #[test]
    fn tabs_and_newlines_in_fields_cannot_break_rows() {
        let mut odd = entry(Label::Malicious, "a\tb\nc");
        odd.origin = "x\ty".into();
        let parsed = parse(&format(&[odd])).unwrap();
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].target, "a b c");
    }

    #[test]
    fn refuses_a_bad_manifest() {
        assert!(parse("").is_err());
        assert!(parse(&format!("{HEADER}\nmalicious\tpypi\n")).is_err());
        assert!(parse(&format!("{HEADER}\nweird\ta\tb\tc\td\te\tf\n")).is_err());
    }
}
