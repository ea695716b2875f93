//! `--format markdown`: a report to paste into a pull-request comment (GitHub-flavoured Markdown).
//!
//! Scanned text is hostile here too: a snippet or a file name could close a table cell, open a link or an
//! image, or smuggle raw HTML into the comment. Text from the package goes out either as a code span (paths,
//! snippets: nothing inside one is interpreted, and `|` is escaped for the table) or as prose with every
//! Markdown and HTML metacharacter escaped.

use crate::skipped::count;
use crate::ToolInfo;
use skill_scan_model::{
    escape_for_terminal, Finding, RecommendedAction, TargetReport, VerdictLevel,
};
use std::fmt::Write;

pub(crate) fn render_markdown(tool: ToolInfo, reports: &[TargetReport]) -> String {
    let worst = reports
        .iter()
        .map(|r| r.verdict)
        .max()
        .unwrap_or(VerdictLevel::Allow);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {} skill-scan: {}\n",
        icon(worst),
        verdict_word(worst)
    );
    let _ = writeln!(
        out,
        "{} scanned by {} {}.",
        count(reports.len(), "target"),
        tool.name,
        tool.version
    );
    for report in reports {
        render_target(&mut out, report);
    }
    out
}

fn render_target(out: &mut String, report: &TargetReport) {
    let cited: Vec<&str> = report
        .reasons
        .iter()
        .flat_map(|r| r.finding_ids.iter().map(String::as_str))
        .collect();
    let shown: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.action > RecommendedAction::Log || cited.contains(&f.id.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "\n### {} {} ({})\n",
        verdict_word(report.verdict),
        code(&report.target),
        report.kind
    );
    let _ = writeln!(
        out,
        "{} · {} scanned · {} skipped · {} suppressed",
        count(report.findings.len(), "finding"),
        count(report.files_scanned, "file"),
        report.skipped.len(),
        report.suppressed.len()
    );
    if let Some(why) = &report.incomplete {
        let _ = writeln!(
            out,
            "\n**Scan incomplete:** {} (the verdict cannot be allow)",
            prose(why)
        );
    }
    if let Some(origin) = &report.origin {
        let release = origin.registry.as_ref().map_or_else(String::new, |r| {
            format!(
                " for {}:{}@{}",
                r.ecosystem,
                code(&r.name),
                code(&r.version)
            )
        });
        let _ = writeln!(
            out,
            "\nArchive {}{release}, sha256 {}",
            code(&origin.archive),
            code(&origin.sha256)
        );
    }
    if !report.reasons.is_empty() {
        out.push_str("\n**Reasons**\n\n");
        for reason in &report.reasons {
            let marker = match (&reason.compound_id, reason.compound) {
                (Some(id), _) => format!("compound {}: ", code(id)),
                (None, true) => "compound: ".to_string(),
                (None, false) => String::new(),
            };
            let _ = writeln!(
                out,
                "- {marker}{} / {}: {} ({})",
                reason.category,
                reason.scope,
                prose(&reason.rationale),
                reason.finding_ids.join(", ")
            );
        }
    }
    if !shown.is_empty() {
        out.push_str("\n| | Rule | Location | Finding | Snippet |\n|---|---|---|---|---|\n");
        for finding in &shown {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                finding.action,
                code(&finding.rule_id),
                code(&format!("{}:{}", finding.path, finding.line)),
                prose(&finding.message),
                code(finding.snippet.trim())
            );
        }
    }
    let hidden = report.findings.len() - shown.len();
    if hidden > 0 {
        let _ = writeln!(
            out,
            "\n{} not shown (`--format json` lists every finding).",
            count(hidden, "log-level finding")
        );
    }
    if !report.suppressed.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>Suppressed ({})</summary>\n",
            report.suppressed.len()
        );
        for item in &report.suppressed {
            let _ = writeln!(
                out,
                "- {} at {}: {} ({} {})",
                code(&item.finding.rule_id),
                code(&format!("{}:{}", item.finding.path, item.finding.line)),
                prose(&item.suppression.reason),
                item.suppression.kind_word(),
                code(&item.suppression.source)
            );
        }
        out.push_str("\n</details>\n");
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>Skipped ({})</summary>\n",
            report.skipped.len()
        );
        for skipped in &report.skipped {
            let _ = writeln!(out, "- {}: {}", code(&skipped.path), prose(&skipped.reason));
        }
        out.push_str("\n</details>\n");
    }
}

trait KindWord {
    fn kind_word(&self) -> &'static str;
}

impl KindWord for skill_scan_model::Suppression {
    fn kind_word(&self) -> &'static str {
        match self.kind {
            skill_scan_model::SuppressionKind::Config => "config",
            skill_scan_model::SuppressionKind::Baseline => "baseline",
            skill_scan_model::SuppressionKind::Inline => "inline comment",
        }
    }
}

fn verdict_word(level: VerdictLevel) -> &'static str {
    match level {
        VerdictLevel::Allow => "ALLOW",
        VerdictLevel::Review => "REVIEW",
        VerdictLevel::Block => "BLOCK",
    }
}

fn icon(level: VerdictLevel) -> &'static str {
    match level {
        VerdictLevel::Allow => "✅",
        VerdictLevel::Review => "⚠️",
        VerdictLevel::Block => "⛔",
    }
}

/// One line, control and invisible characters made visible.
fn one_line(text: &str) -> String {
    escape_for_terminal(text)
}

