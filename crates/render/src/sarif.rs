//! SARIF 2.1.0 (`--format sarif`) for GitHub code scanning and other SARIF viewers.
//!
//! One run per invocation, holding every target's results:
//! - each finding is a result of its rule (`tool.driver.rules[]` carries the rule's documentation, level,
//!   tags and `security-severity`); log-level findings are left out unless a reason cites them (or
//!   `verbose`), as in the text output;
//! - each compound reason is a result of its compound rule (`CMP001`, …), located at its first piece of
//!   evidence, with the rest as `relatedLocations`;
//! - each `review` or `block` verdict is a result of `SSV-VERDICT-REVIEW` / `SSV-VERDICT-BLOCK`, so the
//!   package's verdict shows up in code scanning; `run.properties.targets` holds every verdict and reason.
//!
//! Every rule id a result names is documented by the caller's [`RuleDoc`]s (`skill-scan explain ID` prints
//! the same text). Every result carries `partialFingerprints`, from the line hashes the scan stored in the
//! report: the renderer never reads a scanned file, so archive and registry targets get them too.
//!
//! URIs are relative to the scanned target (`uriBaseId` `%SRCROOT%`); with several targets each is prefixed
//! by its target's path (see [`sarif_uri_prefix`]) so they stay unique. Output order is the report order, so
//! the same scan gives the same bytes.

mod model;

use crate::rule_doc::{RuleDoc, RuleKind};
use crate::ToolInfo;
use model::*;
use skill_scan_model::{
    Finding, RecommendedAction, SignalClass, Suppression, SuppressionKind, TargetReport,
    VerdictLevel, VerdictReason,
};
use std::collections::{BTreeMap, HashMap, HashSet};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");
/// GitHub shows at most this many tags per rule.
const MAX_TAGS: usize = 20;

/// One scanned target and the folder its findings' paths are relative to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SarifTarget<'a> {
    pub report: &'a TargetReport,
    /// Prepended (with a `/`) to the target's paths; empty for none. See [`sarif_uri_prefix`].
    pub uri_prefix: &'a str,
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SarifOptions {
    /// Also report log-level findings no reason cites.
    pub verbose: bool,
}

/// The URI prefix for a target: `prefixed` is false for a lone target (its URIs are relative to it). A
/// relative target path (a folder, or the folder holding a single-file target) is used as given, cleaned
/// to `/`-separated segments; an absolute one, or one that climbs out with `..`, becomes `target<N>/<name>`
/// so URIs stay relative and unique.
pub fn sarif_uri_prefix(given: &str, single_file: bool, index: usize, prefixed: bool) -> String {
    if !prefixed {
        return String::new();
    }
    let normalised = given.replace('\\', "/");
    let absolute = normalised.starts_with('/')
        || normalised.as_bytes().get(1) == Some(&b':')
        || normalised.contains("://");
    let mut segments: Vec<&str> = normalised
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    if single_file {
        segments.pop();
    }
    if absolute || segments.contains(&"..") {
        let name = segments
            .iter()
            .rev()
            .find(|s| **s != "..")
            .copied()
            .unwrap_or("root");
        return format!("target{}/{name}", index + 1);
    }
    segments.join("/")
}

pub(crate) fn render_sarif(
    tool: ToolInfo,
    rules: &[RuleDoc],
    targets: &[SarifTarget],
    options: SarifOptions,
) -> String {
    let mut builder = RunBuilder::new(rules, targets);
    for (index, target) in targets.iter().enumerate() {
        builder.add_target(index, target, options);
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![builder.finish(tool)],
    };
    let mut out =
        serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------------------------
// Building the run.

struct RunBuilder<'a> {
    rules: Vec<Rule>,
    rule_index: HashMap<String, usize>,
    results: Vec<SarifResult>,
    targets: &'a [SarifTarget<'a>],
    names: HashSet<String>,
}

