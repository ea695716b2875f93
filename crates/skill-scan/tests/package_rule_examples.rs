#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every package-level rule's example packages (`package_examples` in `rules/*.yaml`): each `fire` package,
//! scanned whole, gets a finding of the rule, and each `quiet` package (a near miss) gets none. Package
//! rules see a package's manifests, file list, file bytes, archive structure, registry metadata or
//! lockfile, so their examples are folders, presented as the rule needs (a folder, an archive built in
//! memory, a registry double, a project): see `skill_scan_rules::PackageExample`.
//! (`crates/detectors/tests/rule_examples.rs` runs the file rules' examples.)

mod package_example_support;
mod project_support;

use package_example_support::{example_report, scan_example};
use skill_scan::{RuleSet, Scanner};
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
    let rules = RuleSet::embedded(&skill_scan::DETECTORS)
        .and_then(RuleSet::with_embedded_examples)
        .unwrap();
    let scanner = Scanner::new(RuleSet::embedded(&skill_scan::DETECTORS).unwrap());
    let mut wrong = Vec::new();
    let mut ran = 0;
    let mut package_rules = 0;
    for rule in &rules.rules {
        if native_name(&rule.matcher).is_none() {
            continue;
        }
        package_rules += 1;
        let examples = &rule.spec.package_examples;
        // Every package rule proves itself with both kinds of example.
        let fires = examples.iter().filter(|e| e.fires()).count();
        if fires == 0 || fires == examples.len() {
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
            let found = scan_example(&scanner, example);
            ran += 1;
            let fired = found.iter().any(|f| f.split(' ').next() == Some(rule.id()));
            if fired != example.fires() {
                let kind = if example.fires() { "fire" } else { "quiet" };
                wrong.push(format!("{} {kind} example {}: {found:?}", rule.id(), n + 1));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(ran >= 2 * package_rules, "{ran} examples ran");
}

/// SARIF of every archive and registry example (a `.tgz`, `.zip` or `.whl` target, an `npm:` target on the
/// registry double) carries GitHub's line fingerprint on every result, the package rules' own included:
/// line hashes are taken at scan time, while the archive's bytes are in memory.
#[test]
fn sarif_of_every_archive_and_registry_example_fingerprints_every_result() {
    let rules = RuleSet::embedded(&skill_scan::DETECTORS)
        .and_then(RuleSet::with_embedded_examples)
        .unwrap();
    let docs = skill_scan::rules_doc::rule_docs(&rules).unwrap();
    let scanner = Scanner::new(RuleSet::embedded(&skill_scan::DETECTORS).unwrap());
    let reports: Vec<_> = rules
        .rules
        .iter()
        .flat_map(|rule| &rule.spec.package_examples)
        .filter(|e| e.archive.is_some() || e.registry.is_some())
        .filter_map(|e| example_report(&scanner, e))
        .collect();
    assert!(reports.len() >= 28, "{} reports", reports.len());
    let options = skill_scan_render::RenderOptions::default();
    let input = skill_scan_render::RenderInput {
        tool: skill_scan_render::ToolInfo {
            name: "skill-scan",
            version: "0.0.0",
        },
        reports: &reports,
        rules: &docs,
        options: &options,
    };
    let sarif: serde_json::Value = serde_json::from_str(&skill_scan_render::render(
        skill_scan_render::OutputFormat::Sarif,
        &input,
    ))
    .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let unprinted: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| {
            r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .is_none_or(str::is_empty)
        })
        .collect();
    assert!(unprinted.is_empty(), "no fingerprint: {unprinted:?}");
    let ids: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    for prefix in ["ARC0", "REG0", "SSV-VERDICT-"] {
        assert!(
            ids.iter().any(|id| id.starts_with(prefix)),
            "{prefix}: {ids:?}"
        );
    }
}
