#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The JSON contract as a file others can check against: `docs/report.schema.json` (JSON Schema 2020-12)
//! accepts the real `--format json` output of every corpus sample (folders, archives, suppressed findings,
//! skipped files), and refuses a report that breaks the contract.

use serde_json::Value;
use skill_scan::corpus::load_labels;
use skill_scan::{RuleSet, ScanOptions, Scanner};
use skill_scan_render::{render, OutputFormat, RenderInput, RenderOptions, ToolInfo};
use std::path::PathBuf;

const TOOL: ToolInfo = ToolInfo {
    name: "skill-scan",
    version: "0.0.0",
};

fn validator() -> jsonschema::Validator {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/report.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

fn problems(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_corpus_report_matches_the_published_schema() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let samples = load_labels(&corpus).unwrap();
    let scanner = Scanner::new(RuleSet::embedded(&skill_scan::DETECTORS).unwrap());
    let reports: Vec<_> = samples
        .iter()
        .map(|sample| {
            scanner
                .scan_path(&sample.path.to_string_lossy(), &ScanOptions::default())
                .unwrap()
        })
        .collect();
    let options = RenderOptions::default();
    let input = RenderInput {
        tool: TOOL,
        reports: &reports,
        rules: &[],
        options: &options,
    };
    let document: Value = serde_json::from_str(&render(OutputFormat::Json, &input)).unwrap();
    let validator = validator();
    let found = problems(&validator, &document);
    assert!(found.is_empty(), "{}", found.join("\n"));
    assert!(reports.iter().any(|r| !r.findings.is_empty()));

    // The schema is not a rubber stamp: a contract break is caught.
    let mut broken = document.clone();
    broken["targets"][0]["verdict"] = "maybe".into();
    assert!(!problems(&validator, &broken).is_empty());
    let mut broken = document;
    let first_with_findings = broken["targets"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| !t["findings"].as_array().unwrap().is_empty())
        .unwrap();
    broken["targets"][first_with_findings]["findings"][0]
        .as_object_mut()
        .unwrap()
        .remove("line");
    assert!(!problems(&validator, &broken).is_empty());
}
