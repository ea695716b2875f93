//! Scanning decoded text again: which language it reads as, and how findings inside it are reported at the
//! encoded span of the file that held it.

use super::{is_flagged_rule, payloads, quote, MAX_DECODED_BYTES, MAX_PAYLOADS};
use crate::compile::{CompiledRule, RuleSet};
use crate::matchers::{Hit, HitDetail};
use crate::scan::{make_finding, report_at_outer_span, snippet, FileScan, OuterSpan, SourceFile};
use crate::segment::Segment;
use skill_scan_model::{
    Context, FileKind, Language, LineIndex, RecommendedAction, RelatedLocation,
};

/// The language decoded text is scanned as: what it reads like, else what held it.
pub(super) fn decoded_language(decoded: &str, host: Language) -> Language {
    let first = decoded.trim_start();
    let shell_like = first.starts_with("#!/bin/")
        || [
            "curl ", "wget ", "bash ", "sh ", "echo ", "chmod ", "nohup ", "cd ", "export ",
        ]
        .iter()
        .any(|w| first.starts_with(w))
        || decoded.contains("| sh")
        || decoded.contains("| bash")
        || decoded.contains("|sh")
        || decoded.contains("|bash");
    if first.starts_with("#!") && first.lines().next().is_some_and(|l| l.contains("python")) {
        return Language::Python;
    }
    if shell_like {
        return Language::Shell;
    }
    let python_like = decoded.contains("import ") && !decoded.contains("require(")
        || decoded.contains("exec(")
        || decoded.contains("def ")
        || decoded.contains("os.system(");
    let js_like = decoded.contains("require(")
        || decoded.contains("=>")
        || decoded.contains("function")
        || decoded.contains("const ")
        || decoded.contains("process.");
    match host {
        Language::Python if !js_like || python_like => Language::Python,
        Language::Javascript | Language::Typescript if !python_like || js_like => {
            Language::Javascript
        }
        _ if python_like => Language::Python,
        _ if js_like => Language::Javascript,
        Language::Shell => Language::Shell,
        Language::Powershell => Language::Powershell,
        Language::Markdown => Language::Markdown,
        _ => Language::Text,
    }
}

fn kind_for(language: Language, outer: FileKind) -> FileKind {
    match language {
        Language::Shell => FileKind::Shell,
        Language::Powershell => FileKind::Powershell,
        Language::Python => FileKind::Python,
        Language::Javascript => FileKind::Javascript,
        Language::Markdown
            if matches!(outer, FileKind::SkillManifest | FileKind::AgentInstructions) =>
        {
            outer
        }
        Language::Markdown => FileKind::Markdown,
        _ => FileKind::Other,
    }
}

/// A rescan the detector set runs after a file's rules (see `crate::passes`), as a method of the rule set
/// it scans with.
pub(crate) trait RescanDecoded {
    fn rescan_decoded(
        &self,
        file: &SourceFile,
        segments: &[Segment],
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
        out: &mut FileScan,
    );
}

