//! Scanning one file with a rule set.

use crate::combined::roots_present;
use crate::finding::make_finding;
use crate::hit::Hit;
use crate::lazy::LazyRegex;
use crate::limits::ScanLimits;
use crate::matchers::{applies_to_segment, run, JsonCache};
use crate::rule::{CompiledRule, Matcher};
use crate::rule_set::{PassInput, RuleSet};
use crate::segment::{segment_file_within, Segment};
use crate::source::{FileScan, SourceFile};
use rayon::prelude::*;
use skill_scan_model::{Language, LineIndex};
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

impl RuleSet {
    pub fn scan(&self, file: &SourceFile) -> FileScan {
        self.scan_within(file, &ScanLimits::default())
    }

    /// Scans within explicit caps on parsing and hits (the command line's `--max-parse-*` flags).
    pub fn scan_within(&self, file: &SourceFile, limits: &ScanLimits) -> FileScan {
        self.scan_at_depth_within(file, &|_| true, 0, limits)
    }

    /// Scans with only the rules `keep` accepts (used by rule example tests).
    pub fn scan_filtered(
        &self,
        file: &SourceFile,
        keep: impl Fn(&CompiledRule) -> bool,
    ) -> FileScan {
        self.scan_at_depth_within(file, &keep, 0, &ScanLimits::default())
    }

    /// Scans `file`, which is derived text `depth` levels deep (0: a file of the package), within the
    /// default caps (for a detector's rescan: derived text is bounded by the detector itself).
    pub fn scan_at_depth(
        &self,
        file: &SourceFile,
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
    ) -> FileScan {
        self.scan_at_depth_within(file, keep, depth, &ScanLimits::default())
    }