impl<'a> RunBuilder<'a> {
    fn new(docs: &[RuleDoc], targets: &'a [SarifTarget<'a>]) -> Self {
        let mut builder = RunBuilder {
            rules: Vec::new(),
            rule_index: HashMap::new(),
            results: Vec::new(),
            targets,
            names: HashSet::new(),
        };
        for doc in docs {
            builder.add_rule(rule_from_doc(doc));
        }
        builder
    }

    fn add_rule(&mut self, mut rule: Rule) -> usize {
        if let Some(&index) = self.rule_index.get(&rule.id) {
            return index;
        }
        // Names must be distinct; two kebab names can meet in PascalCase (`a-b1` / `ab-1`).
        if !self.names.insert(rule.name.clone()) {
            rule.name = format!("{}{}", rule.name, pascal_case(&rule.id));
            self.names.insert(rule.name.clone());
        }
        let index = self.rules.len();
        self.rule_index.insert(rule.id.clone(), index);
        self.rules.push(rule);
        index
    }

    fn add_target(&mut self, index: usize, target: &SarifTarget, options: SarifOptions) {
        let report = target.report;
        let by_id: HashMap<&str, &Finding> =
            report.findings.iter().map(|f| (f.id.as_str(), f)).collect();
        let cited: HashSet<&str> = report
            .reasons
            .iter()
            .flat_map(|r| r.finding_ids.iter().map(String::as_str))
            .collect();

        if report.verdict > VerdictLevel::Allow {
            self.add_verdict(index, report, &by_id);
        }
        for reason in report.reasons.iter().filter(|r| r.compound) {
            self.add_compound(index, report, reason, &by_id);
        }
        for finding in &report.findings {
            let (action, calibration) = effective_action(report, finding);
            let shown = options.verbose
                || action > RecommendedAction::Log
                || cited.contains(finding.id.as_str());
            if shown {
                self.add_finding(index, report, finding, action, calibration, None);
            }
        }
        // Suppressed findings stay visible as suppressed results, with who suppressed them and why.
        for item in &report.suppressed {
            let finding = &item.finding;
            if options.verbose || finding.action > RecommendedAction::Log {
                let suppression = Some(&item.suppression);
                self.add_finding(index, report, finding, finding.action, None, suppression);
            }
        }
    }

    fn add_finding(
        &mut self,
        target: usize,
        report: &TargetReport,
        finding: &Finding,
        action: RecommendedAction,
        calibration: Option<&str>,
        suppression: Option<&Suppression>,
    ) {
        let mut rule_index = match self.rule_index.get(&finding.rule_id) {
            Some(&index) => index,
            None => self.add_rule(rule_from_finding(finding)),
        };
        if calibration.is_some() && action < finding.action {
            // Code scanning ranks a result by its rule's `security-severity`, whatever the result's
            // level: a result calibration lowered gets a sub-rule (`RCE001/log`) carrying the lower one.
            let lowered = lowered_rule(&self.rules[rule_index], action);
            rule_index = self.add_rule(lowered);
        }
        let related = finding
            .related
            .iter()
            .enumerate()
            .map(|(n, related)| RelatedLocation {
                id: n + 1,
                physical_location: self.physical(
                    target,
                    &related.path,
                    related.line,
                    related.column,
                    None,
                ),
                message: Message::new(sentence(&related.message)),
            })
            .collect();
        let mut properties = BTreeMap::new();
        properties.insert("findingId", finding.id.clone());
        properties.insert("target", report.target.clone());
        properties.insert("category", finding.category.to_string());
        properties.insert("signal", finding.signal.to_string());
        properties.insert("scope", finding.scope.to_string());
        properties.insert("context", finding.context.to_string());
        if finding.import_time {
            properties.insert("importTime", "true".into());
        }
        if let Some(reason) = calibration {
            properties.insert("calibration", reason.to_string());
        }
        let result = SarifResult {
            rule_id: self.rules[rule_index].id.clone(),
            rule_index,
            level: level(action),
            message: Message::new(sentence(&finding.message)),
            locations: vec![Location {
                physical_location: self.physical(
                    target,
                    &finding.path,
                    finding.line,
                    finding.column,
                    Some((finding.end_line, finding.end_column)),
                ),
            }],
            related_locations: related,
            partial_fingerprints: self.fingerprint(target, &finding.path, finding.line),
            suppressions: suppression.map(sarif_suppression).into_iter().collect(),
            properties,
        };
        self.results.push(result);
    }

    fn add_compound(
        &mut self,
        target: usize,
        report: &TargetReport,
        reason: &VerdictReason,
        by_id: &HashMap<&str, &Finding>,
    ) {
        let evidence: Vec<&Finding> = reason
            .finding_ids
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        let Some((primary, rest)) = evidence.split_first() else {
            return;
        };
        let id = reason.compound_id.as_deref().unwrap_or("SSV-COMPOUND");
        let rule_index = match self.rule_index.get(id) {
            Some(&index) => index,
            None => self.add_rule(undocumented_rule(
                id,
                "Behaviours across the package add up to an attack",
                RuleKind::Compound,
                reason.signal,
                RecommendedAction::Block,
            )),
        };
        let related = rest
            .iter()
            .enumerate()
            .map(|(n, f)| self.evidence_location(target, n + 1, f, &f.message))
            .collect();
        let mut properties = BTreeMap::new();
        properties.insert("target", report.target.clone());
        properties.insert("scope", reason.scope.to_string());
        properties.insert("findingIds", reason.finding_ids.join(","));
        let result = SarifResult {
            rule_id: self.rules[rule_index].id.clone(),
            rule_index,
            level: "error",
            message: Message::new(sentence(&reason.rationale)),
            locations: vec![Location {
                physical_location: self.finding_location(target, primary),
            }],
            related_locations: related,
            partial_fingerprints: self.fingerprint(target, &primary.path, primary.line),
            suppressions: Vec::new(),
            properties,
        };
        self.results.push(result);
    }

    fn add_verdict(
        &mut self,
        target: usize,
        report: &TargetReport,
        by_id: &HashMap<&str, &Finding>,
    ) {
        // Each reason's first piece of evidence; the first of those is where the verdict is shown.
        let anchors: Vec<(&VerdictReason, &Finding)> = report
            .reasons
            .iter()
            .filter_map(|reason| {
                let first = reason
                    .finding_ids
                    .iter()
                    .find_map(|id| by_id.get(id.as_str()).copied())?;
                Some((reason, first))
            })
            .collect();
        let Some(((lead_reason, primary), rest)) = anchors.split_first() else {
            return;
        };
        let (id, title, action) = match report.verdict {
            VerdictLevel::Block => (
                VERDICT_BLOCK,
                "skill-scan blocks this package",
                RecommendedAction::Block,
            ),
            _ => (
                VERDICT_REVIEW,
                "skill-scan asks for a review of this package",
                RecommendedAction::Review,
            ),
        };
        let rule_index = match self.rule_index.get(id) {
            Some(&index) => index,
            None => self.add_rule(undocumented_rule(
                id,
                title,
                RuleKind::Verdict,
                SignalClass::ReviewSignal,
                action,
            )),
        };
        let related = rest
            .iter()
            .filter(|(_, f)| f.path != primary.path || f.location() != primary.location())
            .enumerate()
            .map(|(n, (reason, f))| self.evidence_location(target, n + 1, f, &reason.rationale))
            .collect();
        let verb = match report.verdict {
            VerdictLevel::Block => "blocks",
            _ => "asks for a review of",
        };
        let mut properties = BTreeMap::new();
        properties.insert("target", report.target.clone());
        properties.insert("verdict", report.verdict.to_string());
        properties.insert("kind", report.kind.to_string());
        let result = SarifResult {
            rule_id: self.rules[rule_index].id.clone(),
            rule_index,
            level: if report.verdict == VerdictLevel::Block {
                "error"
            } else {
                "warning"
            },
            message: Message::new(sentence(&format!(
                "skill-scan {verb} the {} package {}; first reason: {}",
                report.kind,
                report.target,
                lower_first(&lead_reason.rationale)
            ))),
            locations: vec![Location {
                physical_location: self.finding_location(target, primary),
            }],
            related_locations: related,
            partial_fingerprints: self.fingerprint(target, &primary.path, primary.line),
            suppressions: Vec::new(),
            properties,
        };
        self.results.push(result);
    }

    fn evidence_location(
        &mut self,
        target: usize,
        id: usize,
        finding: &Finding,
        why: &str,
    ) -> RelatedLocation {
        RelatedLocation {
            id,
            physical_location: self.finding_location(target, finding),
            // Finding ids (`f2`) are internal to one report; the rule id is what `explain` documents.
            message: Message::new(sentence(&format!("{}: {why}", finding.rule_id))),
        }
    }

    fn finding_location(&self, target: usize, finding: &Finding) -> PhysicalLocation {
        self.physical(
            target,
            &finding.path,
            finding.line,
            finding.column,
            Some((finding.end_line, finding.end_column)),
        )
    }

    fn physical(
        &self,
        target: usize,
        path: &str,
        line: usize,
        column: usize,
        end: Option<(usize, usize)>,
    ) -> PhysicalLocation {
        let prefix = self.targets.get(target).map_or("", |t| t.uri_prefix);
        let joined = match (prefix.is_empty(), path.is_empty()) {
            (true, _) => path.to_string(),
            (false, true) => prefix.to_string(),
            (false, false) => format!("{prefix}/{path}"),
        };
        let start_line = line.max(1);
        let start_column = column.max(1);
        let (end_line, end_column) = match end {
            Some((end_line, end_column)) if end_line > start_line => {
                (Some(end_line), Some(end_column.max(1)))
            }
            Some((_, end_column)) => (Some(start_line), Some(end_column.max(start_column))),
            None => (None, None),
        };
        PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: encode_uri_path(&joined),
                uri_base_id: SRCROOT,
            },
            region: Region {
                start_line,
                start_column,
                end_line,
                end_column,
            },
        }
    }

    /// The line hash the scan stored for this place (every result gets one; see [`LineHashes::get`]).
    ///
    /// [`LineHashes::get`]: skill_scan_model::LineHashes::get
    fn fingerprint(&self, target: usize, path: &str, line: usize) -> Option<Fingerprints> {
        let report = self.targets.get(target)?.report;
        Some(Fingerprints {
            primary_location_line_hash: report.line_hashes.get(path, line),
        })
    }

    fn finish(self, tool: ToolInfo) -> Run {
        let worst = self
            .targets
            .iter()
            .map(|t| t.report.verdict)
            .max()
            .unwrap_or(VerdictLevel::Allow);
        let targets = self
            .targets
            .iter()
            .map(|t| TargetProperties {
                target: &t.report.target,
                uri_prefix: t.uri_prefix,
                kind: t.report.kind.as_str(),
                verdict: t.report.verdict.as_str(),
                reasons: &t.report.reasons,
                files_scanned: t.report.files_scanned,
                origin: t.report.origin.as_ref(),
                skipped: &t.report.skipped,
                incomplete: t.report.incomplete.as_deref(),
            })
            .map(|p| serde_json::to_value(p).unwrap_or_default())
            .collect();
        let invocations = vec![invocation(self.targets)];
        Run {
            invocations,
            tool: Tool {
                driver: Driver {
                    name: tool.name.to_string(),
                    semantic_version: tool.version.to_string(),
                    information_uri: INFORMATION_URI,
                    rules: self.rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results: self.results,
            properties: RunProperties {
                verdict: worst.as_str(),
                targets,
            },
        }
    }
}

/// Where a rule is documented: its anchor in `docs/rules.md` of the repository (`xtask rules-doc` writes
/// one `<a id="rce001">` per rule, compound and package verdict).
fn help_uri(rule_id: &str) -> String {
    format!(
        "{INFORMATION_URI}/blob/main/docs/rules.md#{}",
        rule_id.to_ascii_lowercase()
    )
}

/// The sub-rule of `base` for its results that calibration lowered to `action`: same documentation, the
/// lower level and security severity, and an id SARIF reads as a child of the rule (`RCE001/log`).
fn lowered_rule(base: &Rule, action: RecommendedAction) -> Rule {
    let severity = match action {
        RecommendedAction::Log => "2.0",
        RecommendedAction::Review => "5.0",
        RecommendedAction::Block => base.properties.security_severity,
    };
    Rule {
        id: format!("{}/{action}", base.id),
        name: format!("{}{}", base.name, pascal_case(&format!("lowered-to-{action}"))),
        short_description: Message::new(format!(
            "{} (lowered to {action} by calibration)",
            base.short_description.text
        )),
        full_description: Message::new(base.full_description.text.clone()),
        help_uri: base.help_uri.clone(),
        help: Help {
            text: format!(
                "{}\n\nThese results were lowered to {action} by calibration (each result's `calibration` property says why).",
                base.help.text
            ),
            markdown: format!(
                "{}\n\nThese results were lowered to `{action}` by calibration (each result's `calibration` property says why).",
                base.help.markdown
            ),
        },
        default_configuration: Configuration {
            level: level(action),
        },
        properties: RuleProperties {
            tags: base.properties.tags.clone(),
            security_severity: severity,
        },
    }
}

/// The run's one invocation: successful unless a target was not scanned to the end, with a notification
/// for each such target (error) and, per target, one for each kind of skipped file (warning) naming how
/// many and the first few, so code scanning's tool status shows what was not looked at.
fn invocation(targets: &[SarifTarget]) -> Invocation {
    const LISTED: usize = 5;
    let mut notifications = Vec::new();
    for target in targets {
        let report = target.report;
        if let Some(why) = &report.incomplete {
            notifications.push(Notification {
                level: "error",
                message: Message::new(sentence(&format!(
                    "{} was not scanned to the end ({why}); its verdict is never allow",
                    report.target
                ))),
                locations: Vec::new(),
            });
        }
        let mut by_kind: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for skipped in &report.skipped {
            by_kind
                .entry(crate::skipped::skip_kind(&skipped.reason))
                .or_default()
                .push(&skipped.path);
        }
        for (kind, paths) in by_kind {
            let shown: Vec<&str> = paths.iter().take(LISTED).copied().collect();
            let more = paths.len().saturating_sub(LISTED);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            notifications.push(Notification {
                level: "warning",
                message: Message::new(sentence(&format!(
                    "{}: {} skipped ({kind}): {}{more}",
                    report.target,
                    crate::skipped::count(paths.len(), "file"),
                    shown.join(", ")
                ))),
                locations: Vec::new(),
            });
        }
    }
    Invocation {
        execution_successful: targets.iter().all(|t| t.report.incomplete.is_none()),
        tool_execution_notifications: notifications,
    }
}

/// A suppression in SARIF's terms: an inline comment is `inSource`, a config entry or baseline `external`.
fn sarif_suppression(suppression: &Suppression) -> SarifSuppression {
    SarifSuppression {
        kind: match suppression.kind {
            SuppressionKind::Inline => "inSource",
            SuppressionKind::Config | SuppressionKind::Baseline => "external",
        },
        status: "accepted",
        justification: sentence(&format!(
            "{} (suppressed by {} {})",
            suppression.reason,
            match suppression.kind {
                SuppressionKind::Config => "config",
                SuppressionKind::Baseline => "baseline",
                SuppressionKind::Inline => "inline comment at",
            },
            suppression.source
        )),
    }
}

/// A finding's action after calibration (the lowest a calibration note took its group to), and why.
fn effective_action<'r>(
    report: &'r TargetReport,
    finding: &Finding,
) -> (RecommendedAction, Option<&'r str>) {
    report
        .calibration
        .iter()
        .filter(|note| note.finding_ids.contains(&finding.id))
        .min_by_key(|note| note.to)
        .filter(|note| note.to < finding.action)
        .map_or((finding.action, None), |note| {
            (note.to, Some(note.reason.as_str()))
        })
}

