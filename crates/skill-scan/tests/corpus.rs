#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The labelled corpus: every sample gets its labelled verdict, and its verdict, reasons and findings are
//! pinned by an `insta` snapshot under `snapshots/` (review changes with `cargo insta review`, or re-run with
//! `INSTA_UPDATE=always` and read the diff).

use serde::Serialize;
use skill_scan::corpus::{load_categories, load_labels};
use skill_scan::{RuleSet, ScanOptions, Scanner};
use skill_scan_model::TargetReport;
use std::path::PathBuf;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a snapshot pins: stable, relative, no timestamps.
#[derive(Serialize)]
struct Pinned<'a> {
    kind: String,
    verdict: String,
    reasons: Vec<String>,
    findings: Vec<String>,
    skipped: Vec<String>,
    diagnostics: Vec<String>,
    calibration: Vec<String>,
    package: &'a skill_scan_model::PackageSummary,
}

fn pin(report: &TargetReport) -> Pinned<'_> {
    Pinned {
        kind: report.kind.to_string(),
        verdict: report.verdict.to_string(),
        reasons: report
            .reasons
            .iter()
            .map(|r| {
                let compound = match (&r.compound_id, r.compound) {
                    (Some(id), _) => format!("compound {id} "),
                    (None, true) => "compound ".to_string(),
                    (None, false) => String::new(),
                };
                format!(
                    "{compound}{}/{}/{}: {} [{}]",
                    r.category,
                    r.scope,
                    r.signal,
                    r.rationale,
                    r.finding_ids.join(",")
                )
            })
            .collect(),
        findings: report
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}:{}:{} {} {} {}",
                    f.id, f.rule_id, f.path, f.line, f.column, f.action, f.scope, f.context
                )
            })
            .collect(),
        skipped: report
            .skipped
            .iter()
            .map(|s| format!("{}: {}", s.path, s.reason))
            .collect(),
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect(),
        calibration: report
            .calibration
            .iter()
            .map(|n| {
                format!(
                    "{}: {} -> {}: {} [{}]",
                    n.group,
                    n.from,
                    n.to,
                    n.reason,
                    n.finding_ids.join(",")
                )
            })
            .collect(),
        package: &report.package,
    }
}

#[test]
fn every_corpus_sample_gets_its_label_and_matches_its_snapshot() {
    let corpus = workspace().join("corpus");
    let samples = load_labels(&corpus).unwrap_or_else(|e| panic!("{e}"));
    // Per-category recall (`cargo xtask eval`) needs every malicious sample's categories.
    load_categories(&corpus, &samples).unwrap_or_else(|e| panic!("{e}"));
    assert!(samples.len() >= 10, "the corpus needs at least 10 samples");
    let scanner =
        Scanner::new(RuleSet::embedded(&skill_scan::DETECTORS).unwrap_or_else(|e| panic!("{e}")));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(workspace().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut wrong = Vec::new();
    let mut reports = Vec::new();
    for sample in &samples {
        let mut report = scanner
            .scan_path(&sample.path.to_string_lossy(), &ScanOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", sample.sample));
        report.target = sample.sample.clone();
        if report.verdict != sample.expected {
            wrong.push(format!(
                "{}: expected {}, got {}",
                sample.sample, sample.expected, report.verdict
            ));
        }
        reports.push(report);
    }
    // Labels first, so a wrong verdict is reported as such (with every other one) before any snapshot diff.
    assert!(wrong.is_empty(), "mislabelled:\n{}", wrong.join("\n"));
    for report in &reports {
        let name = report.target.replace('/', "__");
        settings.bind(|| insta::assert_yaml_snapshot!(name, pin(report)));
    }
}
