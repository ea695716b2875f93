//! Rescanning what the evaluator resolved with the whole rule set, the way decoded payloads are: each
//! segment's resolved calls are written one per line into a small synthetic module and scanned; each
//! computed string handed to an exec sink is scanned as code. A finding there keeps its rule (id,
//! category, action) and is reported at the call as written, its message saying what it resolved to.

use super::{resolved, Rendition, RESCAN_DETECTOR};
use crate::compile::{CompiledRule, Matcher, RuleSet};
use crate::matchers::{Hit, HitDetail};
use crate::native::deobfuscate::MAX_DEPTH;
use crate::scan::{make_finding, report_at_outer_span, snippet, FileScan, OuterSpan, SourceFile};
use crate::segment::Segment;
use skill_scan_model::{
    FileKind, Finding, Language, LineIndex, RecommendedAction, RelatedLocation,
};
use std::collections::HashSet;

/// Payloads (computed strings run as code) rescanned per file.
const MAX_PAYLOAD_SCANS: usize = 16;
/// The message quotes this much of the resolved code.
const MAX_QUOTED_CHARS: usize = 120;

pub(crate) fn is_rescan_rule(rule: &CompiledRule) -> bool {
    matches!(&rule.matcher, Matcher::Native { name, .. } if name == RESCAN_DETECTOR)
}

/// Whether rescans of resolved code may go one level deeper.
pub(crate) fn may_rescan(depth: usize) -> bool {
    depth < MAX_DEPTH
}

/// One rendition's place in the synthetic module: its first and last line there.
struct Placed<'r> {
    rendition: &'r Rendition,
    first_line: usize,
    last_line: usize,
}

/// A rescan the detector set runs after a file's rules (see `crate::passes`), as a method of the rule set
/// it scans with.
pub(crate) trait RescanResolved {
    fn rescan_resolved(
        &self,
        file: &SourceFile,
        segments: &[Segment],
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
        out: &mut FileScan,
    );

    fn report_flagged(
        &self,
        rule: &CompiledRule,
        file: &SourceFile,
        segment: &Segment,
        lines: &LineIndex,
        found: &[(Finding, &Rendition, &str)],
        out: &mut FileScan,
    );

    #[allow(clippy::too_many_arguments)]
    fn at_call(
        &self,
        file: &SourceFile,
        segment: &Segment,
        lines: &LineIndex,
        finding: Finding,
        rendition: &Rendition,
        how: &str,
        already: &HashSet<(String, usize)>,
        reported: &mut HashSet<(String, usize, usize)>,
    ) -> Option<Finding>;
}