// ---------------------------------------------------------------------------------------------------------
// Rules.

fn rule_from_doc(doc: &RuleDoc) -> Rule {
    let paragraphs = doc.paragraphs();
    let full = paragraphs.join(" ");
    let mitre_text = doc.mitre.join(", ");
    let mitre_md: Vec<String> = doc
        .mitre_links()
        .into_iter()
        .map(|(id, url)| format!("[{id}]({url})"))
        .collect();
    let mut tags = vec![
        "security".to_string(),
        doc.category.to_string(),
        doc.signal.to_string(),
    ];
    tags.extend(doc.mitre.iter().cloned());
    tags.dedup();
    tags.truncate(MAX_TAGS);
    let security_severity = match (doc.kind, doc.action) {
        // A compound or a blocked package is the strongest thing skill-scan says.
        (RuleKind::Compound, _) | (RuleKind::Verdict, RecommendedAction::Block) => "9.5",
        (RuleKind::Verdict, _) => "5.0",
        (RuleKind::Pack, action) => security_severity(action, doc.signal),
    };
    if doc.kind == RuleKind::Verdict {
        tags = vec!["security".into(), "verdict".into()];
    }
    Rule {
        id: doc.id.clone(),
        help_uri: help_uri(&doc.id),
        name: pascal_case(&doc.name),
        short_description: Message::new(doc.title.clone()),
        full_description: Message::new(sentence(&full)),
        help: Help {
            text: format!(
                "{}\n\nCategory: {}. Signal: {}. Action: {}. MITRE ATT&CK: {mitre_text}.",
                paragraphs.join("\n\n"),
                doc.category,
                doc.signal,
                doc.action
            ),
            markdown: format!(
                "**{}**\n\n{}\n\n- category: `{}` · signal: `{}` · action: `{}`\n- MITRE ATT&CK: {}",
                doc.title,
                paragraphs.join("\n\n"),
                doc.category,
                doc.signal,
                doc.action,
                mitre_md.join(", ")
            ),
        },
        default_configuration: Configuration {
            level: level(doc.action),
        },
        properties: RuleProperties {
            tags,
            security_severity,
        },
    }
}

