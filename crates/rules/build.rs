//! Embeds every rule pack under the workspace's `rules/` folder into the binary, so a scan needs no files
//! besides the one it scans, and works out ahead of time what start-up would otherwise compute on every
//! run: which regexes parse, and the literals the prefilter needs from each regex and query.
// A build script reports a broken rule pack by failing the build with the message: `expect` is its error path.
#![allow(clippy::expect_used)]

#[path = "src/literals.rs"]
#[allow(dead_code)]
mod literals;
#[path = "src/required_literals.rs"]
#[allow(dead_code)]
mod required_literals;

use serde::Deserialize;
use std::collections::BTreeMap;

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let rules_dir = Path::new(&manifest_dir).join("../../rules");
    println!("cargo:rerun-if-changed={}", rules_dir.display());
    let mut packs: Vec<_> = fs::read_dir(&rules_dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.extension()
                        .is_some_and(|ext| ext == "yaml" || ext == "yml")
                })
                .collect()
        })
        .unwrap_or_default();
    packs.sort();
    // Packs are embedded as JSON: the same data, but parsing it at start-up costs a fifth of parsing the
    // YAML. A pack whose YAML does not parse is embedded as written, so the run reports its error.
    // The rules' examples are a third of the packs and only the rule documentation and the tests read
    // them, so they go into a table of their own, parsed only when asked for.
    let mut out = String::from(
        "/// `(file name, text, whether the text is JSON rather than YAML)` of every embedded rule pack, without\n/// the rules' examples (see `EMBEDDED_EXAMPLES`).\npub static EMBEDDED_PACKS: &[(&str, &str, bool)] = &[\n",
    );
    let mut examples = String::from(
        "/// `(file name, JSON list of {id, examples, package_examples})` of every embedded pack that parsed.\npub static EMBEDDED_EXAMPLES: &[(&str, &str)] = &[\n",
    );
    for path in &packs {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().expect("pack has a name").to_string_lossy();
        let text = fs::read_to_string(path).expect("pack is readable");
        let split = serde_yaml::from_str::<serde_yaml::Value>(&text)
            .ok()
            .map(|mut value| {
                let examples = take_examples(&mut value);
                (value, examples)
            })
            .and_then(|(lean, examples)| {
                Some((
                    serde_json::to_string(&lean).ok()?,
                    serde_json::to_string(&examples).ok()?,
                ))
            });
        match split {
            Some((lean, rule_examples)) => {
                writeln!(out, "    ({name:?}, {lean:?}, true),").expect("write to string");
                writeln!(examples, "    ({name:?}, {rule_examples:?}),").expect("write to string");
            }
            None => writeln!(out, "    ({name:?}, {text:?}, false),").expect("write to string"),
        }
    }
    out.push_str("];\n");
    examples.push_str("];\n");
    out.push_str(&examples);
    out.push_str(&precomputed(&packs));
    let out_path =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_rules.rs");
    fs::write(out_path, out).expect("write embedded_rules.rs");
}

/// Takes `examples` and `package_examples` out of every rule of `pack`, and returns them as a list of
/// `{id, examples, package_examples}`, one entry per rule that had any. A pack of an unexpected shape is
/// left as it is (the rule compiler reports it).
fn take_examples(pack: &mut serde_yaml::Value) -> serde_yaml::Value {
    let mut taken = Vec::new();
    let rules = pack
        .get_mut("rules")
        .and_then(serde_yaml::Value::as_sequence_mut);
    for rule in rules.into_iter().flatten() {
        let Some(rule) = rule.as_mapping_mut() else {
            continue;
        };
        let Some(id) = rule.get("id").cloned() else {
            continue;
        };
        let mut entry = serde_yaml::Mapping::new();
        for key in ["examples", "package_examples"] {
            if let Some(value) = rule.remove(key) {
                entry.insert(key.into(), value);
            }
        }
        if !entry.is_empty() {
            entry.insert("id".into(), id);
            taken.push(serde_yaml::Value::Mapping(entry));
        }
    }
    serde_yaml::Value::Sequence(taken)
}

