#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every package-level rule's example packages (`package_examples` in `rules/*.yaml`): each `fire` package,
//! scanned whole, gets a finding of the rule, and each `quiet` package (a near miss) gets none. Package
//! rules see a package's manifests, file list and file bytes, so their examples are folders, not one file
//! (`crates/detectors/tests/rule_examples.rs` runs the file rules' examples).

use skill_scan::{RuleSet, ScanOptions, Scanner};
use skill_scan_detectors::package::check_detector;
use skill_scan_model::PackageCheckKind;
use skill_scan_rules::{Matcher, NativeDetector};

fn native_name(matcher: &Matcher) -> Option<&str> {
    match matcher {
        Matcher::Native {
            name,
            detector: NativeDetector::Package,
        } => Some(name.as_str()),
        _ => None,
    }
}

#[test]
fn every_package_rule_fires_on_its_fire_packages_and_stays_quiet_on_its_near_misses() {
    let rules = RuleSet::embedded(&skill_scan::DETECTORS).unwrap();
    let scanner = Scanner::new(RuleSet::embedded(&skill_scan::DETECTORS).unwrap());
    let mut wrong = Vec::new();
    let mut ran = 0;
    for rule in &rules.rules {
        let Some(name) = native_name(&rule.matcher) else {
            continue;
        };
        let examples = &rule.spec.package_examples;
        // Every rule a package check reports must prove itself with both kinds of example.
        let checked = PackageCheckKind::ALL
            .iter()
            .any(|kind| check_detector(*kind) == name);
        let fires = examples.iter().filter(|e| e.fires()).count();
        if checked && (fires == 0 || fires == examples.len()) {
            wrong.push(format!(
                "{}: needs a fire and a quiet package example ({fires} fire of {})",
                rule.id(),
                examples.len()
            ));
        }
        for (n, example) in examples.iter().enumerate() {
            if example.fire.is_some() == example.quiet.is_some() {
                wrong.push(format!(
                    "{} example {}: give either fire or quiet",
                    rule.id(),
                    n + 1
                ));
                continue;
            }
            let dir = tempfile::tempdir().unwrap();
            for (path, text) in example.files() {
                let file = dir.path().join(path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, text).unwrap();
            }
            let report = scanner
                .scan_path(&dir.path().to_string_lossy(), &ScanOptions::default())
                .unwrap();
            ran += 1;
            let fired = report.findings.iter().any(|f| f.rule_id == rule.id());
            if fired != example.fires() {
                let kind = if example.fires() { "fire" } else { "quiet" };
                let got: Vec<String> = report
                    .findings
                    .iter()
                    .map(|f| format!("{} {}:{}", f.rule_id, f.path, f.line))
                    .collect();
                wrong.push(format!("{} {kind} example {}: {got:?}", rule.id(), n + 1));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(ran >= 2 * PackageCheckKind::ALL.len(), "{ran} examples ran");
}

/// Package rules whose event needs what a folder of text files cannot give (an archive's own structure, a
/// registry's metadata, a project's lockfile resolved against a registry), with the test that shows each
/// firing and what that test asserts. Folder-shaped examples for these are still to come (#16): when a
/// rule gains `package_examples`, its row here must go (the test below says so).
const TESTED_ELSEWHERE: &[(&str, &str, &str)] = &[
    ("ARC001", "skill-scan/tests/archives.rs", "ARC001"),
    (
        "ARC002",
        "archive/tests/hostile.rs",
        "IssueKind::SizeLimit]",
    ),
    ("ARC003", "skill-scan/tests/archives.rs", "ARC003"),
    ("ARC004", "skill-scan/tests/archives.rs", "ARC004"),
    ("ARC005", "skill-scan/tests/archives.rs", "ARC005"),
    ("ARC006", "skill-scan/tests/archives.rs", "ARC006"),
    ("ARC007", "skill-scan/tests/archives.rs", "ARC007"),
    (
        "ARC008",
        "archive/tests/hostile.rs",
        "IssueKind::Encrypted]",
    ),
    (
        "ARC009",
        "skill-scan/tests/hostile_round_two.rs",
        "\"ARC009\"",
    ),
    (
        "ARC010",
        "skill-scan/tests/hostile_round_two.rs",
        "\"ARC010\"",
    ),
    (
        "REG001",
        "skill-scan/tests/registry.rs",
        "contains(\"REG001\")",
    ),
    (
        "REG002",
        "registry/src/signals.rs",
        "SignalKind::YoungPackage,",
    ),
    (
        "REG003",
        "skill-scan/tests/registry.rs",
        "contains(\"REG003\")",
    ),
    (
        "REG004",
        "registry/src/signals.rs",
        "SignalKind::PublisherChanged",
    ),
    ("SUP032", "skill-scan/tests/project.rs", "SUP032\"))"),
    ("SUP033", "lockfile/src/lib.rs", "Source::Url(_)"),
    ("SUP034", "skill-scan/tests/project.rs", "SUP034\")"),
    ("SUP035", "skill-scan/tests/project.rs", "SUP035\"))"),
    ("SUP036", "lockfile/src/npm_lock.rs", "Source::Path(_)"),
    (
        "MCP016",
        "skill-scan/tests/project_trees.rs",
        "starts_with(\"MCP016\")",
    ),
    (
        "MCP017",
        "skill-scan/tests/project_trees.rs",
        "starts_with(\"MCP017\")",
    ),
];

#[test]
fn every_package_rule_without_folder_examples_is_shown_firing_where_its_layer_is_tested() {
    let rules = RuleSet::embedded(&skill_scan::DETECTORS).unwrap();
    let crates = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut wrong = Vec::new();
    for rule in &rules.rules {
        if native_name(&rule.matcher).is_none() {
            continue;
        }
        let id = rule.id();
        let listed = TESTED_ELSEWHERE.iter().find(|(listed, ..)| *listed == id);
        match (rule.spec.package_examples.is_empty(), listed) {
            (true, None) => wrong.push(format!(
                "{id}: give it package_examples, or name the test that fires it in TESTED_ELSEWHERE"
            )),
            (false, Some(_)) => wrong.push(format!(
                "{id}: has package_examples now; drop its TESTED_ELSEWHERE row"
            )),
            (true, Some((_, file, asserted))) => {
                let text = std::fs::read_to_string(crates.join(file)).unwrap_or_default();
                if !text.contains(asserted) {
                    wrong.push(format!("{id}: {file} no longer asserts {asserted}"));
                }
            }
            (false, None) => {}
        }
    }
    for (id, ..) in TESTED_ELSEWHERE {
        if rules.get(id).is_none() {
            wrong.push(format!("{id}: no such rule"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
