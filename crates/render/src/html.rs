//! `--format html`: one self-contained page to look at (inline style, no script, no request to anywhere:
//! a `Content-Security-Policy` of `default-src 'none'` says so to the browser too).
//!
//! Per target: the verdict, the reasons, each compound drawn as its evidence (the files and lines that
//! make it up, with source → sink arrows where a finding carries the place its data came from), and the
//! findings grouped by category with their code. Several targets get a table first, one row each.
//!
//! Every string from a scanned package goes through [`escape`]; nothing from it becomes markup.

use crate::skipped::count;
use crate::ToolInfo;
use skill_scan_model::{
    Finding, RecommendedAction, TargetReport, ThreatCategory, VerdictLevel, VerdictReason,
};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

const STYLE: &str = "
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:70em;padding:1em 2em;color:#1b1f24}
h1{font-size:1.4em}h2{font-size:1.25em;border-top:1px solid #d0d7de;padding-top:1em}h3{font-size:1.05em}
.verdict{display:inline-block;font-weight:700;padding:.2em .7em;border-radius:.3em;color:#fff;letter-spacing:.05em}
.block{background:#cf222e}.review{background:#9a6700}.allow{background:#1a7f37}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.3em .6em;text-align:left}
code,pre{font:13px/1.4 ui-monospace,monospace}pre{background:#f6f8fa;padding:.5em;overflow-x:auto;margin:.3em 0}
mark{background:#ffd8b5;text-decoration:underline wavy #cf222e}
.finding{border-left:4px solid #d0d7de;padding-left:.8em;margin:.8em 0}
.finding.a-block{border-color:#cf222e}.finding.a-review{border-color:#9a6700}
.meta{color:#57606a;font-size:.9em}svg text{font:12px ui-monospace,monospace}
";

pub(crate) fn render_html(tool: ToolInfo, reports: &[TargetReport]) -> String {
    let worst = reports
        .iter()
        .map(|r| r.verdict)
        .max()
        .unwrap_or(VerdictLevel::Allow);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>skill-scan: {}</title><style>{STYLE}</style></head><body>\n",
        word(worst)
    );
    let _ = writeln!(
        out,
        "<h1>{} report <span class=\"verdict {}\" id=\"verdict\">{}</span></h1>\n<p class=\"meta\">{} scanned by {} {}; nothing was run.</p>",
        escape(tool.name),
        worst.as_str(),
        word(worst),
        count(reports.len(), "target"),
        escape(tool.name),
        escape(tool.version)
    );
    if reports.len() > 1 {
        render_table(&mut out, reports);
    }
    for (n, report) in reports.iter().enumerate() {
        render_target(&mut out, n, report);
    }
    out.push_str("</body></html>\n");
    out
}

/// One row per target: what it is, its verdict, and how much was looked at.
fn render_table(out: &mut String, reports: &[TargetReport]) {
    out.push_str("<table id=\"targets\"><tr><th>target</th><th>kind</th><th>verdict</th><th>findings</th><th>files scanned</th><th>skipped</th></tr>\n");
    for (n, report) in reports.iter().enumerate() {
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#t{n}\"><code>{}</code></a></td><td>{}</td><td><span class=\"verdict {}\">{}</span>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&report.target),
            report.kind,
            report.verdict.as_str(),
            word(report.verdict),
            if report.incomplete.is_some() { " (incomplete)" } else { "" },
            report.findings.len(),
            report.files_scanned,
            report.skipped.len()
        );
    }
    out.push_str("</table>\n");
}

fn render_target(out: &mut String, n: usize, report: &TargetReport) {
    let _ = writeln!(
        out,
        "<h2 id=\"t{n}\"><code>{}</code> ({}) <span class=\"verdict {}\">{}</span></h2>",
        escape(&report.target),
        report.kind,
        report.verdict.as_str(),
        word(report.verdict)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} · {} scanned · {} skipped · {} suppressed</p>",
        count(report.findings.len(), "finding"),
        count(report.files_scanned, "file"),
        report.skipped.len(),
        report.suppressed.len()
    );
    if let Some(why) = &report.incomplete {
        let _ = writeln!(
            out,
            "<p><strong>Scan incomplete:</strong> {} (the verdict cannot be allow)</p>",
            escape(why)
        );
    }
    if let Some(origin) = &report.origin {
        let _ = writeln!(
            out,
            "<p class=\"meta\">archive <code>{}</code>, sha256 <code>{}</code></p>",
            escape(&origin.archive),
            escape(&origin.sha256)
        );
    }
    let by_id: HashMap<&str, &Finding> =
        report.findings.iter().map(|f| (f.id.as_str(), f)).collect();
    if !report.reasons.is_empty() {
        out.push_str("<h3>Reasons</h3><ol>\n");
        for reason in &report.reasons {
            render_reason(out, reason, &by_id);
        }
        out.push_str("</ol>\n");
    }
    let cited: Vec<&str> = report
        .reasons
        .iter()
        .flat_map(|r| r.finding_ids.iter().map(String::as_str))
        .collect();
    let mut by_category: BTreeMap<ThreatCategory, Vec<&Finding>> = BTreeMap::new();
    for finding in &report.findings {
        if finding.action > RecommendedAction::Log || cited.contains(&finding.id.as_str()) {
            by_category
                .entry(finding.category)
                .or_default()
                .push(finding);
        }
    }
    if !by_category.is_empty() {
        out.push_str("<h3>Findings by category</h3>\n");
    }
    for (category, findings) in by_category {
        let _ = writeln!(out, "<h4>{category} ({})</h4>", findings.len());
        for finding in findings {
            render_finding(out, finding);
        }
    }
}

fn render_reason(out: &mut String, reason: &VerdictReason, by_id: &HashMap<&str, &Finding>) {
    let id = reason
        .compound_id
        .as_deref()
        .map(|id| format!("<code>{}</code> ", escape(id)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<li>{id}{} / {}: {}",
        reason.category,
        reason.scope,
        escape(&reason.rationale)
    );
    let evidence: Vec<&Finding> = reason
        .finding_ids
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .collect();
    if reason.compound && !evidence.is_empty() {
        out.push_str(&evidence_drawing(&evidence));
    }
    out.push_str("</li>\n");
}

/// A compound drawn as its evidence: one box per place (file:line, rule), top to bottom; where a finding
/// names the place its data came from (a taint source), that source gets a box too and an arrow to it.
fn evidence_drawing(evidence: &[&Finding]) -> String {
    const ROW: usize = 34;
    const WIDTH: usize = 760;
    let mut boxes: Vec<(String, Option<usize>)> = Vec::new(); // label, arrow from box index
    for finding in evidence {
        for related in finding.related.iter().take(3) {
            boxes.push((
                format!(
                    "source {}:{} {}",
                    related.path,
                    related.line,
                    shorten(&related.message, 50)
                ),
                None,
            ));
            let source = boxes.len() - 1;
            boxes.push((
                format!(
                    "sink {}:{} {} {}",
                    finding.path,
                    finding.line,
                    finding.rule_id,
                    shorten(&finding.message, 50)
                ),
                Some(source),
            ));
        }
        if finding.related.is_empty() {
            boxes.push((
                format!(
                    "{}:{} {} {}",
                    finding.path,
                    finding.line,
                    finding.rule_id,
                    shorten(&finding.message, 60)
                ),
                None,
            ));
        }
    }
    let height = boxes.len() * ROW + 8;
    let mut svg = format!(
        "<svg class=\"evidence\" role=\"img\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\">\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">\
         <path d=\"M0,0L10,5L0,10z\" fill=\"#cf222e\"/></marker></defs>"
    );
    for (n, (label, from)) in boxes.iter().enumerate() {
        let y = n * ROW + 4;
        let _ = write!(
            svg,
            "<rect x=\"40\" y=\"{y}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"#f6f8fa\" stroke=\"#8c959f\"/>\
             <text x=\"48\" y=\"{}\">{}</text>",
            WIDTH - 48,
            ROW - 10,
            y + 16,
            escape(&shorten(label, 110))
        );
        if let Some(from) = from {
            let y0 = from * ROW + 4 + (ROW - 10) / 2;
            let y1 = y + (ROW - 10) / 2;
            let _ = write!(
                svg,
                "<path d=\"M40,{y0} C10,{y0} 10,{y1} 38,{y1}\" fill=\"none\" stroke=\"#cf222e\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>"
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

fn render_finding(out: &mut String, finding: &Finding) {
    let (start, end) = finding.snippet_highlight;
    let raw = &finding.snippet;
    let start = floor_char(raw, start.min(raw.len()));
    let end = floor_char(raw, end.min(raw.len()).max(start));
    let _ = writeln!(
        out,
        "<div class=\"finding a-{}\"><p><code>{}</code> <strong>{}</strong> · {} · <code>{}:{}:{}</code> <span class=\"meta\">({}, {})</span></p>\
         <pre><code>{}<mark>{}</mark>{}</code></pre>{}</div>",
        finding.action,
        escape(&finding.rule_id),
        escape(&finding.message),
        finding.action,
        escape(&finding.path),
        finding.line,
        finding.column,
        finding.context,
        finding.scope,
        escape(&raw[..start]),
        escape(&raw[start..end]),
        escape(&raw[end..]),
        if finding.why.is_empty() {
            String::new()
        } else {
            format!("<p class=\"meta\">{}</p>", escape(&finding.why))
        }
    );
}

/// The largest char boundary at or below `at`.
fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn shorten(text: &str, limit: usize) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= limit {
        return text;
    }
    let cut: String = text.chars().take(limit.saturating_sub(1)).collect();
    format!("{cut}…")
}

fn word(level: VerdictLevel) -> &'static str {
    match level {
        VerdictLevel::Allow => "ALLOW",
        VerdictLevel::Review => "REVIEW",
        VerdictLevel::Block => "BLOCK",
    }
}

/// Text as HTML character data or a quoted attribute value; control characters (terminal escapes in a
/// hostile file name) are shown as `\u{…}` instead of passed through.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{blocked_report, curl_finding};
    use skill_scan_model::RelatedLocation;

    const TOOL: ToolInfo = ToolInfo {
        name: "skill-scan",
        version: "0.0.0",
    };

    #[test]
    fn the_page_is_self_contained_and_escapes_scanned_text() {
        let mut finding = curl_finding(
            "<img src=x onerror=alert(1)>.sh",
            "curl x | sh </pre><script>",
        );
        finding.snippet_highlight = (0, 11);
        let report = blocked_report(finding, "Runs code <b>fetched</b>");
        let page = render_html(TOOL, &[report]);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("id=\"verdict\">BLOCK<"), "{page}");
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(page.contains("&lt;b&gt;fetched&lt;/b&gt;"));
        assert!(page.contains("<mark>curl x | sh</mark>"), "{page}");
        // No request leaves the page: no URL is loaded by any attribute.
        for attribute in ["src=\"", "href=\"http", "url(http", "@import"] {
            assert!(!page.contains(attribute), "{attribute}: {page}");
        }
    }

    #[test]
    fn a_compound_is_drawn_with_an_arrow_from_source_to_sink() {
        let mut sink = curl_finding("send.js", "fetch(u, {body: token})");
        sink.related.push(RelatedLocation {
            path: "read.js".into(),
            line: 2,
            column: 1,
            message: "token read from ~/.npmrc".into(),
        });
        let mut report = blocked_report(sink, "Sends credentials out");
        report.reasons[0].compound = true;
        report.reasons[0].compound_id = Some("CMP004".into());
        let page = render_html(TOOL, &[report.clone(), report]);
        assert!(page.contains("<table id=\"targets\">"), "{page}");
        assert!(page.contains("source read.js:2"), "{page}");
        assert!(page.contains("sink send.js:"), "{page}");
        assert!(page.contains("marker-end=\"url(#arrow)\""), "{page}");
        assert!(page.contains("<code>CMP004</code>"), "{page}");
    }

    #[test]
    fn escape_neutralises_markup_and_control_characters() {
        assert_eq!(
            escape("<a href='x'>&\u{1b}[2J"),
            "&lt;a href=&#39;x&#39;&gt;&amp;\\u{1b}[2J"
        );
    }
}
