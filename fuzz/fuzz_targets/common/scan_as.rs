//! Shared by the `scan_*` targets: the full rule set (regex, tree-sitter queries, JSON paths, native
//! detectors) over arbitrary text read as one kind of file, as an install-time entry point so every
//! scope-limited rule runs too; every finding must point inside the text.

use skill_scan_model::{ArtifactScope, FileKind, FileRole, Language};
use skill_scan_rules::{RuleSet, SourceFile};
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES
        .get_or_init(|| RuleSet::embedded(&skill_scan::DETECTORS).unwrap_or_else(|e| panic!("{e}")))
}

pub fn scan_as(text: &str, rel_path: &str, kind: FileKind, language: Language) {
    let file = SourceFile {
        rel_path,
        text,
        kind,
        scope: ArtifactScope::PackageRootArtifact,
        language,
        role: FileRole::Source,
        import_entry: true,
    };
    for finding in rules().scan(&file).findings {
        assert!(finding.line >= 1 && finding.column >= 1);
        assert!((finding.line, finding.column) <= (finding.end_line, finding.end_column));
        let (start, end) = finding.snippet_highlight;
        assert!(start <= end && end <= finding.snippet.len());
    }
}
