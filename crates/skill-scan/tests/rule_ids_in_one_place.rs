#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every rule id lives in one place: its YAML pack under `rules/`, or, for a compound, its entry in
//! `rules/verdict/compounds.yaml` (a compound written in Rust is found by that entry's `name`). No crate's
//! code names a rule id as a string: layers outside the file scan report typed events (`ArchiveIssueKind`,
//! `RegistrySignalKind`, `PackageCheckKind`, `ProjectCheckKind`) that the package detectors map to the
//! rule's detector name. Tests are left out: they may name the ids they expect.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "tests") {
                rust_files(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// String literals in `code` that are exactly a rule id (`"RCE001"`, `"CRED012"`).
fn rule_id_literals(code: &str) -> Vec<(usize, String)> {
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    for (at, _) in code.match_indices('"') {
        let rest = &bytes[at + 1..];
        let letters = rest.iter().take_while(|b| b.is_ascii_uppercase()).count();
        let digits = rest[letters..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if (3..=4).contains(&letters) && digits == 3 && rest.get(letters + digits) == Some(&b'"') {
            let line = code[..at].matches('\n').count() + 1;
            found.push((line, code[at + 1..at + 1 + letters + digits].to_string()));
        }
    }
    found
}

#[test]
fn no_code_names_a_rule_id() {
    let crates = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in std::fs::read_dir(&crates).unwrap() {
        let src = krate.unwrap().path().join("src");
        if src.is_dir() {
            rust_files(&src, &mut files);
        }
    }
    assert!(files.len() > 100, "{} files", files.len());
    let mut named = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(&crates)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let name = file.file_name().unwrap().to_string_lossy();
        if name == "tests.rs" || name == "test_support.rs" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        // A file's unit tests come last, after `#[cfg(test)]`.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let ids = rule_id_literals(code);
        named.extend(
            ids.into_iter()
                .map(|(line, id)| format!("{rel}:{line}: {id}")),
        );
    }
    assert!(
        named.is_empty(),
        "rule ids named outside their home:\n{}",
        named.join("\n")
    );
}

#[test]
fn the_literal_finder_sees_ids_and_only_ids() {
    let code = r#"let a = "RCE001"; let b = "CRED012"; let c = "RCE001/log"; let d = "AB123"; let e = "rce001";"#;
    let ids: Vec<String> = rule_id_literals(code)
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    assert_eq!(ids, ["RCE001", "CRED012"]);
}
