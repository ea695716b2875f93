//! The one finding builder every crate's tests share (behind the `test-support` feature, which crates
//! enable only as a dev-dependency), so a new field of [`Finding`] is filled in here once instead of in a
//! hand-written literal per crate. Production code makes findings from a rule's data and a location only
//! (`CompiledRule::finding` in the engine).

use crate::{
    ArtifactScope, Context, FileKind, FileRole, Finding, Language, RecommendedAction, SignalClass,
    ThreatCategory,
};

/// A blocking remote-exec finding of `rule_id` at `path:line` (column 1, one character wide) in a shell
/// file of the package's supporting code, with id `f1`; tests set the fields they exercise.
pub fn finding(rule_id: &str, path: &str, line: usize) -> Finding {
    Finding {
        id: "f1".into(),
        rule_id: rule_id.into(),
        rule_name: rule_id.to_lowercase(),
        category: ThreatCategory::RemoteExec,
        signal: SignalClass::MaliciousBehavior,
        action: RecommendedAction::Block,
        scope: ArtifactScope::SupportingArtifact,
        context: Context::Code,
        language: Language::Shell,
        file_kind: FileKind::Shell,
        path: path.into(),
        line,
        column: 1,
        end_line: line,
        end_column: 2,
        message: "Remote script piped into a shell".into(),
        why: String::new(),
        snippet: String::new(),
        snippet_highlight: (0, 0),
        mitre: vec![],
        capabilities: vec![],
        file_role: FileRole::Source,
        import_time: false,
        called_only: false,
        related: vec![],
    }
}