impl RescanDecoded for RuleSet {
    /// Scans the decoded payloads of `file` with the rules `keep` accepts and reports what they find at
    /// the encoded spans.
    fn rescan_decoded(
        &self,
        file: &SourceFile,
        segments: &[Segment],
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
        out: &mut FileScan,
    ) {
        let flagged_rule = self.rules.iter().find(|r| is_flagged_rule(r) && keep(r));
        let every_rule = self.rules.iter().all(keep);
        let mut seen = std::collections::HashSet::new();
        let mut budget = MAX_DECODED_BYTES;
        let mut count = 0usize;
        let mut lines: Option<LineIndex> = None;
        for segment in segments {
            for payload in payloads(segment, file.text) {
                if !seen.insert(payload.start) {
                    continue;
                }
                if count >= MAX_PAYLOADS || payload.decoded.len() > budget {
                    out.notes.push(format!(
                        "decoded payloads: stopped after {count} payload(s) and {} decoded bytes",
                        MAX_DECODED_BYTES - budget
                    ));
                    return;
                }
                count += 1;
                budget -= payload.decoded.len();
                let language = match payload.encoding {
                    super::inline::NODE => Language::Javascript,
                    super::inline::PYTHON => Language::Python,
                    super::inline::POWERSHELL => Language::Powershell,
                    _ => decoded_language(&payload.decoded, segment.language),
                };
                let inner = SourceFile {
                    rel_path: file.rel_path,
                    text: &payload.decoded,
                    kind: kind_for(language, file.kind),
                    scope: file.scope,
                    language,
                    role: file.role,
                    import_entry: false,
                };
                let scan = self.scan_at_depth(&inner, keep, depth + 1);
                let context = segment.context_at(file.text, payload.start);
                // Inline interpreter code is not encoded: its findings speak for themselves.
                let inline = super::inline::is_inline(payload);
                if let Some(rule) = flagged_rule.filter(|_| !inline) {
                    // What the whole rule set thinks of the decoded text (a filtered scan may not say).
                    let judged;
                    let all = if every_rule {
                        &scan.findings
                    } else {
                        judged = self.scan_at_depth(&inner, &|_| true, depth + 1);
                        &judged.findings
                    };
                    let mut ids: Vec<&str> = all
                        .iter()
                        .filter(|f| f.action >= RecommendedAction::Review)
                        .map(|f| f.rule_id.as_str())
                        .collect();
                    ids.sort_unstable();
                    ids.dedup();
                    if !ids.is_empty() && rule.contexts.contains(&context) {
                        let lines = lines.get_or_insert_with(|| LineIndex::new(file.text));
                        let hit = Hit {
                            start: payload.start,
                            end: payload.end,
                            detail: Some(Box::new(HitDetail {
                                message: format!(
                                    "{} payload hides what {} flag: \"{}\"",
                                    payload.encoding,
                                    ids.join(", "),
                                    quote(&payload.decoded)
                                ),
                                related: Vec::new(),
                            })),
                        };
                        out.findings
                            .push(make_finding(rule, file, lines, segment, context, &hit));
                    }
                }
                if scan.findings.is_empty() {
                    continue;
                }
                let lines = lines.get_or_insert_with(|| LineIndex::new(file.text));
                let (line, column) = lines.position(file.text, payload.start);
                let (end_line, end_column) = lines.position(file.text, payload.end);
                let (shown, highlight) = snippet(file.text, lines, payload.start, payload.end);
                let at = OuterSpan {
                    line,
                    column,
                    end_line,
                    end_column,
                    snippet: shown,
                    highlight,
                    context,
                };
                // The same finding twice at one encoded span says nothing new.
                let mut reported = std::collections::HashSet::new();
                for mut finding in scan.findings {
                    // Inline interpreter code is run as code where its command line is an order: a
                    // command the agent is shown in Markdown, or an MCP client's launch arguments. A string
                    // in code may only be printed (an install hint in an error message), so there the
                    // rule's own contexts decide.
                    let run_as_code = inline
                        && (matches!(context, Context::MarkdownCode | Context::MarkdownProse)
                            || file.kind == FileKind::McpConfig);
                    let applies = self.get(&finding.rule_id).is_some_and(|rule| {
                        rule.contexts.contains(&context)
                            || run_as_code && rule.contexts.contains(&Context::Code)
                    });
                    if !applies
                        || !reported.insert((finding.rule_id.clone(), finding.message.clone()))
                    {
                        continue;
                    }
                    let inner_line = finding.line;
                    let inner_snippet = quote(&finding.snippet);
                    let within = if inline { "in" } else { "in decoded" };
                    finding.message = format!(
                        "{within} {}: {} ({})",
                        payload.encoding, finding.message, finding.rule_id
                    );
                    let origin = RelatedLocation {
                        path: file.rel_path.to_string(),
                        line,
                        column,
                        message: format!(
                            "decoded {} text, line {inner_line}: {inner_snippet}",
                            payload.encoding
                        ),
                    };
                    report_at_outer_span(&mut finding, file, &at, origin, |related| {
                        format!("{} (decoded text, line {})", related.message, related.line)
                    });
                    out.findings.push(finding);
                }
            }
        }
    }
}
