//! `cargo xtask eval`: detection quality on the labelled corpus, as a Markdown table.
//!
//! Recall counts a malicious sample as caught at `review` or `block`; "block recall" only at `block`.
//! The false-positive rate counts a benign sample flagged at `review` or `block`; "block FPR" only at `block`.

use skill_scan::corpus::{load_categories, load_labels, LabelledSample};
use skill_scan::{RuleSet, ScanOptions, Scanner};
use skill_scan_model::{Capability, Finding, RecommendedAction, ThreatCategory, VerdictLevel};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Default)]
struct Tally {
    malicious: usize,
    caught: usize,
    blocked: usize,
    benign: usize,
    flagged: usize,
    benign_blocked: usize,
}

impl Tally {
    fn add(&mut self, sample: &LabelledSample, verdict: VerdictLevel) {
        if sample.malicious {
            self.malicious += 1;
            self.caught += usize::from(verdict >= VerdictLevel::Review);
            self.blocked += usize::from(verdict == VerdictLevel::Block);
        } else {
            self.benign += 1;
            self.flagged += usize::from(verdict >= VerdictLevel::Review);
            self.benign_blocked += usize::from(verdict == VerdictLevel::Block);
        }
    }

    fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            self.malicious,
            percent(self.caught, self.malicious),
            percent(self.blocked, self.malicious),
            self.benign,
            percent(self.flagged, self.benign),
            percent(self.benign_blocked, self.benign)
        )
    }
}

/// What a finding of another category can still show about this one: an install hook that pipes a
/// download into `sh` is filed under supply chain, and it also proves remote execution.
fn capabilities_of(category: ThreatCategory) -> &'static [Capability] {
    match category {
        ThreatCategory::RemoteExec => &[Capability::RemoteExec],
        ThreatCategory::CredentialExposure => &[Capability::CredentialAccess, Capability::EnvDump],
        ThreatCategory::DataExfiltration => &[Capability::OutboundSend],
        ThreatCategory::SupplyChain => &[Capability::InstallHook],
        ThreatCategory::PersistentPromptTampering => &[Capability::PromptOverride],
        ThreatCategory::AutonomyEscalation => {
            &[Capability::AutonomyBypass, Capability::BroadPermission]
        }
        ThreatCategory::Persistence => &[Capability::Persistence],
        ThreatCategory::CryptoMining => &[Capability::Mining],
        ThreatCategory::AntiForensics => &[Capability::TraceWipe],
        ThreatCategory::Obfuscation
        | ThreatCategory::PrivilegeEscalation
        | ThreatCategory::Reconnaissance
        | ThreatCategory::McpToolPoisoning
        | ThreatCategory::Destructive => &[],
    }
}

pub(crate) fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".to_string()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

pub fn run(corpus: &Path) -> ExitCode {
    let samples = match load_labels(corpus) {
        Ok(samples) => samples,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let rules = match RuleSet::embedded(&skill_scan::DETECTORS) {
        Ok(rules) => rules,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let categories = match load_categories(corpus, &samples) {
        Ok(categories) => categories,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // Per threat category: (samples about it, samples whose verdict names it among its reasons).
    let mut per_category: BTreeMap<ThreatCategory, (usize, usize)> = BTreeMap::new();
    let mut missed_categories = Vec::new();
    let scanner = Scanner::new(rules);
    let started = Instant::now();
    let kinds = ["skill", "npm", "pypi", "mcp"];
    let mut per_kind: Vec<Tally> = kinds.iter().map(|_| Tally::default()).collect();
    let mut overall = Tally::default();
    let mut mislabelled = Vec::new();
    for sample in &samples {
        let report =
            match scanner.scan_path(&sample.path.to_string_lossy(), &ScanOptions::default()) {
                Ok(report) => report,
                Err(e) => {
                    eprintln!("error: {}: {e}", sample.sample);
                    return ExitCode::from(2);
                }
            };
        if let Some(i) = kinds.iter().position(|k| *k == sample.ecosystem) {
            per_kind[i].add(sample, report.verdict);
        }
        overall.add(sample, report.verdict);
        for category in categories.get(&sample.sample).into_iter().flatten() {
            let shows = |f: &Finding| {
                f.category == *category || capabilities_of(*category).iter().any(|c| f.has(*c))
            };
            let named = report.verdict >= VerdictLevel::Review
                && (report.reasons.iter().any(|r| r.category == *category)
                    || report
                        .findings
                        .iter()
                        .any(|f| f.action >= RecommendedAction::Review && shows(f)));
            if !named {
                missed_categories.push(format!("- `{}`: {category}", sample.sample));
            }
            let tally = per_category.entry(*category).or_default();
            tally.0 += 1;
            tally.1 += usize::from(named);
        }
        if report.verdict != sample.expected {
            let rules: Vec<&str> = report.findings.iter().map(|f| f.rule_id.as_str()).collect();
            mislabelled.push(format!(
                "- `{}`: expected {}, got {} (rules: {})",
                sample.sample,
                sample.expected,
                report.verdict,
                if rules.is_empty() {
                    "none".to_string()
                } else {
                    rules.join(", ")
                }
            ));
        }
    }
    println!("| kind | malicious | recall | block recall | benign | FPR | block FPR |");
    println!("|---|---|---|---|---|---|---|");
    for (kind, tally) in kinds.iter().zip(&per_kind) {
        println!("{}", tally.row(kind));
    }
    println!("{}", overall.row("**all**"));
    // A category counts as caught when the verdict is review or block and either names the category as a
    // reason or rests on a review- or block-level finding of it, by category or by what the finding shows
    // the code can do (a curl|sh inside an install hook is filed under supply chain, yet the remote
    // execution was still found).
    println!("\n| threat category | malicious samples about it | caught | recall |");
    println!("|---|---|---|---|");
    for (category, (expected, named)) in &per_category {
        println!(
            "| {category} | {expected} | {named} | {} |",
            percent(*named, *expected)
        );
    }
    if !missed_categories.is_empty() {
        println!(
            "\nCategories not caught ({}):\n{}",
            missed_categories.len(),
            missed_categories.join("\n")
        );
    }
    println!(
        "\n{} samples in {:.0} ms.",
        samples.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    if mislabelled.is_empty() {
        println!("Every sample got its labelled verdict.");
        ExitCode::SUCCESS
    } else {
        println!(
            "\nMislabelled ({}):\n{}",
            mislabelled.len(),
            mislabelled.join("\n")
        );
        ExitCode::from(1)
    }
}