/// Text as a code span: nothing inside is Markdown or HTML. The fence is longer than any backtick run in the
/// text, and `|` is escaped so a table cell cannot be closed from inside (GitHub strips that backslash).
pub(crate) fn code(text: &str) -> String {
    let text = one_line(text).replace('|', "\\|");
    if text.is_empty() {
        return String::new();
    }
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text as prose: Markdown punctuation backslash-escaped, HTML metacharacters as entities, `@` as an entity
/// so a scanned package cannot mention people.
pub(crate) fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("&#64;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | ':' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{blocked_report, curl_finding};
    use skill_scan_model::*;

    fn report() -> TargetReport {
        let mut finding = curl_finding(
            "a|b<img src=x onerror=alert(1)>.sh",
            "curl x | sh # </td><script>alert(1)</script> ![p](https://evil.example/p.png) `` @admin\n| x |",
        );
        (finding.line, finding.end_line, finding.end_column) = (7, 7, 9);
        finding.snippet_highlight = (0, 4);
        let mut report = blocked_report(
            finding.clone(),
            "Runs [code](https://evil.example) <b>fetched</b> for @team",
        );
        report.reasons[0].compound = true;
        report.suppressed = vec![SuppressedFinding {
            finding,
            suppression: Suppression {
                kind: SuppressionKind::Baseline,
                reason: "accepted".into(),
                source: "base.json".into(),
            },
        }];
        report.origin = Some(skill_scan_model::Origin {
            archive: "pkg-1.0.0.tgz".into(),
            sha256: "ab12".into(),
            size: 10,
            stripped_prefix: Some("package".into()),
            registry: None,
        });
        report.skipped = vec![Skipped {
            path: "big.bin".into(),
            reason: "binary".into(),
        }];
        report.files_scanned = 2;
        report
    }

    const TOOL: ToolInfo = ToolInfo {
        name: "skill-scan",
        version: "0.0.0",
    };

    /// `|` not preceded by a backslash: the separators a GFM table row is split on.
    fn cell_separators(line: &str) -> usize {
        let bytes = line.as_bytes();
        (0..bytes.len())
            .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
            .count()
    }

    #[test]
    fn the_report_has_a_verdict_header_reasons_and_a_findings_table() {
        let text = render_markdown(TOOL, &[report()]);
        assert!(text.starts_with("## ⛔ skill-scan: BLOCK\n"), "{text}");
        assert!(
            text.contains("Archive `pkg-1.0.0.tgz`, sha256 `ab12`"),
            "{text}"
        );
        assert!(text.contains("### BLOCK `pkg` (npm)"), "{text}");
        assert!(text.contains("- compound: remote_exec / package_root_artifact: Runs"));
        let mut with_id = report();
        with_id.reasons[0].compound_id = Some("CMP002".into());
        let text = render_markdown(TOOL, &[with_id]);
        assert!(text.contains("- compound `CMP002`: remote_exec / package_root_artifact: Runs"));
        assert!(text.contains("| | Rule | Location | Finding | Snippet |"));
        assert!(text.contains("<summary>Suppressed (1)</summary>"));
        assert!(text.contains("<summary>Skipped (1)</summary>"));
        assert!(text.contains("1 suppressed"));
    }

    /// The line with its code spans (CommonMark: a backtick run closes at the next run of the same length)
    /// taken out: what is left is what GitHub interprets as Markdown and HTML.
    fn outside_code_spans(line: &str) -> String {
        let chars: Vec<char> = line.chars().collect();
        let run_at = |i: usize| chars[i..].iter().take_while(|c| **c == '`').count();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != '`' {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            let opening = run_at(i);
            let mut j = i + opening;
            let mut closed = None;
            while j < chars.len() {
                if chars[j] == '`' {
                    let run = run_at(j);
                    if run == opening {
                        closed = Some(j + run);
                        break;
                    }
                    j += run;
                } else {
                    j += 1;
                }
            }
            match closed {
                Some(end) => {
                    out.push_str("<code/>");
                    i = end;
                }
                None => {
                    out.extend(&chars[i..i + opening]);
                    i += opening;
                }
            }
        }
        out
    }

    #[test]
    fn scanned_text_cannot_inject_markdown_or_html() {
        let text = render_markdown(TOOL, &[report()]);
        let live: String = text
            .lines()
            .map(outside_code_spans)
            .collect::<Vec<_>>()
            .join("\n");
        for forbidden in [
            "<script",
            "<img",
            "<b>",
            "<td",
            "](https://evil",
            "@team",
            "@admin",
        ] {
            assert!(!live.contains(forbidden), "{forbidden}: {live}");
        }
        assert!(
            text.contains("```curl x \\| sh # </td><script>"),
            "the snippet is shown, inert: {text}"
        );
        let row = text
            .lines()
            .find(|l| l.starts_with("| block |"))
            .expect("a findings row");
        assert_eq!(cell_separators(row), 6, "five cells, no extra: {row}");
        assert!(
            row.contains(":7`"),
            "the location is path:line in a code span: {row}"
        );
        assert_eq!(
            text.lines().filter(|l| l.starts_with('|')).count(),
            3,
            "a newline in a snippet cannot start a row: {text}"
        );
    }

    #[test]
    fn code_spans_outlast_backtick_runs_and_prose_escapes() {
        assert_eq!(code("a``b"), "```a``b```");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code(""), "");
        assert_eq!(prose("a_b *c* <d>"), "a\\_b \\*c\\* &lt;d&gt;");
        assert_eq!(prose("x\u{1b}[31m"), "x\\\\u\\{1b\\}\\[31m");
    }
}
