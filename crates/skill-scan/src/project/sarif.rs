//! SARIF for projects: the verdict result of a dependency that a lockfile pins is shown at the
//! dependency's line in the lockfile (where a pull request changed it), with the first evidence inside the
//! package kept as a related location. Done on the rendered document, so the renderer stays a function of
//! the reports alone.

use super::Table;
use serde_json::{json, Value};
use skill_scan_model::TargetReport;
use std::collections::HashMap;

/// `sarif` with each dependency's verdict result moved to its lockfile line.
pub(crate) fn point_dependencies_at_lockfiles(
    sarif: &str,
    tables: &[Table],
    reports: &[TargetReport],
) -> String {
    let mut lines: HashMap<&str, (String, usize)> = HashMap::new();
    for table in tables {
        let uri = lockfile_uri(&table.target);
        for row in &table.rows {
            if let (Ok(index), Some(line)) = (&row.report, row.line) {
                if let Some(report) = reports.get(*index) {
                    // Findings about the lockfile itself are already placed there.
                    if report.target != table.target {
                        lines
                            .entry(report.target.as_str())
                            .or_insert((uri.clone(), line));
                    }
                }
            }
        }
    }
    let Ok(mut document) = serde_json::from_str::<Value>(sarif) else {
        return sarif.to_string();
    };
    let runs = document["runs"].as_array_mut().into_iter().flatten();
    for result in runs.flat_map(|run| run["results"].as_array_mut().into_iter().flatten()) {
        let is_verdict = result["ruleId"]
            .as_str()
            .is_some_and(|id| id.starts_with("SSV-VERDICT"));
        let Some((uri, line)) = result["properties"]["target"]
            .as_str()
            .and_then(|target| lines.get(target))
        else {
            continue;
        };
        if !is_verdict {
            continue;
        }
        let inside = result["locations"][0].clone();
        result["locations"] = json!([{"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": line}
        }}]);
        if let Some(fingerprints) = result.as_object_mut() {
            fingerprints.remove("partialFingerprints");
        }
        if !inside.is_null() {
            let mut related = inside;
            related["id"] = json!(0);
            related["message"] = json!({"text": "first evidence inside the package"});
            match result["relatedLocations"].as_array_mut() {
                Some(list) => list.insert(0, related),
                None => result["relatedLocations"] = json!([related]),
            }
        }
    }
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_else(|_| sarif.to_string());
    out.push('\n');
    out
}

/// The lockfile as a relative URI: as given when relative, else its file name.
fn lockfile_uri(given: &str) -> String {
    let normalised = given.replace('\\', "/");
    let relative = !(normalised.starts_with('/') || normalised.as_bytes().get(1) == Some(&b':'));
    if relative && !normalised.split('/').any(|s| s == "..") {
        normalised.trim_start_matches("./").to_string()
    } else {
        normalised
            .rsplit('/')
            .next()
            .unwrap_or(&normalised)
            .to_string()
    }
}
