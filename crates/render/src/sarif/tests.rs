//! Tests of the SARIF renderer.

use super::*;
use crate::rule_doc::tests::rule;
use serde_json::Value;
use skill_scan_model::*;

fn finding(id: &str, rule_id: &str, action: RecommendedAction, path: &str, line: usize) -> Finding {
    Finding {
        id: id.into(),
        rule_name: "some-rule".into(),
        action,
        scope: ArtifactScope::PackageRootArtifact,
        end_column: 10,
        mitre: vec!["T1059.004".into()],
        ..test_support::finding(rule_id, path, line)
    }
}

fn report() -> TargetReport {
    TargetReport {
        target: "pkg".into(),
        kind: PackageKind::Npm,
        verdict: VerdictLevel::Block,
        reasons: vec![VerdictReason {
            scope: ArtifactScope::PackageRootArtifact,
            category: ThreatCategory::SupplyChain,
            signal: SignalClass::MaliciousBehavior,
            rationale: "An install hook fetches and runs remote code (in package.json)".into(),
            compound: true,
            compound_id: Some("CMP002".into()),
            finding_ids: vec!["f1".into(), "f2".into()],
        }],
        calibration: vec![CalibrationNote {
            group: "remote_exec/supporting_artifact/malicious_behavior".into(),
            from: RecommendedAction::Block,
            to: RecommendedAction::Review,
            reason: "found only in test files".into(),
            finding_ids: vec!["f3".into()],
        }],
        package: PackageSummary::default(),
        findings: vec![
            finding("f1", "SUP001", RecommendedAction::Log, "package.json", 3),
            finding(
                "f2",
                "RCE001",
                RecommendedAction::Block,
                "install sh#1.sh",
                2,
            ),
            finding("f3", "RCE001", RecommendedAction::Block, "test/t.sh", 1),
            finding("f4", "OBF001", RecommendedAction::Log, "lib/x.js", 9),
        ],
        suppressed: vec![],
        skipped: vec![],
        diagnostics: vec![],
        files_scanned: 4,
        origin: None,
        incomplete: None,
        line_hashes: LineHashes::default(),
    }
}

const TOOL: ToolInfo = ToolInfo {
    name: "skill-scan",
    version: "1.2.3",
};

/// The text the scan saw in `package.json`; its line hashes are stored in every test report.
const PACKAGE_JSON: &str = "{\n\n  x\n";

fn render_with(
    docs: &[RuleDoc],
    reports: &[TargetReport],
    prefixes: &[&str],
    verbose: bool,
) -> Value {
    let mut reports = reports.to_vec();
    for report in &mut reports {
        report.line_hashes.add("package.json", PACKAGE_JSON, [3]);
    }
    let targets: Vec<SarifTarget> = reports
        .iter()
        .zip(prefixes)
        .map(|(report, prefix)| SarifTarget {
            report,
            uri_prefix: prefix,
        })
        .collect();
    let text = render_sarif(TOOL, docs, &targets, SarifOptions { verbose });
    serde_json::from_str(&text).unwrap()
}

fn render(reports: &[TargetReport], prefixes: &[&str], verbose: bool) -> Value {
    render_with(&[rule()], reports, prefixes, verbose)
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().unwrap()
}

#[test]
fn the_log_names_the_schema_version_and_tool() {
    let log = render(&[report()], &[""], false);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["$schema"], SCHEMA);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "skill-scan");
    assert_eq!(driver["semanticVersion"], "1.2.3");
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
}

