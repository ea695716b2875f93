//! Data flows through the package's own modules: an install script calls `check()` from `lib/env-check.js`,
//! which passes `collect()` from `lib/collect.js` (it reads `~/.npmrc`) to `send()` from
//! `lib/transport.js` (it posts its argument). Each file alone is a read, a send, or glue; the flow
//! analysis works one module at a time and never sees the three together.
//!
//! For each file that runs without the user asking (an install script, `setup.py`, an import entry) this
//! pass reads the modules it imports by a relative path (`require('./x')`, `import … from '../x'`,
//! `from .x import f`), and those modules' own relative imports, to [`MAX_DEPTH`] levels, and scans the
//! entry once more with their code in place: each import statement blanked (so the names are the module's
//! own functions, not an unknown import) and each module's text appended after the entry's, its
//! `exports.f = …` / `export function f` written as plain local definitions. Only the data-flow rules'
//! findings count from that scan (what the modules do alone is reported in their own files); a flow whose
//! sink lies in an appended module is reported at the entry's import of it, with the modules as related
//! locations.
//!
//! Bounded: [`MAX_ENTRIES`] entries per package, [`MAX_MODULES`] modules inlined per entry, each at most
//! [`MAX_MODULE_BYTES`], [`MAX_INLINED_BYTES`] appended in all.

use super::cross_file_constants::{code_kind, read_text, rescan_entries, resolve_module};
use super::PackageView;
use crate::imported_constants::{local_imports, LocalImport, WHOLE_MODULE};
use rayon::prelude::*;
use skill_scan_classify::{classify_file, language_of};
use skill_scan_model::{
    Capability, Finding, Language, LineHashes, RelatedLocation, ThreatCategory,
};
use skill_scan_rules::{RuleSet, ScanLimits, SourceFile};
use skill_scan_walk::FileEntry;
use std::collections::{HashMap, HashSet};

/// Entry files rescanned with their modules inlined, per package.
const MAX_ENTRIES: usize = 16;
/// Modules inlined into one entry.
const MAX_MODULES: usize = 8;
/// Import levels followed from the entry (the entry's imports are level 1).
const MAX_DEPTH: usize = 3;
/// A module larger than this is not inlined (bundles, generated code).
const MAX_MODULE_BYTES: usize = 128 * 1024;
/// Module text appended to one entry in all.
const MAX_INLINED_BYTES: usize = 384 * 1024;

/// Rule ids of the data-flow rules (`rules/taint.yaml`). Of those, flows that send data out are added,
/// and a constant decoded in one module and run in another (`eval(decode(HEX))` with `decode` from
/// `./codec`, a base64 blob from a JSON file given to `new Function`): decoding shipped text to run it is
/// hiding it. A download run through two modules is how prebuilt-binary installers work, and those are
/// judged in their own files.
const FLOW_RULE_PREFIX: &str = "TNT";

/// The download flow's sinks (as its message ends, `… is executed: vm.Script (vm)`) that run the fetched
/// text as code in the process: a helper module that fetches text and an entry that evaluates it is remote
/// code whatever the layout, while a download spawned or loaded as an addon is the prebuilt-binary install.
const CODE_RUNNERS: &[&str] = &[
    "(eval)",
    "(exec)",
    "(Function constructor)",
    "(vm)",
    "(module._compile)",
    "(worker eval)",
    "(string timer)",
    "(compile)",
    "(code object)",
    "(runpy)",
];

fn is_kept_flow(finding: &Finding) -> bool {
    // The decoded-to-exec flow is the one flow filed under obfuscation; the download one is remote_exec.
    finding.rule_id.starts_with(FLOW_RULE_PREFIX)
        && (finding.has(Capability::OutboundSend)
            || finding.category == ThreatCategory::Obfuscation
            // The download flow is the one data-flow rule filed under remote execution.
            || (finding.category == ThreatCategory::RemoteExec
                && CODE_RUNNERS.iter().any(|r| finding.message.ends_with(r))))
}