/// A rule the caller did not describe (it cannot happen with the CLI, which passes every loaded rule).
fn rule_from_finding(finding: &Finding) -> Rule {
    let name = if finding.rule_name.is_empty() {
        finding.rule_id.clone()
    } else {
        finding.rule_name.clone()
    };
    let doc = RuleDoc {
        id: finding.rule_id.clone(),
        name,
        title: finding.message.clone(),
        category: finding.category,
        signal: finding.signal,
        action: finding.action,
        capabilities: finding.capabilities.clone(),
        mitre: finding.mitre.clone(),
        description: if finding.why.is_empty() {
            finding.message.clone()
        } else {
            finding.why.clone()
        },
        pack: "unknown/pack".into(),
        kind: RuleKind::Pack,
        examples: Vec::new(),
    };
    rule_from_doc(&doc)
}

/// The SARIF id of each package verdict (documented in `rules/verdict/compounds.yaml`).
const VERDICT_BLOCK: &str = "SSV-VERDICT-BLOCK";
const VERDICT_REVIEW: &str = "SSV-VERDICT-REVIEW";

/// A compound or verdict rule the caller did not describe (the CLI describes every one): its id and title.
fn undocumented_rule(
    id: &str,
    title: &str,
    kind: RuleKind,
    signal: SignalClass,
    action: RecommendedAction,
) -> Rule {
    rule_from_doc(&RuleDoc {
        id: id.into(),
        name: id.to_ascii_lowercase(),
        title: title.into(),
        category: skill_scan_model::ThreatCategory::SupplyChain,
        signal,
        action,
        capabilities: Vec::new(),
        mitre: Vec::new(),
        description: format!("{title}. `skill-scan explain {id}` documents it."),
        pack: "skill-scan".into(),
        kind,
        examples: Vec::new(),
    })
}