    fn scan_at_depth_within(
        &self,
        file: &SourceFile,
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
        limits: &ScanLimits,
    ) -> FileScan {
        let max_hits = limits.max_hits_per_rule;
        // One pass of the literal prefilter decides which rules could match at all.
        let mut candidates = self.prefilter.candidates(file.text);
        // Prose is matched as the agent reads it, so a literal split by an invisible character or by
        // markup must still let its rule run: the normalised text is searched too.
        let early = matches!(file.language, Language::Markdown | Language::Text)
            .then(|| segment_file_within(file.text, file.language, file.rel_path, limits));
        if let Some(normalised) = early
            .as_ref()
            .and_then(|segments| segments.first())
            .and_then(|prose| prose.normalised(file.text))
        {
            let more = self.prefilter.candidates(normalised.text());
            for (candidate, also) in candidates.iter_mut().zip(more) {
                *candidate |= also;
            }
        }
        let rules: Vec<(usize, &CompiledRule)> = self
            .rules
            .iter()
            .enumerate()
            .zip(&candidates)
            .filter(|((_, rule), candidate)| {
                **candidate && keep(rule) && applies_to_file(rule, file)
            })
            .map(|(indexed, _)| indexed)
            .collect();
        let mut result = FileScan::default();
        let passes = self.detectors.passes();
        if rules.is_empty() && !passes.iter().any(|p| p.runs_without_rules(file, depth)) {
            return result;
        }
        let segments = early.unwrap_or_else(|| {
            segment_file_within(file.text, file.language, file.rel_path, limits)
        });
        // Compiling the regexes a file first needs is most of a small scan's time; spread it over the
        // cores (each compiles once per run, whoever asks first). Query rules are answered by the
        // combined query of each segment's grammar (`combined_hits`), built there.
        // The largest segment's lower-cased text lets a pattern skip building what that text cannot
        // use (it is a guess for the view the rule reads, so it only decides what is built ahead).
        let needed: Vec<(&LazyRegex, usize, Option<&str>)> = rules
            .iter()
            .filter_map(|(_, rule)| {
                let Matcher::Regex { pattern, .. } = &rule.matcher else {
                    return None;
                };
                let longest = segments
                    .iter()
                    .filter(|s| applies_to_language(rule, s))
                    .max_by_key(|s| s.text(file.text).len())?;
                let len = longest.text(file.text).len();
                Some((pattern, len, longest.lowered_text(file.text)))
            })
            .collect();
        needed
            .par_iter()
            .for_each(|(pattern, len, lower)| pattern.prepare(*len, *lower));
        let lines = OnceCell::new();
        let mut json = JsonCache::default();
        let combined = self.combined_hits(&rules, &segments, file.text);
        for (done, (index, rule)) in rules.iter().copied().enumerate() {
            // The target's time budget is checked between rules too, so one file cannot hold it forever.
            if limits.out_of_time() {
                let note = format!(
                    "the time budget ran out while this file was scanned: {} of its rules did not run (raise it with --time-budget)",
                    rules.len() - done
                );
                result.gaps.push(note.clone());
                result.notes.push(note);
                break;
            }
            let mut seen = HashSet::new();
            let mut kept = 0usize;
            let mut dropped = 0usize;
            for (at, segment) in segments
                .iter()
                .enumerate()
                .filter(|(_, s)| applies_to_language(rule, s))
            {
                let mut keep_hit = |hit: Hit| {
                    let context = segment.context_at(file.text, hit.start);
                    if !rule.contexts.contains(&context) || !seen.insert(hit.start) {
                        return true;
                    }
                    if kept >= max_hits {
                        dropped += 1;
                        return dropped < 10_000;
                    }
                    kept += 1;
                    let lines = lines.get_or_init(|| LineIndex::new(file.text));
                    result
                        .findings
                        .push(make_finding(rule, file, lines, segment, context, &hit));
                    true
                };
                match combined.get(&(at, index)) {
                    // The segment's tree was already walked for this rule with every other one.
                    Some(hits) => {
                        for hit in hits.iter().cloned() {
                            if !keep_hit(hit) {
                                break;
                            }
                        }
                    }
                    None => run(&rule.matcher, segment, file.text, &mut json, &mut keep_hit),
                }
            }
            if dropped > 0 {
                result.notes.push(format!(
                    "{} matched more than {max_hits} times; the first {max_hits} are listed (raise it with --max-hits-per-rule)",
                    rule.spec.id
                ));
            }
        }
        // The detectors' own work on the file: rescans of text derived from it, marks on the findings.
        let candidates: Vec<&CompiledRule> = rules.iter().map(|(_, rule)| *rule).collect();
        let input = PassInput {
            file,
            segments: &segments,
            candidates: &candidates,
            keep,
            depth,
            lines: &lines,
        };
        for pass in passes {
            pass.run(self, &input, &mut result);
        }
        for note in segments.iter().flat_map(|s| s.notes()) {
            // A test or documentation file (a test suite, a docs site's search index) is run by neither an
            // install nor an import: not parsing it leaves a note, not a gap that holds the package at review.
            if note.starts_with(crate::nesting::NESTING_REFUSAL)
                && !matches!(
                    file.role,
                    skill_scan_model::FileRole::Test | skill_scan_model::FileRole::Docs
                )
            {
                result.gaps.push(note.to_string());
            }
            result.notes.push(note.to_string());
        }
        result
    }
}