/// Flow findings that only appear with the entries' local modules inlined, and the line hashes of the
/// lines they are reported on.
pub fn scan_with_inlined_modules(
    rules: &RuleSet,
    files: &[FileEntry],
    package: &PackageView,
    known: &[Finding],
    max_file_size: u64,
    limits: &ScanLimits,
) -> (Vec<Finding>, LineHashes) {
    let Some((entries, by_path)) = rescan_entries(files, package, MAX_ENTRIES) else {
        return (Vec::new(), LineHashes::default());
    };
    let seen: HashSet<(&str, &str)> = known
        .iter()
        .map(|f| (f.path.as_str(), f.rule_id.as_str()))
        .collect();
    let read = |path: &str| read_text(by_path.get(path)?, max_file_size);
    let found: Vec<(Vec<Finding>, LineHashes)> = entries
        .into_par_iter()
        .map(|entry| {
            let path = entry.rel_path.as_str();
            let Some(text) = read(path) else {
                return (Vec::new(), LineHashes::default());
            };
            let language = language_of(classify_file(path, &text), path);
            let Some(kind) = code_kind(language) else {
                return (Vec::new(), LineHashes::default());
            };
            let Some(inlined) = inline(path, &text, language, &by_path, &read) else {
                return (Vec::new(), LineHashes::default());
            };
            let sighting = package.sighting(path, kind);
            let file = SourceFile {
                rel_path: path,
                text: &inlined.text,
                kind,
                scope: sighting.scope,
                language,
                role: sighting.role,
                import_entry: package.is_import_entry(path),
            };
            let original_lines = text.lines().count().max(1);
            let mut findings: Vec<Finding> = rules
                .scan_within(&file, limits)
                .findings
                .into_iter()
                .filter(is_kept_flow)
                .collect();
            let mut kept = Vec::new();
            for mut finding in findings.drain(..) {
                if finding.line > original_lines {
                    // The sink is in an appended module: report it at the entry's import of that module,
                    // unless the module reports the same flow itself.
                    let Some(region) = inlined
                        .regions
                        .iter()
                        .find(|r| finding.line >= r.first_line && finding.line <= r.last_line)
                    else {
                        continue;
                    };
                    if seen.contains(&(region.module.as_str(), finding.rule_id.as_str())) {
                        continue;
                    }
                    let shown = text.lines().nth(region.entry_line - 1).unwrap_or("");
                    finding.line = region.entry_line;
                    finding.column = 1;
                    finding.end_line = region.entry_line;
                    finding.end_column = shown.chars().count().max(1);
                    finding.snippet = shown.trim().chars().take(200).collect();
                    finding.snippet_highlight = (0, finding.snippet.len());
                    finding
                        .related
                        .retain(|r| r.path != path || r.line <= original_lines);
                } else if seen.contains(&(path, finding.rule_id.as_str())) {
                    continue;
                }
                finding.message = format!(
                    "through the package's own modules ({}): {}",
                    inlined.chain(),
                    finding.message
                );
                for region in &inlined.regions {
                    finding.related.push(RelatedLocation {
                        path: region.module.clone(),
                        line: 1,
                        column: 1,
                        message: format!(
                            "module imported by {path}:{} and read with it",
                            region.entry_line
                        ),
                    });
                }
                kept.push(finding);
            }
            kept.dedup_by(|a, b| a.rule_id == b.rule_id && a.line == b.line);
            let mut hashes = LineHashes::default();
            hashes.add(path, &text, kept.iter().map(|f| f.line));
            (kept, hashes)
        })
        .collect();
    super::gather_rescans(found)
}

/// An entry's text with its local modules inlined.
struct Inlined {
    text: String,
    regions: Vec<Region>,
}

