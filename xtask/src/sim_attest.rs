//! The simulation's check of signed verdicts (`cargo xtask simulate`, on unless `--sign 0`): every result
//! carries a DSSE envelope that verifies with the workers' public key, holds a skill-scan verdict
//! statement, names the sha256 of the archive the registry published for that release, and states the
//! verdict the result states. The same checks as `skill-scan verify FILE TARGET`, on each result.

use crate::sim_nats::{Outcome, ResultEntry};
use crate::sim_registry::Registry;
use skill_scan_attest::dsse::{verify, Envelope};
use skill_scan_attest::keys::PublicKey;
use skill_scan_attest::statement::{Statement, PREDICATE_TYPE, STATEMENT_TYPE};
use std::collections::HashMap;

/// One failure line per result whose attestation is missing or does not hold.
pub fn check(registry: &Registry, outcome: &Outcome, key: &PublicKey) -> Vec<String> {
    let archives: HashMap<String, usize> = registry
        .releases()
        .iter()
        .enumerate()
        .map(|(i, r)| (r.key(), i))
        .collect();
    let mut failures = Vec::new();
    let mut good = 0;
    for result in &outcome.results {
        let Some(&i) = archives.get(&result.key) else {
            // A result for no release is reported by the main check.
            continue;
        };
        match one(result, registry.sha256(i), key) {
            Ok(()) => good += 1,
            Err(why) => failures.push(format!("{}: attestation: {why}", result.key)),
        }
    }
    eprintln!(
        "simulate: {good} of {} results carry a valid signed verdict",
        outcome.results.len()
    );
    failures
}

fn one(result: &ResultEntry, sha256: &str, key: &PublicKey) -> Result<(), String> {
    let value = result.attestation.clone().ok_or("missing")?;
    let envelope: Envelope =
        serde_json::from_value(value).map_err(|e| format!("not a DSSE envelope ({e})"))?;
    let payload = verify(&envelope, key).map_err(|e| e.to_string())?;
    let statement: Statement =
        serde_json::from_slice(&payload).map_err(|e| format!("not a verdict statement ({e})"))?;
    if statement.statement_type != STATEMENT_TYPE || statement.predicate_type != PREDICATE_TYPE {
        return Err("not a skill-scan verdict statement".into());
    }
    let named = statement
        .subject
        .iter()
        .any(|s| s.digest.get("sha256").map(String::as_str) == Some(sha256));
    if !named {
        return Err(format!(
            "names no subject with the archive's sha256 {sha256}"
        ));
    }
    let signed = statement.predicate.verdict.as_str();
    if signed != result.verdict {
        return Err(format!(
            "signs {signed}, the result says {}",
            result.verdict
        ));
    }
    Ok(())
}