impl RuleSet {
    /// For segments with a tree, the hits of every candidate query rule from one walk of the tree, by
    /// `(segment index, rule index)`; rules not in the map (a pattern that does not compile for the
    /// segment's grammar) run their own query.
    fn combined_hits(
        &self,
        rules: &[(usize, &CompiledRule)],
        segments: &[Segment],
        text: &str,
    ) -> HashMap<(usize, usize), Vec<Hit>> {
        let mut found = HashMap::new();
        for (at, segment) in segments.iter().enumerate() {
            let Some(grammar) = segment.grammar else {
                continue;
            };
            let queries: Vec<usize> = rules
                .iter()
                .filter(|(_, rule)| {
                    matches!(rule.matcher, Matcher::Query { .. })
                        && applies_to_language(rule, segment)
                })
                .map(|(index, _)| *index)
                .collect();
            if queries.is_empty() {
                continue;
            }
            // Only the parts whose literals the segment holds: the others cannot match it.
            let mut selection = self
                .combined
                .selection(&self.rules, &queries, segment.text(text));
            // Nor can parts whose root kinds the tree lacks (a declaration file has no calls): when that
            // is all of them, no query is built for the segment (see `query_roots`).
            if !selection.is_empty() && !self.combined.is_built(grammar, &selection) {
                let lacks_roots = segment.tree(text).is_some_and(|tree| {
                    !roots_present(&self.rules, &selection, grammar, tree.root_node())
                });
                if lacks_roots {
                    selection.clear();
                }
            }
            let built = self.combined.get(grammar, &self.rules, &selection);
            let Some(combined) = built.as_ref().and_then(|built| built.get()) else {
                if selection.is_empty() {
                    for rule in queries {
                        found.insert((at, rule), Vec::new());
                    }
                }
                continue;
            };
            // Rules left out of the selection have no part that can match: no hits.
            let covered: Vec<usize> = queries
                .into_iter()
                .filter(|i| combined.covers(*i) || !selection.iter().any(|(r, _)| r == i))
                .collect();
            let mut hits = combined.run(segment, text, |rule| covered.contains(&rule));
            for rule in covered {
                found.insert((at, rule), hits.remove(&rule).unwrap_or_default());
            }
        }
        found
    }
}

fn applies_to_file(rule: &CompiledRule, file: &SourceFile) -> bool {
    let spec = &rule.spec;
    spec.file_kinds
        .as_ref()
        .is_none_or(|kinds| kinds.contains(&file.kind))
        && spec
            .scopes
            .as_ref()
            .is_none_or(|scopes| scopes.contains(&file.scope))
        && rule
            .path_globs
            .as_ref()
            .is_none_or(|globs| globs.is_match(file.rel_path))
}