impl Inlined {
    fn chain(&self) -> String {
        self.regions
            .iter()
            .map(|r| r.module.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Where one appended module's text lies in the inlined text, and the entry line it is reported at.
struct Region {
    module: String,
    first_line: usize,
    last_line: usize,
    /// The entry's line that (directly or through other modules) imports it.
    entry_line: usize,
}

/// The entry with every local module it reaches appended, or `None` when it imports none.
fn inline(
    path: &str,
    text: &str,
    language: Language,
    by_path: &HashMap<&str, &FileEntry>,
    read: &dyn Fn(&str) -> Option<String>,
) -> Option<Inlined> {
    let imports = local_imports(text, language, path);
    let mut out = blank_imports(text, &imports, path, by_path);
    if out.1.is_empty() {
        return None;
    }
    let mut body = out.0;
    if !body.ends_with('\n') {
        body.push('\n');
    }
    let mut regions = Vec::new();
    let mut done: HashSet<String> = HashSet::from([path.to_string()]);
    // Breadth first: (module, local name of a whole-module import, names taken, entry line), depth.
    let mut queue: Vec<(ImportedModule, usize)> =
        out.1.drain(..).map(|imported| (imported, 1)).collect();
    let mut at = 0;
    let mut appended = 0usize;
    while at < queue.len() && regions.len() < MAX_MODULES {
        let ((module, local, names, entry_line), depth) = queue[at].clone();
        at += 1;
        if !done.insert(module.clone()) {
            continue;
        }
        let Some(source) = read(&module).filter(|t| t.len() <= MAX_MODULE_BYTES) else {
            continue;
        };
        if appended + source.len() > MAX_INLINED_BYTES {
            break;
        }
        appended += source.len();
        if module.ends_with(".json") {
            let first_line = body.lines().count() + 1;
            body.push_str(&json_as_definitions(&source, local.as_deref(), &names));
            regions.push(Region {
                module,
                first_line,
                last_line: body.lines().count(),
                entry_line,
            });
            continue;
        }
        let module_language = language_of(classify_file(&module, &source), &module);
        let own_imports = local_imports(&source, module_language, &module);
        let (blanked, next) = blank_imports(&source, &own_imports, &module, by_path);
        if depth < MAX_DEPTH {
            for (inner, inner_local, inner_names, _) in next {
                queue.push(((inner, inner_local, inner_names, entry_line), depth + 1));
            }
        }
        let definitions = as_local_definitions(&blanked, module_language, local.as_deref());
        let first_line = body.lines().count() + 1;
        body.push_str(&definitions);
        if !body.ends_with('\n') {
            body.push('\n');
        }
        regions.push(Region {
            module,
            first_line,
            last_line: body.lines().count(),
            entry_line,
        });
    }
    (!regions.is_empty()).then_some(Inlined {
        text: body,
        regions,
    })
}

/// One module an import names: `(path, local name of a whole-module import, (name, local name) pairs
/// taken from it, 1-based line)`.
type ImportedModule = (String, Option<String>, Vec<(String, String)>, usize);

/// `text` with each import of a package module blanked (spaces, line breaks kept), and the modules those
/// imports name.
fn blank_imports(
    text: &str,
    imports: &[LocalImport],
    path: &str,
    by_path: &HashMap<&str, &FileEntry>,
) -> (String, Vec<ImportedModule>) {
    let mut bytes = text.as_bytes().to_vec();
    let mut modules = Vec::new();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    for import in imports {
        let Some(module) = resolve_module(path, &import.module, by_path) else {
            continue;
        };
        let Some(&start) = line_starts.get(import.line.saturating_sub(1)) else {
            continue;
        };
        if start >= import.end || import.end > bytes.len() {
            continue;
        }
        for byte in &mut bytes[start..import.end] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b' ';
            }
        }
        let whole = import
            .names
            .iter()
            .find(|(name, _)| name == WHOLE_MODULE)
            .map(|(_, local)| local.clone());
        let names = import
            .names
            .iter()
            .filter(|(name, _)| name != WHOLE_MODULE)
            .cloned()
            .collect();
        modules.push((module, whole, names, import.line));
    }
    // Only ASCII spaces replaced whole UTF-8 sequences inside one import statement's span.
    let blanked = String::from_utf8(bytes).unwrap_or_else(|_| text.to_string());
    (blanked, modules)
}

/// A module's text with its exports written as local definitions: JavaScript `exports.f = …` and
/// `module.exports.f = …` as `var f = …`, `export function f` / `export const` without `export`, and a
/// default export (`module.exports = …`, `export default …`) bound to the importer's name for the module.
/// Python needs nothing: its functions are module-level definitions already.
fn as_local_definitions(text: &str, language: Language, whole_name: Option<&str>) -> String {
    if language == Language::Python {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let (lead, rest) = line.split_at(indent);
        out.push_str(lead);
        if let Some(after) = rest
            .strip_prefix("module.exports.")
            .or_else(|| rest.strip_prefix("exports."))
        {
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
                .unwrap_or(after.len());
            let tail = after[name_len..].trim_start();
            if name_len > 0 && tail.starts_with('=') && !tail.starts_with("==") {
                out.push_str("var ");
                out.push_str(&after[..name_len]);
                out.push(' ');
                out.push_str(tail);
                continue;
            }
        }
        let default = rest
            .strip_prefix("module.exports")
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix('='))
            .filter(|r| !r.starts_with('='))
            .or_else(|| rest.strip_prefix("export default "));
        if let (Some(value), Some(name)) = (default, whole_name) {
            out.push_str("var ");
            out.push_str(name);
            out.push_str(" = ");
            out.push_str(value.trim_start());
            continue;
        }
        if let Some(declaration) = rest.strip_prefix("export ") {
            if ["function", "async ", "const ", "let ", "var ", "class "]
                .iter()
                .any(|k| declaration.starts_with(k))
            {
                out.push_str(declaration);
                continue;
            }
        }
        out.push_str(rest);
    }
    out
}

