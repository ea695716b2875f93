//! Reports about a project's own files rather than a package's contents: a dependency that bypasses the
//! registry, a download that does not match the lockfile, a remote MCP server. Each is a typed project check
//! ([`ProjectCheckKind`]) that the package detectors map to its rule (`rules/project.yaml`), reported at the
//! file and line that declares it and judged by the same verdict code as any package.

use crate::pipeline::Scanner;
use crate::ScanOptions;
use skill_scan_classify::classify_file;
use skill_scan_detectors::package::project_detector;
use skill_scan_model::{Context, Language, ProjectCheckKind, TargetReport};
use skill_scan_rules::NativeSite;
use skill_scan_walk::Walked;

/// A finding of the project check `kind` at `line` of `file` (a name relative to `target`).
pub(crate) struct SiteNotice {
    pub kind: ProjectCheckKind,
    pub file: String,
    pub line: usize,
    pub message: String,
    pub evidence: String,
}

impl Scanner {
    /// A report for `target` holding only `notices` (no file of it is read again).
    pub(crate) fn notice_report(
        &self,
        target: &str,
        notices: &[SiteNotice],
        options: &ScanOptions,
    ) -> TargetReport {
        self.scan_with_notices(target, Walked::default(), notices, options)
    }

    /// Scans the files `walked` lists, adding `notices` as findings.
    pub(crate) fn scan_with_notices(
        &self,
        target: &str,
        walked: Walked,
        notices: &[SiteNotice],
        options: &ScanOptions,
    ) -> TargetReport {
        let rules = self.rules();
        let extra = |facts: &skill_scan_classify::PackageFacts| {
            notices
                .iter()
                .filter_map(|notice| {
                    let file_kind = classify_file(&notice.file, "");
                    let scope = facts.scope_of(&notice.file, file_kind);
                    let site = NativeSite {
                        path: notice.file.clone(),
                        line: notice.line,
                        column: 1,
                        scope,
                        role: facts.role_of(&notice.file, scope),
                        file_kind,
                        language: Language::Text,
                        context: Context::Code,
                        message: notice.message.clone(),
                        snippet: notice.evidence.clone(),
                        related: Vec::new(),
                    };
                    rules.package_finding(project_detector(notice.kind), site)
                })
                .collect()
        };
        let mut quiet = options.clone();
        quiet.progress = None;
        self.scan_listed(target, walked, Vec::new(), &extra, &quiet)
    }
}
