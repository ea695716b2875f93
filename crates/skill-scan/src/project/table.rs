//! Text output for projects: one table per project (name, version, verdict, top reason; the rows that are
//! not allow first), then the full report of each dependency at review or block only, and of every
//! ordinary target. JSON and SARIF carry every report as they do for any run.

use super::Table;
use skill_scan_model::{escape_for_terminal, RecommendedAction, TargetReport, VerdictLevel};
use skill_scan_render::{render, OutputFormat, RenderInput};

/// The text of a run with project tables: the tables, then the details.
pub(crate) fn render_text(input: &RenderInput, tables: &[Table]) -> String {
    let mut out = String::new();
    let mut in_table = vec![false; input.reports.len()];
    for table in tables {
        out.push_str(&render_table(table, input.reports));
        out.push('\n');
        for row in &table.rows {
            if let Ok(index) = &row.report {
                if let Some(flag) = in_table.get_mut(*index) {
                    *flag = true;
                }
            }
        }
    }
    if !input.options.quiet {
        // A table's allowed rows are done; its review and block rows get their full report below.
        let details: Vec<TargetReport> = input
            .reports
            .iter()
            .zip(&in_table)
            .filter(|(report, in_table)| !**in_table || report.verdict >= VerdictLevel::Review)
            .map(|(report, _)| report.clone())
            .collect();
        if !details.is_empty() {
            out.push_str(&render(
                OutputFormat::Text,
                &RenderInput {
                    reports: &details,
                    ..*input
                },
            ));
        }
    }
    out
}

fn render_table(table: &Table, reports: &[TargetReport]) -> String {
    let verdict_of = |cell: &Result<usize, String>| match cell {
        Ok(i) => reports.get(*i).map_or("error", |r| r.verdict.as_str()),
        Err(_) => "error",
    };
    let worst = table
        .rows
        .iter()
        .filter_map(|row| row.report.as_ref().ok())
        .filter_map(|i| reports.get(*i))
        .map(|r| r.verdict)
        .max()
        .unwrap_or(VerdictLevel::Allow);
    let count = |level: &str| {
        table
            .rows
            .iter()
            .filter(|row| verdict_of(&row.report) == level)
            .count()
    };
    let cached = table.rows.iter().filter(|row| row.cached).count();
    let mut out = format!(
        "{} ({}): {} package(s), verdict {} — {} block, {} review, {} allow, {} error(s){}\n",
        escape_for_terminal(&table.target),
        table.kind,
        table.rows.len(),
        worst.as_str(),
        count("block"),
        count("review"),
        count("allow"),
        count("error"),
        if cached > 0 {
            format!("; {cached} from the cache")
        } else {
            String::new()
        }
    );
    let name_width = table
        .rows
        .iter()
        .map(|r| r.name.chars().count())
        .chain([4])
        .max()
        .unwrap_or(4)
        .min(48);
    let version_width = table
        .rows
        .iter()
        .map(|r| r.version.chars().count())
        .chain([7])
        .max()
        .unwrap_or(7)
        .min(24);
    out.push_str(&format!(
        "  {:name_width$}  {:version_width$}  {:7}  REASON\n",
        "NAME", "VERSION", "VERDICT"
    ));
    // What needs the reader's attention comes first: errors and blocks, then reviews, then the allowed.
    let mut rows: Vec<&super::TableRow> = table.rows.iter().collect();
    rows.sort_by_key(|row| match verdict_of(&row.report) {
        "error" | "block" => 0,
        "review" => 1,
        _ => 2,
    });
    for row in rows {
        let reason = match &row.report {
            Ok(i) => reports.get(*i).map(top_reason).unwrap_or_default(),
            Err(why) => why.clone(),
        };
        out.push_str(&format!(
            "  {:name_width$}  {:version_width$}  {:7}  {}\n",
            escape_for_terminal(&row.name),
            escape_for_terminal(&row.version),
            verdict_of(&row.report),
            escape_for_terminal(&shorten(&reason, 100)),
        ));
    }
    out
}

/// The first reason of the verdict, else the strongest finding, else nothing.
pub(crate) fn top_reason(report: &TargetReport) -> String {
    if let Some(reason) = report.reasons.first() {
        return reason.rationale.clone();
    }
    report
        .findings
        .iter()
        .filter(|f| f.action >= RecommendedAction::Review)
        .max_by_key(|f| f.action)
        .or_else(|| report.findings.first())
        .map(|f| format!("{} {}", f.rule_id, f.message))
        .or_else(|| report.incomplete.clone())
        .unwrap_or_default()
}

fn shorten(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() <= max {
        line.to_string()
    } else {
        let cut: String = line.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
