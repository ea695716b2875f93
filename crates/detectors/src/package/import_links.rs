//! Which modules of a package reach which through their relative imports, recorded on the findings that
//! a compound joins across files. CMP005 (a credential read and a send) needs evidence that ties the two;
//! a module that imports the module holding the other part (directly or through the package's other
//! modules) is such evidence, while a config loader and an HTTP client in unrelated corners of an SDK
//! are not. Each finding whose module reaches a module holding the other part gets an `imports PATH`
//! related location, which the verdict layer reads.

use super::import_graph::resolve;
use crate::module_import_time;
use skill_scan_classify::{classify_file, language_of};
use skill_scan_model::{Capability, Finding, RelatedLocation, RELATED_IMPORTS};
use skill_scan_walk::{decode_text, FileEntry};
use std::collections::{BTreeSet, HashMap, VecDeque};

/// Modules read per package, and origins followed per side, so a package of thousands of files costs a
/// few parses at most.
const MAX_MODULES: usize = 64;
const MAX_ORIGINS: usize = 16;
/// How many imports deep a path is followed.
const MAX_DEPTH: usize = 4;

/// Adds `imports PATH` to each credential-read finding whose module reaches a module with a send, and to
/// each send whose module reaches a module with a credential read. Runs only when both exist in
/// different files; a read and a send in one file are already tied.
pub fn link_imported_evidence(files: &[FileEntry], findings: &mut [Finding], max_file_size: u64) {
    let holding = |capability: Capability| -> BTreeSet<String> {
        findings
            .iter()
            .filter(|f| f.is_behaviour() && f.has(capability))
            .map(|f| f.path.clone())
            .collect()
    };
    let reads = holding(Capability::CredentialAccess);
    let sends = holding(Capability::OutboundSend);
    if reads.is_empty() || sends.is_empty() || reads.iter().all(|r| sends.contains(r)) {
        return;
    }
    let by_path: HashMap<&str, &FileEntry> =
        files.iter().map(|f| (f.rel_path.as_str(), f)).collect();
    let mut graph = Graph {
        by_path,
        links: HashMap::new(),
        max_file_size,
    };
    let mut added: Vec<(String, Capability, String)> = Vec::new();
    for (origins, capability, targets) in [
        (&reads, Capability::CredentialAccess, &sends),
        (&sends, Capability::OutboundSend, &reads),
    ] {
        for origin in origins.iter().take(MAX_ORIGINS) {
            for reached in graph.reachable(origin) {
                if targets.contains(&reached) && reached != *origin {
                    added.push((origin.clone(), capability, reached));
                }
            }
        }
    }
    for (origin, capability, reached) in added {
        for finding in findings
            .iter_mut()
            .filter(|f| f.path == origin && f.has(capability))
        {
            finding.related.push(RelatedLocation {
                path: reached.clone(),
                line: 1,
                column: 1,
                message: format!("{RELATED_IMPORTS}{reached}"),
            });
        }
    }
}

/// The package's modules and their relative imports, read once each on demand.
struct Graph<'a> {
    by_path: HashMap<&'a str, &'a FileEntry>,
    links: HashMap<String, Vec<String>>,
    max_file_size: u64,
}

impl Graph<'_> {
    /// The modules `origin` imports, directly or through others (not `origin` itself), breadth first
    /// within the bounds.
    fn reachable(&mut self, origin: &str) -> Vec<String> {
        let mut seen: BTreeSet<String> = BTreeSet::from([origin.to_string()]);
        let mut queue: VecDeque<(String, usize)> = VecDeque::from([(origin.to_string(), 0)]);
        let mut reached = Vec::new();
        while let Some((module, depth)) = queue.pop_front() {
            if depth >= MAX_DEPTH {
                continue;
            }
            for next in self.imports_of(&module) {
                if seen.insert(next.clone()) {
                    reached.push(next.clone());
                    queue.push_back((next, depth + 1));
                }
            }
        }
        reached
    }

    fn imports_of(&mut self, module: &str) -> Vec<String> {
        if let Some(known) = self.links.get(module) {
            return known.clone();
        }
        if self.links.len() >= MAX_MODULES {
            return Vec::new();
        }
        let found = self.read_imports(module).unwrap_or_default();
        self.links.insert(module.to_string(), found.clone());
        found
    }

    fn read_imports(&self, module: &str) -> Option<Vec<String>> {
        let entry = self.by_path.get(module)?;
        let bytes = entry.read(self.max_file_size).ok()?;
        let decoded = decode_text(&bytes).ok()?;
        let text = decoded.text.as_str();
        let language = language_of(classify_file(module, text), module);
        let (_, links) = module_import_time(text, language, module, &[], &[])?;
        Some(
            links
                .modules
                .iter()
                .filter_map(|spec| resolve(module, spec, |p| self.by_path.contains_key(p)))
                .collect(),
        )
    }
}