fn applies_to_language(rule: &CompiledRule, segment: &Segment) -> bool {
    rule.spec
        .languages
        .as_ref()
        .is_none_or(|langs| langs.contains(&segment.language))
        && applies_to_segment(&rule.matcher, segment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule_set::NoDetectors;
    use skill_scan_model::{ArtifactScope, Context, FileKind, FileRole};

    const RULES: &str = r#"
rules:
  - id: TST001
    name: curl-pipe
    title: Remote script piped into a shell
    category: remote_exec
    signal: malicious_behavior
    action: block
    mitre: [T1059.004]
    description: Long enough description that says why and how to fix it, really.
    match:
      regex: 'curl[^|\n]*\|\s*(ba)?sh'
      not: ['--dry-run']
  - id: TST002
    name: js-eval
    title: eval call
    category: obfuscation
    signal: suspicious_behavior
    action: review
    mitre: [T1059.007]
    description: Long enough description that says why and how to fix it, really.
    match:
      query: '(call_expression function: (identifier) @f (#eq? @f "eval")) @hit'
      language: javascript
  - id: TST003
    name: install-hook
    title: Install hook
    category: supply_chain
    signal: review_signal
    action: review
    mitre: [T1195.002]
    description: Long enough description that says why and how to fix it, really.
    file_kinds: [npm_manifest]
    match:
      json_path: scripts.*
      key: '^(pre|post)?install$'
"#;

    fn rules() -> RuleSet {
        RuleSet::from_packs(vec![("t.yaml".into(), RULES.into())], &NoDetectors).unwrap()
    }

    fn scan(
        path: &str,
        kind: FileKind,
        language: Language,
        text: &str,
    ) -> Vec<(String, usize, usize, Context)> {
        let file = SourceFile {
            rel_path: path,
            text,
            kind,
            scope: ArtifactScope::SupportingArtifact,
            language,
            role: FileRole::Source,
            import_entry: false,
        };
        rules()
            .scan(&file)
            .findings
            .into_iter()
            .map(|f| (f.rule_id, f.line, f.column, f.context))
            .collect()
    }

    #[test]
    fn regex_hits_in_code_but_not_comments() {
        let text = "# curl x | sh\necho hi; curl -s x | bash\ncurl y | sh --dry-run\n";
        let hits = scan("a.sh", FileKind::Shell, Language::Shell, text);
        assert_eq!(hits, [("TST001".to_string(), 2, 10, Context::Code)]);
    }

    #[test]
    fn queries_match_meaning_not_text() {
        let text = "// eval(x)\nconst s = 'eval(y)';\nobj.eval(z);\neval(atob(p));\n";
        let hits = scan("a.js", FileKind::Javascript, Language::Javascript, text);
        assert_eq!(hits, [("TST002".to_string(), 4, 1, Context::Code)]);
    }

    #[test]
    fn json_paths_point_at_the_value() {
        let text = "{\n  \"scripts\": {\n    \"test\": \"jest\",\n    \"postinstall\": \"node x.js\"\n  }\n}\n";
        let hits = scan("package.json", FileKind::NpmManifest, Language::Json, text);
        assert_eq!(hits, [("TST003".to_string(), 4, 20, Context::Code)]);
    }

    #[test]
    fn markdown_code_blocks_are_scanned_in_their_language() {
        let text = "Run this:\n\n```bash\ncurl -fsSL x | bash\n```\n\nNever `curl x | sh` in prose.\n```js\neval(code)\n```\n";
        let hits = scan(
            "SKILL.md",
            FileKind::SkillManifest,
            Language::Markdown,
            text,
        );
        assert_eq!(
            hits,
            [
                ("TST001".to_string(), 4, 1, Context::MarkdownCode),
                ("TST002".to_string(), 9, 1, Context::MarkdownCode)
            ]
        );
    }

    #[test]
    fn hits_per_rule_are_capped_with_a_note() {
        let text = "curl x | sh\n".repeat(100);
        let file = SourceFile {
            rel_path: "a.sh",
            text: &text,
            kind: FileKind::Shell,
            scope: ArtifactScope::SupportingArtifact,
            language: Language::Shell,
            role: FileRole::Source,
            import_entry: false,
        };
        let scan = rules().scan(&file);
        assert_eq!(scan.findings.len(), ScanLimits::DEFAULT_MAX_HITS_PER_RULE);
        assert!(scan.notes[0].contains("more than"));
    }

    #[test]
    fn a_spent_time_budget_stops_the_rules_inside_a_file_and_says_so() {
        let text = "curl x | sh\n";
        let file = SourceFile {
            rel_path: "a.sh",
            text,
            kind: FileKind::Shell,
            scope: ArtifactScope::SupportingArtifact,
            language: Language::Shell,
            role: FileRole::Source,
            import_entry: false,
        };
        let spent = ScanLimits {
            deadline: Some(std::time::Instant::now()),
            ..ScanLimits::default()
        };
        let scan = rules().scan_within(&file, &spent);
        assert!(scan.findings.is_empty());
        assert!(scan.gaps[0].contains("time budget"), "{:?}", scan.gaps);
        let ample = ScanLimits {
            deadline: Some(std::time::Instant::now() + std::time::Duration::from_secs(600)),
            ..ScanLimits::default()
        };
        let scan = rules().scan_within(&file, &ample);
        assert_eq!(scan.findings.len(), 1);
        assert!(scan.gaps.is_empty());
    }

    #[test]
    fn deep_nesting_is_a_gap_in_code_and_a_note_in_a_test() {
        let text = format!("x = {}eval(y){};\n", "(".repeat(300), ")".repeat(300));
        let file = |rel_path, role| SourceFile {
            rel_path,
            text: &text,
            kind: FileKind::Javascript,
            scope: ArtifactScope::SupportingArtifact,
            language: Language::Javascript,
            role,
            import_entry: false,
        };
        let code = rules().scan(&file("lib/deep.js", FileRole::Source));
        assert_eq!(code.gaps.len(), 1, "{:?}", code.notes);
        let test = rules().scan(&file("test/deep.test.js", FileRole::Test));
        assert!(test.gaps.is_empty(), "{:?}", test.gaps);
        assert!(test
            .notes
            .iter()
            .any(|n| n.starts_with(crate::nesting::NESTING_REFUSAL)));
    }
}
