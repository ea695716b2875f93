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