impl RescanResolved for RuleSet {
    /// Scans what the evaluator resolved in `file`'s segments and reports the findings at the calls.
    fn rescan_resolved(
        &self,
        file: &SourceFile,
        segments: &[Segment],
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
        out: &mut FileScan,
    ) {
        let already: HashSet<(String, usize)> = out
            .findings
            .iter()
            .map(|f| (f.rule_id.clone(), f.line))
            .collect();
        let switch = self.rules.iter().find(|r| is_rescan_rule(r) && keep(r));
        // The switch rule's own finding says what the whole rule set thinks of the resolved code, so a
        // filtered scan (rule examples) still judges with every rule.
        let every_rule = self.rules.iter().all(keep);
        let all: &dyn Fn(&CompiledRule) -> bool = &|_| true;
        let judge = if every_rule || switch.is_none() {
            keep
        } else {
            all
        };
        let mut lines: Option<LineIndex> = None;
        let mut payload_scans = 0usize;
        let mut found = Vec::new();
        for segment in segments {
            let language = segment.language;
            if !matches!(
                language,
                Language::Python | Language::Javascript | Language::Typescript | Language::Shell
            ) {
                continue;
            }
            let resolved = resolved(segment, file.text);
            if let Some(note) = &resolved.note {
                out.notes.push(note.clone());
            }
            if resolved.renditions.is_empty() {
                continue;
            }
            let kind = if file.language == language {
                file.kind
            } else {
                kind_for(language)
            };
            let inner_file = |text| inner(file, text, kind, language);
            // Calls, one per line.
            let mut module = String::new();
            let mut placed = Vec::new();
            for rendition in resolved
                .renditions
                .iter()
                .filter(|r| !r.payload && !only_tests_existence(&r.code))
            {
                let first_line = module.lines().count() + 1;
                module.push_str(&rendition.code);
                module.push('\n');
                placed.push(Placed {
                    rendition,
                    first_line,
                    last_line: module.lines().count(),
                });
            }
            if !module.is_empty() {
                let scan = self.scan_at_depth(&inner_file(&module), judge, depth + 1);
                for finding in scan.findings {
                    let at = placed
                        .iter()
                        .find(|p| p.first_line <= finding.line && finding.line <= p.last_line);
                    if let Some(place) = at {
                        found.push((finding, place.rendition, "resolves to"));
                    }
                }
            }
            for rendition in resolved.renditions.iter().filter(|r| r.payload) {
                if payload_scans >= MAX_PAYLOAD_SCANS {
                    break;
                }
                payload_scans += 1;
                let as_written = if rendition.shell {
                    inner(file, &rendition.code, FileKind::Shell, Language::Shell)
                } else {
                    inner_file(&rendition.code)
                };
                let scan = self.scan_at_depth(&as_written, judge, depth + 1);
                found.extend(
                    scan.findings
                        .into_iter()
                        .map(|f| (f, rendition, "runs the computed code")),
                );
            }
            let lines = lines.get_or_insert_with(|| LineIndex::new(file.text));
            if let Some(rule) = switch {
                self.report_flagged(rule, file, segment, lines, &found, out);
            }
            let mut reported = HashSet::new();
            for (finding, rendition, how) in found.drain(..) {
                let kept = self.get(&finding.rule_id).is_some_and(keep);
                if !kept {
                    continue;
                }
                if let Some(finding) = self.at_call(
                    file,
                    segment,
                    lines,
                    finding,
                    rendition,
                    how,
                    &already,
                    &mut reported,
                ) {
                    out.findings.push(finding);
                }
            }
        }
    }

    /// The switch rule's finding at each resolved call that other rules flag (review or block).
    fn report_flagged(
        &self,
        rule: &CompiledRule,
        file: &SourceFile,
        segment: &Segment,
        lines: &LineIndex,
        found: &[(Finding, &Rendition, &str)],
        out: &mut FileScan,
    ) {
        let mut calls: Vec<(usize, usize, &Rendition)> = Vec::new();
        for (_, rendition, _) in found {
            if !calls
                .iter()
                .any(|(s, e, _)| *s == rendition.start && *e == rendition.end)
            {
                calls.push((rendition.start, rendition.end, rendition));
            }
        }
        for (start, end, rendition) in calls {
            let mut ids: Vec<&str> = found
                .iter()
                .filter(|(f, r, _)| {
                    r.start == start && r.end == end && f.action >= RecommendedAction::Review
                })
                .map(|(f, _, _)| f.rule_id.as_str())
                .filter(|id| self.get(id).is_some_and(|r| !is_rescan_rule(r)))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let at = segment.start + start;
            let context = segment.context_at(file.text, at);
            if ids.is_empty() || !rule.contexts.contains(&context) {
                continue;
            }
            let hit = Hit {
                start: at,
                end: segment.start + end,
                detail: Some(Box::new(HitDetail {
                    message: format!(
                        "computed values resolve to what {} flag: `{}`",
                        ids.join(", "),
                        quote(&rendition.code)
                    ),
                    related: Vec::new(),
                })),
            };
            out.findings
                .push(make_finding(rule, file, lines, segment, context, &hit));
        }
    }

