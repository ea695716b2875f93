#![allow(clippy::unwrap_used)]
//! No import loop inside the engine crate (`crates/rules`) or the detectors crate (`crates/detectors`): the
//! top-level modules of each, linked by the `crate::MODULE` paths their non-test code names, form no cycle.
//! (The engine cannot import a detector at all: `skill-scan-rules` does not depend on the detectors crate.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The code of a file without its comments and its test module.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules a piece of code names: `crate::x::…`, and each `x` of `use crate::{x, y::z}`.
fn named_modules(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect()
    };
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The group's top-level items only (`{a::{b, c}, d}` names `a` and `d`).
            let mut depth = 0;
            let mut item_start = true;
            for (n, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && !c.is_whitespace() => {
                        item_start = false;
                        let name = ident(&group[n..]);
                        if !name.is_empty() {
                            found.insert(name);
                        }
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// Each top-level module of the crate at `src` and the top-level modules it names.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = top.trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let named = named_modules(&code(&std::fs::read_to_string(&file).unwrap()));
        graph
            .entry(top.clone())
            .or_default()
            .extend(named.into_iter().filter(|m| *m != top));
    }
    graph
}

/// A cycle through `from`, if there is one (depth-first, modules in a stable order).
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(path.last().unwrap()).into_iter().flatten() {
            if next == from {
                return true;
            }
            if graph.contains_key(next) && seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, from, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![from.to_string()];
    walk(graph, from, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn the_engine_and_the_detectors_have_no_import_loop() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut loops = Vec::new();
    for name in ["rules", "detectors"] {
        let graph = module_graph(&crates.join(name).join("src"));
        assert!(graph.len() > 5, "{name}: {graph:?}");
        for module in graph.keys() {
            if let Some(path) = cycle(&graph, module) {
                loops.push(format!("crates/{name}: {} -> {module}", path.join(" -> ")));
            }
        }
    }
    assert!(loops.is_empty(), "{}", loops.join("\n"));
}

#[test]
fn a_loop_is_found() {
    let graph = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["c".to_string()])),
        ("c".to_string(), BTreeSet::from(["a".to_string()])),
        ("d".to_string(), BTreeSet::from(["a".to_string()])),
    ]);
    assert_eq!(cycle(&graph, "a").unwrap(), ["a", "b", "c"]);
    assert!(cycle(&graph, "d").is_none());
    assert_eq!(
        named_modules("use crate::{segment::{Segment, Hit}, scan};\nlet x = crate::taint::run();"),
        BTreeSet::from(["scan".into(), "segment".into(), "taint".into()])
    );
}
