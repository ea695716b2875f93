#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every embedded rule proves itself: each `fire` example must produce a finding from that rule, each
//! `quiet` example none, and a rule without both kinds of example fails the suite.

use skill_scan_classify::{classify_file, language_of, PackageFacts, RootManifests};
use skill_scan_detectors::DETECTORS;
use skill_scan_rules::{Matcher, NativeDetector, RuleSet, SourceFile};

/// Scans a one-file package made from an example with one rule, and returns how many times it fired.
fn hits(rules: &RuleSet, rule_id: &str, path: &str, text: &str) -> usize {
    let kind = classify_file(path, text);
    let wanted = RootManifests::wanted(&[path]);
    let manifests = RootManifests::read(wanted.iter().map(|p| (p.as_str(), text)));
    let facts = PackageFacts::from_manifests(&manifests);
    let scope = facts.scope_of(path, kind);
    let file = SourceFile {
        rel_path: path,
        text,
        kind,
        scope,
        language: language_of(kind, path),
        role: facts.role_of(path, scope),
        import_entry: facts.is_import_entry(path),
    };
    rules
        .scan_filtered(&file, |rule| rule.id() == rule_id)
        .findings
        .len()
}

#[test]
fn every_rule_fires_on_its_fire_examples_and_stays_quiet_on_its_quiet_ones() {
    let rules = RuleSet::embedded(&DETECTORS)
        .and_then(RuleSet::with_embedded_examples)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for rule in &rules.rules {
        let id = rule.id();
        if let Matcher::Native {
            detector: NativeDetector::Package,
            ..
        } = rule.matcher
        {
            // Reported by another layer (archive reader, walker, name check): its examples are whole packages
            // (`package_examples`), scanned by the skill-scan crate's tests/package_rule_examples.rs.
            assert!(
                rule.spec.examples.is_empty(),
                "{id}: a package-level native rule cannot run file examples (give package_examples)"
            );
            continue;
        }
        assert!(
            rule.spec.package_examples.is_empty(),
            "{id}: package_examples are for package-level rules; a file rule gives file examples"
        );
        let examples = &rule.spec.examples;
        let fires = examples.iter().filter(|e| e.fire.is_some()).count();
        let quiets = examples.iter().filter(|e| e.quiet.is_some()).count();
        if fires == 0 || quiets == 0 {
            failures.push(format!("{id}: needs at least one fire and one quiet example ({fires} fire, {quiets} quiet)"));
        }
        for (n, example) in examples.iter().enumerate() {
            match (&example.fire, &example.quiet) {
                (Some(text), None) => {
                    if hits(&rules, id, &example.file, text) == 0 {
                        failures.push(format!(
                            "{id}: fire example {n} ({}) did not fire",
                            example.file
                        ));
                    }
                }
                (None, Some(text)) => {
                    let count = hits(&rules, id, &example.file, text);
                    if count > 0 {
                        failures.push(format!(
                            "{id}: quiet example {n} ({}) fired {count} time(s)",
                            example.file
                        ));
                    }
                }
                _ => failures.push(format!(
                    "{id}: example {n} must have exactly one of fire or quiet"
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} rule example failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_initial_pack_is_broad_enough() {
    let rules = RuleSet::embedded(&DETECTORS)
        .and_then(RuleSet::with_embedded_examples)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(rules.rules.len() >= 150, "only {} rules", rules.rules.len());
    let queries = rules
        .rules
        .iter()
        .filter(|r| matches!(r.matcher, skill_scan_rules::Matcher::Query { .. }))
        .count();
    assert!(queries >= 4, "only {queries} tree-sitter rules");
}
