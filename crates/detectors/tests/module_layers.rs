#![allow(clippy::unwrap_used, clippy::expect_used)]
//! No import loop inside the engine (`crates/rules`) or this crate: the modules of each form layers, each
//! importing only modules below it. A module's imports are the `crate::a::…` and `super::…` paths in its
//! code (tests left out); a parent declaring its children is not an import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src` by its module path (`native/taint/mod.rs` is `native::taint`).
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut found = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                    parts.pop();
                }
                found.insert(parts, path);
            }
        }
    }
    found
}

/// The code of a file without comments and without its `mod tests`.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths `text` names after `prefix` (`crate::` or a run of `super::`).
fn paths_after<'t>(text: &'t str, prefix: &str) -> Vec<(usize, &'t str)> {
    let mut found = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(at) = rest.find(prefix) {
        let before = text[..offset + at].chars().next_back();
        let start = at + prefix.len();
        let mut ups = 1;
        let mut tail = &rest[start..];
        while prefix == "super::" && tail.starts_with("super::") {
            ups += 1;
            tail = &tail["super::".len()..];
        }
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(tail.len());
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            found.push((ups, &tail[..len]));
        }
        let consumed = rest.len() - tail.len() + len;
        offset += consumed;
        rest = &rest[consumed..];
    }
    found
}

/// Which modules each module imports, at full depth.
fn imports(src: &Path) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = modules(src);
    let known: BTreeSet<&Vec<String>> = files.keys().collect();
    let mut graph = BTreeMap::new();
    for (module, path) in &files {
        let text = code(&std::fs::read_to_string(path).unwrap());
        let mut targets = BTreeSet::new();
        let mut add = |base: Vec<String>, path: &str| {
            let mut target = base;
            target.extend(path.split("::").filter(|s| !s.is_empty()).map(String::from));
            // The longest prefix that is a module of this crate.
            while !target.is_empty() && !known.contains(&target) {
                target.pop();
            }
            if !target.is_empty() && &target != module && !module.starts_with(&target) {
                targets.insert(target);
            }
        };
        for (_, path) in paths_after(&text, "crate::") {
            add(Vec::new(), path);
        }
        for (ups, path) in paths_after(&text, "super::") {
            let keep = module.len().saturating_sub(ups);
            add(module[..keep].to_vec(), path);
        }
        graph.insert(module.clone(), targets);
    }
    graph
}

/// A cycle in `graph`, if there is one.
fn cycle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<Vec<String>>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        marks: &mut BTreeMap<Vec<String>, Mark>,
        path: &mut Vec<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let from = path.iter().position(|n| n == node).unwrap_or(0);
                return Some(path[from..].to_vec());
            }
            None => {}
        }
        marks.insert(node.clone(), Mark::Open);
        path.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, marks, path) {
                return Some(found);
            }
        }
        path.pop();
        marks.insert(node.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut marks, &mut Vec::new()))
}

fn assert_layered(src: &Path) {
    let graph = imports(src);
    assert!(
        graph.len() > 10,
        "read {} modules of {}",
        graph.len(),
        src.display()
    );
    if let Some(found) = cycle(&graph) {
        let names: Vec<String> = found.iter().map(|m| m.join("::")).collect();
        panic!("{}: import loop {}", src.display(), names.join(" -> "));
    }
}

#[test]
fn the_engine_has_no_import_loop() {
    assert_layered(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/src"));
}

#[test]
fn the_detectors_crate_has_no_import_loop() {
    assert_layered(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
}

#[test]
fn a_loop_is_found() {
    let dir = tempdir();
    std::fs::write(dir.join("lib.rs"), "mod a;\nmod b;\n").unwrap();
    std::fs::write(dir.join("a.rs"), "use crate::b::B;\npub struct A;\n").unwrap();
    std::fs::write(dir.join("b.rs"), "use crate::a::A;\npub struct B;\n").unwrap();
    let found = cycle(&imports(&dir)).expect("a and b import each other");
    assert_eq!(found.len(), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("module-layers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
