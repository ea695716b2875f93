//! Embeds every rule pack under the workspace's `rules/` folder into the binary, so a scan needs no files
//! besides the one it scans, and works out ahead of time what start-up would otherwise compute on every
//! run: which regexes parse, and the literals the prefilter needs from each regex and query.
// A build script reports a broken rule pack by failing the build with the message: `expect` is its error path.
#![allow(clippy::expect_used)]

#[path = "src/branches.rs"]
#[allow(dead_code)]
mod branches;
#[path = "src/literals.rs"]
#[allow(dead_code)]
mod literals;
#[path = "src/package_example.rs"]
#[allow(dead_code)]
mod package_example;
#[path = "src/required_literals.rs"]
#[allow(dead_code)]
mod required_literals;
#[path = "src/spec.rs"]
#[allow(dead_code)]
mod spec;

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
    // A pack that parses is embedded as Rust code that builds its rules: parsing the packs' JSON was half
    // of a small skill's start-up. The code is generated from the rules as the JSON parser reads them (the
    // YAML turned into JSON, then read into `RulePack`), so the rules are the same. A pack that does not
    // read is embedded as JSON (or as written, when its YAML does not parse), so the run reports its error.
    // The rules' examples are a third of the packs and only the rule documentation and the tests read
    // them, so they go into a table of their own, parsed only when asked for.
    let mut out = String::from(
        "/// `(file name, pack)` of every embedded rule pack, without the rules' examples (see\n/// `EMBEDDED_EXAMPLES`).\npub(crate) static EMBEDDED_PACKS: &[(&str, EmbeddedPack)] = &[\n",
    );
    let mut builders = String::new();
    let mut examples = String::from(
        "/// `(file name, JSON list of {id, examples, package_examples})` of every embedded pack that parsed.\npub static EMBEDDED_EXAMPLES: &[(&str, &str)] = &[\n",
    );
    for (index, path) in packs.iter().enumerate() {
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
                match serde_json::from_str::<spec::RulePack>(&lean) {
                    Ok(pack) => {
                        writeln!(out, "    ({name:?}, EmbeddedPack::Built(pack_{index})),")
                            .expect("write to string");
                        write_pack_builder(&mut builders, index, &pack);
                    }
                    Err(_) => writeln!(out, "    ({name:?}, EmbeddedPack::Json({lean:?})),")
                        .expect("write to string"),
                }
                writeln!(examples, "    ({name:?}, {rule_examples:?}),").expect("write to string");
            }
            None => writeln!(out, "    ({name:?}, EmbeddedPack::Yaml({text:?})),")
                .expect("write to string"),
        }
    }
    out.push_str("];\n");
    examples.push_str("];\n");
    out.push_str(&builders);
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
    let mut split: BTreeMap<String, Branches> = BTreeMap::new();
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
                    if let Some((flags, unicode, parts)) = branches::split(&source) {
                        let parts = parts
                            .into_iter()
                            .map(|(text, need)| (text.to_string(), need))
                            .collect();
                        split.insert(source.clone(), (flags.to_string(), unicode, parts));
                    }
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
    writeln!(
        out,
        "/// Rule regex sources split at their top-level alternation (`branches`): leading flags, whether it needs Unicode mode, then each branch with the literals it needs. Sorted by source.\npub static REGEX_BRANCHES: &[(&str, &str, bool, &[Branch])] = &["
    )
    .expect("write to string");
    for (source, (flags, unicode, parts)) in &split {
        let parts: Vec<String> = parts
            .iter()
            .map(|(text, need)| match need {
                Some(need) => {
                    let mut nodes = Vec::new();
                    need.flat_source(&mut nodes);
                    format!("({text:?}, Some(&[{}]))", nodes.join(", "))
                }
                None => format!("({text:?}, None)"),
            })
            .collect();
        writeln!(
            out,
            "    ({source:?}, {flags:?}, {unicode}, &[{}]),",
            parts.join(", ")
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    out
}

/// A split pattern's leading flags, whether it needs Unicode mode, and its branches with what each needs.
type Branches = (String, bool, Vec<(String, Option<required_literals::Need>)>);

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

/// Writes `fn pack_{index}() -> RulePack`, which builds `pack`'s rules. Every field is named, so a field
/// added to `RuleSpec` or `MatchSpec` fails this build until it is written out here too.
fn write_pack_builder(out: &mut String, index: usize, pack: &spec::RulePack) {
    writeln!(
        out,
        "fn pack_{index}() -> RulePack {{\n    RulePack {{ rules: vec!["
    )
    .expect("write to string");
    for rule in &pack.rules {
        let spec::RuleSpec {
            id,
            name,
            title,
            category,
            signal,
            action,
            capabilities,
            mitre,
            description,
            matcher,
            languages,
            file_kinds,
            scopes,
            paths,
            contexts,
            examples,
            package_examples,
        } = rule;
        // `take_examples` moved them to their own table.
        assert!(examples.is_empty() && package_examples.is_empty());
        let spec::MatchSpec {
            regex,
            not,
            raw,
            query,
            language,
            capture,
            json_path,
            key,
            value,
            native,
        } = matcher;
        writeln!(
            out,
            "        RuleSpec {{ id: s({id:?}), name: s({name:?}), title: s({title:?}), \
             category: ThreatCategory::{category:?}, signal: SignalClass::{signal:?}, \
             action: RecommendedAction::{action:?}, capabilities: {}, mitre: {}, description: s({description:?}), \
             matcher: MatchSpec {{ regex: {}, not: {}, raw: {raw}, query: {}, language: {}, capture: {}, \
             json_path: {}, key: {}, value: {}, native: {} }}, languages: {}, file_kinds: {}, scopes: {}, \
             paths: {}, contexts: {}, examples: Vec::new(), package_examples: Vec::new() }},",
            enums("Capability", capabilities),
            strings(mitre),
            string(regex),
            strings(not),
            string(query),
            language.map_or("None".into(), |l| format!("Some(Language::{l:?})")),
            string(capture),
            string(json_path),
            string(key),
            string(value),
            string(native),
            languages.as_ref().map_or("None".into(), |l| format!("Some({})", enums("Language", l))),
            file_kinds.as_ref().map_or("None".into(), |k| format!("Some({})", enums("FileKind", k))),
            scopes.as_ref().map_or("None".into(), |k| format!("Some({})", enums("ArtifactScope", k))),
            paths.as_ref().map_or("None".into(), |p| format!("Some({})", strings(p))),
            contexts.as_ref().map_or("None".into(), |c| format!("Some({})", enums("Context", c))),
        )
        .expect("write to string");
    }
    out.push_str("    ] }\n}\n");
}

/// `vec![Kind::A, Kind::B]` for a list of unit variants (their `Debug` form is the variant's name).
fn enums<T: std::fmt::Debug>(kind: &str, values: &[T]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{kind}::{v:?}")).collect();
    format!("vec![{}]", items.join(", "))
}

fn strings(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("s({v:?})")).collect();
    format!("vec![{}]", items.join(", "))
}

fn string(value: &Option<String>) -> String {
    value
        .as_ref()
        .map_or("None".into(), |v| format!("Some(s({v:?}))"))
}