    /// `finding`, found in resolved code, moved to the call it came from; `None` when the rule does not
    /// apply in the call's context or already said the same there.
    #[allow(clippy::too_many_arguments)]
    fn at_call(
        &self,
        file: &SourceFile,
        segment: &Segment,
        lines: &LineIndex,
        mut finding: Finding,
        rendition: &Rendition,
        how: &str,
        already: &HashSet<(String, usize)>,
        reported: &mut HashSet<(String, usize, usize)>,
    ) -> Option<Finding> {
        let (start, end) = (
            segment.start + rendition.start,
            segment.start + rendition.end,
        );
        let context = segment.context_at(file.text, start);
        let applies = self.get(&finding.rule_id).is_some_and(|rule| {
            let runs_where_judged = !super::top_level::only_at_top_level(rule)
                || !super::top_level::is_in_class(segment, file.text, rendition.start);
            rule.contexts.contains(&context) && !is_rescan_rule(rule) && runs_where_judged
        });
        let (line, column) = lines.position(file.text, start);
        if !applies
            || already.contains(&(finding.rule_id.clone(), line))
            || !reported.insert((finding.rule_id.clone(), line, column))
        {
            return None;
        }
        let (end_line, end_column) = lines.position(file.text, end);
        let (snippet, highlight) = snippet(file.text, lines, start, end);
        let inner_snippet = quote(&finding.snippet);
        finding.message = format!(
            "{} ({}; the call {how} `{}`)",
            finding.message,
            finding.rule_id,
            quote(&rendition.code)
        );
        let origin = RelatedLocation {
            path: file.rel_path.to_string(),
            line,
            column,
            message: format!("resolved by partial evaluation: {inner_snippet}"),
        };
        let at = OuterSpan {
            line,
            column,
            end_line,
            end_column,
            snippet,
            highlight,
            context,
        };
        report_at_outer_span(&mut finding, file, &at, origin, |related| {
            format!("{} (resolved code)", related.message)
        });
        Some(finding)
    }
}

/// Resolved code scanned as a file of the same package, path and scope.
fn inner<'a>(
    file: &SourceFile<'a>,
    text: &'a str,
    kind: FileKind,
    language: Language,
) -> SourceFile<'a> {
    SourceFile {
        rel_path: file.rel_path,
        text,
        kind,
        scope: file.scope,
        language,
        role: file.role,
        import_entry: false,
    }
}

/// Calls that build a path or ask whether it exists (or what kind it is), and read nothing from it.
const EXISTENCE_CHECKS: &[&str] = &[
    "os.path.expanduser(",
    "os.path.join(",
    "os.path.isfile(",
    "os.path.isdir(",
    "os.path.exists(",
    "os.path.lexists(",
    "os.path.islink(",
    "path.isfile(",
    "path.exists(",
    "fs.existsSync(",
];

/// A resolved call that only builds a path or tests its existence (`os.path.isfile("~/.ssh/id_rsa")` in an
/// SSH client's search for the user's default keys): naming a file there reads nothing, so it is not
/// rescanned. Whatever then opens or sends the file is a call of its own, judged as such.
fn only_tests_existence(code: &str) -> bool {
    let code = code.trim();
    EXISTENCE_CHECKS.iter().any(|check| {
        code.starts_with(check) && code.ends_with(')') && code.matches('(').count() == 1
    })
}

fn kind_for(language: Language) -> FileKind {
    match language {
        Language::Python => FileKind::Python,
        Language::Typescript => FileKind::Typescript,
        _ => FileKind::Javascript,
    }
}

/// One line of resolved code, cut for a message.
fn quote(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.trim();
    if flat.chars().count() > MAX_QUOTED_CHARS {
        let cut: String = flat.chars().take(MAX_QUOTED_CHARS).collect();
        format!("{cut}…")
    } else {
        flat.to_string()
    }
}

#[cfg(test)]
mod existence_tests {
    use super::only_tests_existence;

    #[test]
    fn an_existence_check_is_not_rescanned_but_a_read_is() {
        assert!(only_tests_existence("os.path.isfile(\"~/.ssh/id_rsa\")"));
        assert!(only_tests_existence(
            "fs.existsSync('/home/u/.ssh/id_ed25519')"
        ));
        assert!(only_tests_existence(
            "os.path.expanduser(\"~/.ssh/id_rsa\")"
        ));
        assert!(!only_tests_existence("open(\"~/.ssh/id_rsa\")"));
        // A check wrapped around a read still reads.
        assert!(!only_tests_existence(
            "os.path.exists(open(\"~/.ssh/id_rsa\").read())"
        ));
    }
}