#[test]
fn rules_carry_documentation_level_tags_and_severity() {
    let log = render(&[report()], &[""], false);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rce = &rules[0];
    assert_eq!(rce["id"], "RCE001");
    assert_eq!(rce["name"], "CurlPipedToShell");
    assert_eq!(
        rce["shortDescription"]["text"],
        "Remote script piped into a shell"
    );
    assert!(rce["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .ends_with("Ship the script instead."));
    assert!(rce["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("[T1059.004](https://attack.mitre.org/techniques/T1059/004/)"));
    assert_eq!(rce["defaultConfiguration"]["level"], "error");
    assert_eq!(rce["properties"]["security-severity"], "9.0");
    assert_eq!(
        rce["properties"]["tags"],
        serde_json::json!([
            "security",
            "remote_exec",
            "malicious_behavior",
            "T1059.004",
            "T1105"
        ])
    );
    let names: HashSet<&str> = rules.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), rules.len(), "rule names are distinct");
    for rule in rules {
        let severity: f64 = rule["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.1..=10.0).contains(&severity));
        assert!(rule["properties"]["tags"].as_array().unwrap().len() <= MAX_TAGS);
    }
}

#[test]
fn results_point_at_their_rule_and_say_one_sentence() {
    let log = render(&[report()], &[""], false);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for result in results(&log) {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let text = result["message"]["text"].as_str().unwrap();
        assert!(text.ends_with('.') && !text.contains('\n'), "{text}");
    }
}

#[test]
fn a_findings_related_locations_become_sarif_related_locations() {
    let mut report = report();
    report.findings[1]
        .related
        .push(skill_scan_model::RelatedLocation {
            path: "lib/read.js".into(),
            line: 4,
            column: 9,
            message: "secret read here (reads .npmrc)".into(),
        });
    let log = render(&[report], &["pkg"], false);
    let result = results(&log)
        .iter()
        .find(|r| r["properties"]["findingId"] == "f2")
        .unwrap();
    let related = &result["relatedLocations"][0];
    assert_eq!(related["id"], 1);
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "pkg/lib/read.js"
    );
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 4);
    assert_eq!(related["physicalLocation"]["region"]["startColumn"], 9);
    assert_eq!(
        related["message"]["text"],
        "secret read here (reads .npmrc)."
    );
}

#[test]
fn verdict_and_compound_reasons_are_results_of_their_own() {
    let log = render(&[report()], &[""], false);
    let ids: Vec<&str> = results(&log)
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    // Log-level f4 is not cited and not shown; f1 is cited by the compound, so it is.
    assert_eq!(
        ids,
        [
            "SSV-VERDICT-BLOCK",
            "CMP002",
            "SUP001",
            "RCE001",
            "RCE001/review"
        ]
    );
    let compound = &results(&log)[1];
    assert_eq!(compound["level"], "error");
    assert_eq!(
        compound["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "package.json"
    );
    assert_eq!(
        compound["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "install%20sh%231.sh"
    );
    assert_eq!(
        compound["relatedLocations"][0]["message"]["text"],
        "RCE001: Remote script piped into a shell."
    );
    assert_eq!(log["runs"][0]["properties"]["verdict"], "block");
    assert_eq!(
        log["runs"][0]["properties"]["targets"][0]["reasons"][0]["compound"],
        true
    );

    let mut allowed = report();
    allowed.verdict = VerdictLevel::Allow;
    allowed.reasons.clear();
    let log = render(&[allowed], &[""], false);
    assert!(results(&log)
        .iter()
        .all(|r| !r["ruleId"].as_str().unwrap().starts_with("SSV-")));
}

#[test]
fn levels_follow_the_calibrated_action() {
    let log = render(&[report()], &[""], true);
    let level_of = |id: &str| {
        results(&log)
            .iter()
            .find(|r| r["properties"]["findingId"] == id)
            .map(|r| r["level"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(level_of("f1"), "note");
    assert_eq!(level_of("f2"), "error");
    assert_eq!(level_of("f3"), "warning", "calibrated from block to review");
    assert_eq!(level_of("f4"), "note", "shown under verbose");
}

#[test]
fn a_lowered_result_is_ranked_by_a_sub_rule_with_the_lower_severity() {
    let log = render(&[report()], &[""], false);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    let lowered = results(&log)
        .iter()
        .find(|r| r["properties"]["findingId"] == "f3")
        .unwrap();
    assert_eq!(lowered["ruleId"], "RCE001/review");
    let index = lowered["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "RCE001/review");
    assert_eq!(
        rule("RCE001/review")["properties"]["security-severity"],
        "5.0"
    );
    assert_eq!(
        rule("RCE001/review")["defaultConfiguration"]["level"],
        "warning"
    );
    // The rule itself keeps its own severity for the result that was not lowered.
    let full = rule("RCE001")["properties"]["security-severity"]
        .as_str()
        .unwrap()
        .parse::<f64>()
        .unwrap();
    assert!(full >= 7.0, "{full}");
    let names: HashSet<&str> = rules.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), rules.len(), "rule names stay distinct");
}

#[test]
fn every_rule_links_to_its_documentation() {
    let log = render(&[report()], &[""], false);
    for rule in log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
    {
        let uri = rule["helpUri"].as_str().unwrap();
        let anchor = rule["id"].as_str().unwrap().to_ascii_lowercase();
        let anchor = anchor.split('/').next().unwrap();
        assert!(uri.starts_with("https://"), "{uri}");
        assert!(uri.ends_with(&format!("docs/rules.md#{anchor}")), "{uri}");
    }
}

#[test]
fn the_invocation_reports_incomplete_scans_and_skipped_files_to_the_tool_status() {
    let log = render(&[report()], &[""], false);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert!(invocation.get("toolExecutionNotifications").is_none());

    let mut partial = report();
    partial.incomplete = Some("the time budget (1s) ran out".into());
    for n in 0..7 {
        partial.skipped.push(Skipped {
            path: format!("c/m{n}.pyc"),
            reason: "binary file (compiled Python); not scanned as text".into(),
        });
    }
    partial.skipped.push(Skipped {
        path: "big.js".into(),
        reason: "too large: 9 bytes, over the 8-byte limit".into(),
    });
    let log = render(&[partial], &[""], false);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes: Vec<(String, String)> = invocation["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["level"].as_str().unwrap().to_string(),
                n["message"]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert_eq!(notes[0].0, "error");
    assert!(notes[0].1.contains("time budget"), "{notes:?}");
    assert_eq!(
        notes[1].1,
        "pkg: 7 files skipped (binary file (compiled Python)): c/m0.pyc, c/m1.pyc, c/m2.pyc, c/m3.pyc, c/m4.pyc and 2 more."
    );
    assert_eq!(notes[2].1, "pkg: 1 file skipped (too large): big.js.");
}

#[test]
fn regions_are_one_based_and_fingerprints_hash_the_file() {
    let log = render(&[report()], &[""], false);
    let sup = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "SUP001")
        .unwrap();
    let region = &sup["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(
        (region["endLine"].as_u64(), region["endColumn"].as_u64()),
        (Some(3), Some(10))
    );
    assert_eq!(
        sup["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
        "%SRCROOT%"
    );
    let expected = &line_hashes(PACKAGE_JSON.as_bytes())[2];
    assert_eq!(
        sup["partialFingerprints"]["primaryLocationLineHash"],
        expected.as_str()
    );
    let compound = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "CMP002")
        .unwrap();
    assert_eq!(
        compound["partialFingerprints"], sup["partialFingerprints"],
        "a compound is fingerprinted at its first piece of evidence"
    );
    // A place the scan stored no hash for (no text) still gets a stable one: an empty file's.
    let rce = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "RCE001")
        .unwrap();
    assert_eq!(
        rce["partialFingerprints"]["primaryLocationLineHash"],
        line_hashes(b"")[0].as_str()
    );
    assert!(results(&log)
        .iter()
        .all(|r| r["partialFingerprints"]["primaryLocationLineHash"].is_string()));
}

#[test]
fn compound_and_verdict_results_use_the_documentation_they_are_given() {
    let doc = |id: &str, kind: RuleKind, action: RecommendedAction| RuleDoc {
        id: id.into(),
        name: id.to_ascii_lowercase(),
        title: format!("documented {id}"),
        kind,
        action,
        ..rule()
    };
    let docs = [
        rule(),
        doc("CMP002", RuleKind::Compound, RecommendedAction::Block),
        doc(
            "SSV-VERDICT-BLOCK",
            RuleKind::Verdict,
            RecommendedAction::Block,
        ),
    ];
    let log = render_with(&docs, &[report()], &[""], false);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let by_id = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(
        by_id("CMP002")["shortDescription"]["text"],
        "documented CMP002"
    );
    assert_eq!(by_id("CMP002")["properties"]["security-severity"], "9.5");
    let verdict = by_id("SSV-VERDICT-BLOCK");
    assert_eq!(
        verdict["shortDescription"]["text"],
        "documented SSV-VERDICT-BLOCK"
    );
    assert_eq!(verdict["properties"]["security-severity"], "9.5");
    assert_eq!(
        verdict["properties"]["tags"],
        serde_json::json!(["security", "verdict"])
    );
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "RCE001",
            "CMP002",
            "SSV-VERDICT-BLOCK",
            "SUP001",
            "RCE001/review"
        ],
        "documented rules are not added twice (the lowered sub-rule is its own)"
    );
}

#[test]
fn several_targets_share_one_run_with_prefixed_uris_and_stable_output() {
    let mut other = report();
    other.target = "b".into();
    let log = render(&[report(), other.clone()], &["a", "b"], false);
    let uris: HashSet<&str> = results(&log)
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains("a/package.json") && uris.contains("b/package.json"),
        "{uris:?}"
    );
    assert_eq!(log["runs"][0]["properties"]["targets"][1]["uriPrefix"], "b");
    assert_eq!(render(&[report(), other.clone()], &["a", "b"], false), log);
}

#[test]
fn suppressed_findings_are_results_with_suppressions() {
    let mut report = report();
    report.suppressed.push(SuppressedFinding {
        finding: finding("f5", "RCE001", RecommendedAction::Block, "vendor/i.sh", 4),
        suppression: Suppression {
            kind: SuppressionKind::Config,
            reason: "vendored installer, reviewed".into(),
            source: "skill-scan.toml:7".into(),
        },
    });
    report.suppressed.push(SuppressedFinding {
        finding: finding("f6", "RCE001", RecommendedAction::Block, "i.sh", 2),
        suppression: Suppression {
            kind: SuppressionKind::Inline,
            reason: "ours".into(),
            source: "i.sh:1".into(),
        },
    });
    let log = render(&[report], &[""], false);
    let suppressed: Vec<&Value> = results(&log)
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 2);
    assert_eq!(suppressed[0]["properties"]["findingId"], "f5");
    let first = &suppressed[0]["suppressions"][0];
    assert_eq!(first["kind"], "external");
    assert_eq!(first["status"], "accepted");
    assert_eq!(
        first["justification"],
        "vendored installer, reviewed (suppressed by config skill-scan.toml:7)."
    );
    assert_eq!(suppressed[1]["suppressions"][0]["kind"], "inSource");
}

#[test]
fn uri_prefixes_are_relative_clean_and_only_when_asked() {
    assert_eq!(
        sarif_uri_prefix("./skills/pdf/", false, 0, true),
        "skills/pdf"
    );
    assert_eq!(
        sarif_uri_prefix("skills\\pdf", false, 0, true),
        "skills/pdf"
    );
    assert_eq!(
        sarif_uri_prefix("skills/pdf/SKILL.md", true, 0, true),
        "skills/pdf"
    );
    assert_eq!(sarif_uri_prefix("SKILL.md", true, 0, true), "");
    assert_eq!(sarif_uri_prefix(".", false, 0, true), "");
    assert_eq!(sarif_uri_prefix("/tmp/pkg", false, 2, true), "target3/pkg");
    assert_eq!(sarif_uri_prefix("../pkg", false, 0, true), "target1/pkg");
    assert_eq!(sarif_uri_prefix("skills/pdf", false, 0, false), "");
}

#[test]
fn names_and_sentences() {
    assert_eq!(pascal_case("curl-piped-to-shell"), "CurlPipedToShell");
    assert_eq!(
        pascal_case("compound-data-exfiltration"),
        "CompoundDataExfiltration"
    );
    assert_eq!(sentence("two\n lines"), "two lines.");
    assert_eq!(sentence("done."), "done.");
    assert_eq!(lower_first("Credentials are read"), "credentials are read");
    assert_eq!(lower_first("MCP server"), "MCP server");
    assert_eq!(encode_uri_path("a b/ü:c.js"), "a%20b/%C3%BC%3Ac.js");
    assert_eq!(
        security_severity(RecommendedAction::Log, SignalClass::MaliciousBehavior),
        "2.0"
    );
    assert_eq!(
        security_severity(RecommendedAction::Review, SignalClass::SuspiciousBehavior),
        "6.0"
    );
}