/// Only the parts of a rule that start-up analyses; everything else is checked at run time.
#[derive(Deserialize)]
struct LoosePack {
    rules: Vec<LooseRule>,
}

#[derive(Deserialize)]
struct LooseRule {
    #[serde(rename = "match")]
    matcher: LooseMatch,
}

#[derive(Deserialize)]
struct LooseMatch {
    regex: Option<String>,
    #[serde(default)]
    not: Vec<String>,
    key: Option<String>,
    value: Option<String>,
    query: Option<String>,
}

/// Tables keyed by pattern source exactly as the rule compiler builds it (`(?m)` before a rule's main
/// regex). A pattern missing from them is simply analysed at run time, so a stale or partial table can
/// cost time but never change a result.
fn precomputed(packs: &[std::path::PathBuf]) -> String {
    let mut regexes: BTreeMap<String, Option<literals::Requirement>> = BTreeMap::new();
    let mut queries: BTreeMap<String, Option<literals::Requirement>> = BTreeMap::new();
    let mut needs: BTreeMap<String, Option<required_literals::Need>> = BTreeMap::new();
    for path in packs {
        let text = fs::read_to_string(path).expect("pack is readable");
        // A pack that does not parse is reported, with its line, by the rule compiler at run time.
        let Ok(pack) = serde_yaml::from_str::<LoosePack>(&text) else {
            continue;
        };
        for rule in pack.rules {
            let m = rule.matcher;
            if let Some(pattern) = m.regex {
                let source = format!("(?m){pattern}");
                if parses(&source) {
                    let found = literals::regex_literals(&source);
                    needs.insert(source.clone(), required_literals::Need::of(&source));
                    regexes.insert(source, found);
                }
            }
            for source in m.not.into_iter().chain(m.key).chain(m.value) {
                if parses(&source) {
                    regexes.entry(source).or_insert(None);
                }
            }
            if let Some(query) = m.query {
                // Each top-level pattern too: a query is built from only the patterns whose literals a
                // text holds, and working those out at run time cost a skill's scan a tenth.
                for part in literals::top_level_patterns(&query) {
                    if !queries.contains_key(part) {
                        queries.insert(part.to_string(), literals::query_literals(part));
                    }
                }
                let found = literals::query_literals(&query);
                queries.insert(query, found);
            }
        }
    }
    let mut out = String::new();
    table(
        &mut out,
        "CHECKED_REGEXES",
        "Regex sources that parse, with the literal sets a match needs.",
        &regexes,
    );
    table(
        &mut out,
        "QUERY_LITERALS",
        "Tree-sitter query sources with the literal sets their predicates need.",
        &queries,
    );
    writeln!(
        out,
        "/// Rule regex sources with the literals every match needs (`required_literals`), pre-order. Sorted by source.\npub static REGEX_NEEDS: &[(&str, Option<&[Flat]>)] = &["
    )
    .expect("write to string");
    for (source, need) in &needs {
        match need {
            Some(need) => {
                let mut nodes = Vec::new();
                need.flat_source(&mut nodes);
                writeln!(out, "    ({source:?}, Some(&[{}])),", nodes.join(", "))
            }
            None => writeln!(out, "    ({source:?}, None),"),
        }
        .expect("write to string");
    }
    out.push_str("];\n");
    out
}

fn parses(source: &str) -> bool {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .is_ok()
}

fn table(
    out: &mut String,
    name: &str,
    doc: &str,
    rows: &BTreeMap<String, Option<literals::Requirement>>,
) {
    writeln!(out, "/// {doc} Sorted by source.").expect("write to string");
    writeln!(out, "pub static {name}: &[(&str, Option<&[&[&str]]>)] = &[")
        .expect("write to string");
    for (source, found) in rows {
        match found {
            Some(sets) => {
                let sets: Vec<String> = sets.iter().map(|set| format!("&{set:?}")).collect();
                writeln!(out, "    ({source:?}, Some(&[{}])),", sets.join(", "))
            }
            None => writeln!(out, "    ({source:?}, None),"),
        }
        .expect("write to string");
    }
    out.push_str("];\n");
}
