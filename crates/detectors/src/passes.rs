//! What the detectors do to a file after its rules ran, in the order the file scan runs them: decoded
//! payloads, resolved calls, code written then run and look-alike letters are scanned again as text of
//! their own and reported where they sit; findings in a module's own code that runs on import are
//! marked; credential names in deny-lists are lowered; tool descriptions declared in code are scanned as the agent instructions they are.

use crate::import_time::ImportTimeMap;
use crate::native::deobfuscate;
use crate::native::deobfuscate::rescan::RescanDecoded;
use crate::native::evaluate::rescan::{self as resolved_rescan, RescanResolved};
use crate::native::nfkc_identifiers::{self, RescanFolded};
use crate::native::stager::{self, RescanStaged};
use crate::tool_descriptions::{may_declare_tools, ScanToolDescriptions};
use skill_scan_model::{Finding, Language, LineIndex};
use skill_scan_rules::segment::Segment;
use skill_scan_rules::{FilePass, FileScan, PassInput, RuleSet, SourceFile};

/// Every pass, in the order it runs.
pub(crate) static PASSES: &[&dyn FilePass] = &[
    &DecodedPayloads,
    &ResolvedCalls,
    &WrittenThenRun,
    &FoldedLetters,
    &ImportTime,
    &DenyLists,
    &ToolDescriptions,
];

/// Encoded payloads are decoded and scanned again; what they hide is reported where they sit.
struct DecodedPayloads;

impl FilePass for DecodedPayloads {
    fn run(&self, rules: &RuleSet, input: &PassInput, result: &mut FileScan) {
        let wanted = input
            .candidates
            .iter()
            .any(|rule| deobfuscate::is_rescan_rule(rule));
        if wanted && input.depth < deobfuscate::MAX_DEPTH {
            rules.rescan_decoded(input.file, input.segments, input.keep, input.depth, result);
        }
    }
}

/// Calls whose names or arguments are computed are scanned again as if written literally.
struct ResolvedCalls;

impl FilePass for ResolvedCalls {
    fn run(&self, rules: &RuleSet, input: &PassInput, result: &mut FileScan) {
        // Every rule reads resolved calls, so a rule's own examples can be written the indirect way.
        let wanted = rules.rules.iter().any(resolved_rescan::is_rescan_rule);
        if wanted && resolved_rescan::may_rescan(input.depth) {
            rules.rescan_resolved(input.file, input.segments, input.keep, input.depth, result);
        }
    }
}

/// Code a literal writes to a file that is then run is scanned as code, and reported at the literal.
struct WrittenThenRun;

impl FilePass for WrittenThenRun {
    fn run(&self, rules: &RuleSet, input: &PassInput, result: &mut FileScan) {
        if input
            .candidates
            .iter()
            .any(|rule| stager::is_stager_rule(rule))
        {
            rules.rescan_staged(input.file, input.segments, input.keep, input.depth, result);
        }
    }
}

/// Python reads look-alike letters as plain ones; so do the rules, on a second reading.
struct FoldedLetters;

impl FilePass for FoldedLetters {
    fn run(&self, rules: &RuleSet, input: &PassInput, result: &mut FileScan) {
        if input
            .candidates
            .iter()
            .any(|rule| nfkc_identifiers::is_nfkc_rule(rule))
        {
            rules.rescan_folded(input.file, input.keep, input.depth, result);
        }
    }
}

/// Findings in an import entry's own code that run when the module is imported are marked so.
struct ImportTime;

impl FilePass for ImportTime {
    fn run(&self, _rules: &RuleSet, input: &PassInput, result: &mut FileScan) {
        let file = input.file;
        if file.import_entry && !result.findings.is_empty() {
            let lines = input.lines.get_or_init(|| LineIndex::new(file.text));
            mark_import_time(&mut result.findings, input.segments, file.text, lines);
        }
    }
}

/// Flags findings in the module's own code that run on import.
fn mark_import_time(findings: &mut [Finding], segments: &[Segment], text: &str, lines: &LineIndex) {
    let Some(segment) = segments.first() else {
        return;
    };
    let (Some(tree), Some(grammar)) = (segment.tree(text), segment.grammar) else {
        return;
    };
    let map = ImportTimeMap::new(tree, segment.text(text), grammar);
    for finding in findings {
        let offset = lines.offset_of(text, finding.line, finding.column);
        finding.import_time = map.runs_on_import(offset.saturating_sub(segment.start));
    }
}

/// Credential names in a list the code only tests other values against are a deny-list, not a read.
struct DenyLists;

impl FilePass for DenyLists {
    fn run(&self, _rules: &RuleSet, input: &PassInput, result: &mut FileScan) {
        let file = input.file;
        let credential = |f: &Finding| f.has(skill_scan_model::Capability::CredentialAccess);
        if result.findings.iter().any(credential) {
            let lines = input.lines.get_or_init(|| LineIndex::new(file.text));
            crate::deny_lists::mark_deny_lists(
                &mut result.findings,
                input.segments,
                file.text,
                lines,
            );
        }
    }
}

/// Tool descriptions declared in code are read by the agent: scanned again as its instructions.
struct ToolDescriptions;

impl FilePass for ToolDescriptions {
    fn runs_without_rules(&self, file: &SourceFile, depth: usize) -> bool {
        depth == 0 && may_declare_tools(file)
    }

    fn run(&self, rules: &RuleSet, input: &PassInput, result: &mut FileScan) {
        let file = input.file;
        if self.runs_without_rules(file, input.depth) {
            let code = (file.language != Language::Json).then_some(input.segments);
            rules.scan_tool_descriptions(file, code, input.keep, input.depth, result);
        }
    }
}