/// A JSON module `require`d by the entry, as JavaScript: the document is an object literal, bound to the
/// importer's name for it, and each destructured key read from it (`const { blob } = require('./d.json')`).
fn json_as_definitions(text: &str, whole_name: Option<&str>, names: &[(String, String)]) -> String {
    const DOCUMENT: &str = "__json_module";
    let mut out = format!("var {DOCUMENT} = {};\n", text.trim());
    if let Some(name) = whole_name {
        out.push_str(&format!("var {name} = {DOCUMENT};\n"));
    }
    for (name, local) in names {
        out.push_str(&format!("var {local} = {DOCUMENT}.{name};\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_modules_become_object_literals_with_their_keys() {
        let json = "{\n  \"blob\": \"QUJD\"\n}\n";
        let names = vec![("blob".to_string(), "b".to_string())];
        assert_eq!(
            json_as_definitions(json, Some("data"), &names),
            "var __json_module = {\n  \"blob\": \"QUJD\"\n};\nvar data = __json_module;\nvar b = __json_module.blob;\n"
        );
    }

    #[test]
    fn exports_become_local_definitions() {
        let js = "const https = require('https');\nexports.send = function (o) { post(o); };\nmodule.exports.get = () => 1;\nexport function put(x) {}\nexport const K = 1;\nif (a == b) {}\n";
        let out = as_local_definitions(js, Language::Javascript, None);
        assert_eq!(out, "const https = require('https');\nvar send = function (o) { post(o); };\nvar get = () => 1;\nfunction put(x) {}\nconst K = 1;\nif (a == b) {}\n");
        let default = "module.exports = function (o) { post(o); };\n";
        assert_eq!(
            as_local_definitions(default, Language::Javascript, Some("send")),
            "var send = function (o) { post(o); };\n"
        );
        // With no importer's name for it, a default export stays as written.
        assert_eq!(
            as_local_definitions(default, Language::Javascript, None),
            default
        );
    }
}
