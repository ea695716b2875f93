#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every rule id an output format can name is explainable: the JSON (findings, suppressed findings, compound
//! reasons) and SARIF (results) of the whole corpus name only ids that `skill-scan explain` documents, and
//! the binary explains each kind (a rule of a pack, a compound, a package verdict).

use assert_cmd::Command;
use serde_json::Value;
use skill_scan::corpus::load_labels;
use skill_scan::rules_doc::{find_rule, rule_docs, Lookup};
use skill_scan::{RuleSet, ScanOptions, Scanner};
use skill_scan_render::{render, OutputFormat, RenderInput, RenderOptions, ToolInfo};
use std::collections::BTreeSet;
use std::path::PathBuf;

const TOOL: ToolInfo = ToolInfo {
    name: "skill-scan",
    version: "0.0.0",
};

fn ids_in_json(json: &Value, ids: &mut BTreeSet<String>) {
    for target in json["targets"].as_array().unwrap() {
        for list in ["findings", "suppressed"] {
            for finding in target[list].as_array().into_iter().flatten() {
                ids.insert(finding["rule_id"].as_str().unwrap().to_string());
            }
        }
        for reason in target["reasons"].as_array().unwrap() {
            if reason["compound"] == true {
                ids.insert(reason["compound_id"].as_str().unwrap().to_string());
            }
        }
    }
}

fn ids_in_sarif(sarif: &Value, ids: &mut BTreeSet<String>) {
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        ids.insert(result["ruleId"].as_str().unwrap().to_string());
    }
}

#[test]
fn every_id_the_corpus_output_names_is_explainable() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let samples = load_labels(&corpus).unwrap();
    let rules = RuleSet::embedded(&skill_scan::DETECTORS).unwrap();
    let docs = rule_docs(&rules).unwrap();
    let scanner = Scanner::new(rules);
    let reports: Vec<_> = samples
        .iter()
        .map(|sample| {
            scanner
                .scan_path(&sample.path.to_string_lossy(), &ScanOptions::default())
                .unwrap()
        })
        .collect();
    let options = RenderOptions {
        verbose: true,
        ..RenderOptions::default()
    };
    let input = RenderInput {
        tool: TOOL,
        reports: &reports,
        rules: &docs,
        options: &options,
    };
    let mut ids = BTreeSet::new();
    ids_in_json(
        &serde_json::from_str(&render(OutputFormat::Json, &input)).unwrap(),
        &mut ids,
    );
    ids_in_sarif(
        &serde_json::from_str(&render(OutputFormat::Sarif, &input)).unwrap(),
        &mut ids,
    );
    for wanted in [
        "CMP001",
        "SSV-VERDICT-BLOCK",
        "SSV-VERDICT-REVIEW",
        "RCE001",
    ] {
        assert!(ids.contains(wanted), "the corpus names {wanted}: {ids:?}");
    }
    let unexplained: Vec<&String> = ids
        .iter()
        // A lowered result's sub-rule (`AGT003/log`) is explained by its rule.
        .filter(|id| {
            let rule = id.split('/').next().unwrap_or(id);
            !matches!(find_rule(&docs, id), Lookup::Found(doc) if doc.id == rule)
        })
        .collect();
    assert!(unexplained.is_empty(), "not explainable: {unexplained:?}");
}

#[test]
fn explain_documents_compounds_and_package_verdicts() {
    for (id, expected) in [
        ("CMP005", "credential-access-with-outbound-send"),
        ("SSV-VERDICT-BLOCK", "package-verdict-block"),
        ("SSV-VERDICT-REVIEW", "package-verdict-review"),
    ] {
        let out = Command::cargo_bin("skill-scan")
            .unwrap()
            .args(["explain", id])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(&format!("{id} {expected}: ")), "{text}");
        assert!(text.contains("rules/verdict/compounds.yaml"), "{text}");
    }
    let listed = Command::cargo_bin("skill-scan")
        .unwrap()
        .arg("rules")
        .output()
        .unwrap();
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("CMP001 ")
                && l.contains("heartbeat-polling-with-credential-access")),
        "{listed}"
    );
    assert!(listed.lines().any(|l| l.starts_with("SSV-VERDICT-BLOCK ")));
    let out = Command::cargo_bin("skill-scan")
        .unwrap()
        .args(["explain", "CMP005"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("example: fires on lib/keys.js, lib/telemetry.js"),
        "{text}"
    );
    assert!(text.contains("==> lib/keys.js <=="), "{text}");
    assert!(text.contains("example: stays quiet on"), "{text}");
}

/// Every id a report can carry comes from one of three lists: the loaded rules (file rules and the package
/// rules that the pipeline, the archive reader, the registry and the project layer report), the compounds,
/// and the package verdicts. Each is explainable, and the binary explains one of every kind.
#[test]
fn every_id_any_output_can_name_is_explainable() {
    let rules = RuleSet::embedded(&skill_scan::DETECTORS).unwrap();
    let docs = rule_docs(&rules).unwrap();
    let ids: Vec<String> = rules
        .rules
        .iter()
        .map(|rule| rule.id().to_string())
        .chain(
            skill_scan_verdict::compounds::ids()
                .into_iter()
                .map(String::from),
        )
        .chain(["SSV-VERDICT-BLOCK".into(), "SSV-VERDICT-REVIEW".into()])
        .collect();
    let unexplained: Vec<&String> = ids
        .iter()
        .filter(|id| !matches!(find_rule(&docs, id), Lookup::Found(doc) if &doc.id == *id))
        .collect();
    assert!(unexplained.is_empty(), "not explainable: {unexplained:?}");
    for prefix in ["ARC", "REG", "BIN", "PKG", "SUP", "MCP", "AGT", "CMP"] {
        assert!(
            ids.iter().any(|id| id.starts_with(prefix)),
            "no {prefix} id"
        );
    }
    // One of each kind through the binary: archive, registry, binary file, package name, project
    // (lockfile and MCP config), declared tools, a compound, a verdict, and a lowered sub-rule.
    for id in [
        "ARC005",
        "REG003",
        "BIN001",
        "PKG001",
        "SUP032",
        "SUP035",
        "MCP016",
        "MCP017",
        "AGT031",
        "CMP012",
        "SSV-VERDICT-REVIEW",
        "RCE001/log",
    ] {
        let out = Command::cargo_bin("skill-scan")
            .unwrap()
            .args(["explain", id])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let rule = id.split('/').next().unwrap();
        assert_eq!(out.status.code(), Some(0), "{id}: {text}");
        assert!(text.starts_with(&format!("{rule} ")), "{id}: {text}");
    }
}