fn level(action: RecommendedAction) -> &'static str {
    match action {
        RecommendedAction::Block => "error",
        RecommendedAction::Review => "warning",
        RecommendedAction::Log => "note",
    }
}

/// GitHub's scale: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
fn security_severity(action: RecommendedAction, signal: SignalClass) -> &'static str {
    use RecommendedAction as A;
    use SignalClass as S;
    match (action, signal) {
        (A::Block, S::MaliciousBehavior) => "9.0",
        (A::Block, S::SuspiciousBehavior) => "8.0",
        (A::Block, S::ReviewSignal) => "7.5",
        (A::Block, S::Hygiene) => "7.0",
        (A::Review, S::MaliciousBehavior) => "6.5",
        (A::Review, S::SuspiciousBehavior) => "6.0",
        (A::Review, S::ReviewSignal) => "5.5",
        (A::Review, S::Hygiene) => "5.0",
        (A::Log, _) => "2.0",
    }
}

// ---------------------------------------------------------------------------------------------------------
// Text helpers.

/// `curl-piped-to-shell` → `CurlPipedToShell`; `SSV-VERDICT` → `SsvVerdict`.
fn pascal_case(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let lower = part.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// One sentence: trimmed, on one line, ending with a full stop.
fn sentence(text: &str) -> String {
    let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // Keep acronyms and names (`MCP server…`, `SKILL.md…`) as written.
        Some(first) if chars.clone().next().is_some_and(|c| c.is_lowercase()) => {
            first.to_lowercase().collect::<String>() + chars.as_str()
        }
        _ => text.to_string(),
    }
}

/// Percent-encodes a relative path for a URI: unreserved characters, `/` and a few safe sub-delimiters stay.
fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests;
