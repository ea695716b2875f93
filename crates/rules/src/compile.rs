//! Turning rule packs into ready-to-run rules, with every mistake in a pack reported at once.

use crate::combined::CombinedQueries;
use crate::embedded::{EmbeddedPack, EMBEDDED_EXAMPLES, EMBEDDED_PACKS};
use crate::grammar::Grammar;
use crate::lazy::{LazyGlobs, LazyQuery, LazyRegex};
use crate::literals::Requirement;
use crate::prefilter::Prefilter;
use crate::rule::{CompiledRule, Matcher};
use crate::rule_set::{DetectorSet, RuleSet};
use crate::spec::{Example, PackageExample, RulePack, RuleSpec, DEFAULT_CONTEXTS};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt;
use std::path::Path;

/// Everything wrong with a set of packs, one line per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub problems: Vec<String>,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid rules:\n  {}", self.problems.join("\n  "))
    }
}

impl std::error::Error for RuleError {}

/// The embedded packs, read (built by the code `build.rs` generated from them, or parsed from their JSON
/// or YAML when they did not read, so the error is reported).
fn embedded_parsed() -> Vec<(String, Result<RulePack, String>)> {
    EMBEDDED_PACKS
        .iter()
        .map(|(name, pack)| {
            let parsed = match pack {
                EmbeddedPack::Built(build) => Ok(build()),
                EmbeddedPack::Json(text) => {
                    serde_json::from_str::<RulePack>(text).map_err(|e| e.to_string())
                }
                EmbeddedPack::Yaml(text) => {
                    serde_yaml::from_str::<RulePack>(text).map_err(|e| e.to_string())
                }
            };
            (name.to_string(), parsed)
        })
        .collect()
}

/// One embedded rule's examples, as `build.rs` took them out of its pack.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleExamples {
    id: String,
    #[serde(default)]
    examples: Vec<Example>,
    #[serde(default)]
    package_examples: Vec<PackageExample>,
}

impl RuleSet {
    /// The rule packs built into the binary, with the native detectors of `detectors`. The rules come
    /// without their examples (a scan never reads them); [`RuleSet::with_embedded_examples`] adds them.
    pub fn embedded(detectors: &'static dyn DetectorSet) -> Result<RuleSet, RuleError> {
        RuleSet::from_parsed(embedded_parsed(), detectors)
    }

    /// Gives every rule of an embedded pack its `examples` and `package_examples`, for the rule
    /// documentation and the tests that run them. Rules from a user's packs keep their own.
    pub fn with_embedded_examples(mut self) -> Result<RuleSet, RuleError> {
        let mut problems = Vec::new();
        for (pack, text) in EMBEDDED_EXAMPLES {
            let entries = match serde_json::from_str::<Vec<RuleExamples>>(text) {
                Ok(entries) => entries,
                Err(e) => {
                    problems.push(format!("{pack}: {e}"));
                    continue;
                }
            };
            for entry in entries {
                let rule = self
                    .rules
                    .iter_mut()
                    .find(|rule| rule.pack == *pack && rule.spec.id == entry.id);
                match rule {
                    Some(rule) => {
                        rule.spec.examples = entry.examples;
                        rule.spec.package_examples = entry.package_examples;
                    }
                    None => problems.push(format!("{pack}: no rule {} for its examples", entry.id)),
                }
            }
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(RuleError { problems })
        }
    }

    /// Compiles `(pack name, YAML text)` pairs. Ids and names must be unique across all packs.
    pub fn from_packs(
        packs: impl IntoIterator<Item = (String, String)>,
        detectors: &'static dyn DetectorSet,
    ) -> Result<RuleSet, RuleError> {
        RuleSet::from_parsed(
            packs.into_iter().map(|(pack, text)| {
                let parsed = serde_yaml::from_str::<RulePack>(&text).map_err(|e| e.to_string());
                (pack, parsed)
            }),
            detectors,
        )
    }

    fn from_parsed(
        packs: impl IntoIterator<Item = (String, Result<RulePack, String>)>,
        detectors: &'static dyn DetectorSet,
    ) -> Result<RuleSet, RuleError> {
        crate::gated_regex::use_gate_formulas(detectors.gate_formulas());
        let mut problems = Vec::new();
        let mut rules = Vec::new();
        // Each pack compiles on its own core; the rules keep the packs' order.
        let packs: Vec<(String, Result<RulePack, String>)> = packs.into_iter().collect();
        let compiled: Vec<Vec<Result<CompiledRule, Vec<String>>>> = packs
            .into_par_iter()
            .map(|(pack, parsed)| match parsed {
                Ok(parsed) => parsed
                    .rules
                    .into_iter()
                    .map(|spec| compile_rule(spec, &pack, detectors))
                    .collect(),
                Err(e) => vec![Err(vec![format!("{pack}: {e}")])],
            })
            .collect();
        for result in compiled.into_iter().flatten() {
            match result {
                Ok(rule) => rules.push(rule),
                Err(mut errors) => problems.append(&mut errors),
            }
        }
        let mut ids = HashSet::with_capacity(rules.len());
        let mut names = HashSet::with_capacity(rules.len());
        for rule in &rules {
            if !ids.insert(rule.spec.id.clone()) {
                problems.push(format!(
                    "{}: rule id {} is used twice",
                    rule.pack, rule.spec.id
                ));
            }
            if !names.insert(rule.spec.name.clone()) {
                problems.push(format!(
                    "{}: rule name {} is used twice",
                    rule.pack, rule.spec.name
                ));
            }
        }
        if problems.is_empty() {
            let literals: Vec<Option<Requirement>> =
                rules.iter().map(|r| r.matcher.literals()).collect();
            let prefilter = Prefilter::build(&literals);
            Ok(RuleSet {
                rules,
                detectors,
                prefilter,
                combined: CombinedQueries::default(),
            })
        } else {
            Err(RuleError { problems })
        }
    }

    /// The embedded packs plus every `*.yaml`/`*.yml` file in `dir`.
    pub fn embedded_with_dir(
        dir: &Path,
        detectors: &'static dyn DetectorSet,
    ) -> Result<RuleSet, RuleError> {
        RuleSet::embedded_with_dirs(&[dir], detectors)
    }

    /// The embedded packs plus every `*.yaml`/`*.yml` file in each of `dirs`, in order.
    pub fn embedded_with_dirs<P: AsRef<Path>>(
        dirs: &[P],
        detectors: &'static dyn DetectorSet,
    ) -> Result<RuleSet, RuleError> {
        let mut packs = embedded_parsed();
        for dir in dirs {
            let dir = dir.as_ref();
            let entries = std::fs::read_dir(dir).map_err(|e| RuleError {
                problems: vec![format!("cannot read rules folder {}: {e}", dir.display())],
            })?;
            let mut paths: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension()
                        .is_some_and(|ext| ext == "yaml" || ext == "yml")
                })
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).map_err(|e| RuleError {
                    problems: vec![format!("cannot read rule pack {}: {e}", path.display())],
                })?;
                let parsed = serde_yaml::from_str::<RulePack>(&text).map_err(|e| e.to_string());
                packs.push((path.display().to_string(), parsed));
            }
        }
        let set = RuleSet::from_parsed(packs, detectors)?;
        // A user's pack is checked whole before the scan starts, not file by file as it is used.
        set.compile_all()?;
        Ok(set)
    }

    /// Compiles every rule's patterns now (they otherwise compile on first use), reporting every failure.
    pub fn compile_all(&self) -> Result<(), RuleError> {
        let problems: Vec<String> = self
            .rules
            .iter()
            .filter_map(|rule| {
                rule.matcher
                    .force()
                    .err()
                    .map(|e| format!("{}: rule {}: {e}", rule.pack, rule.spec.id))
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(RuleError { problems })
        }
    }
}

fn compile_rule(
    spec: RuleSpec,
    pack: &str,
    detectors: &dyn DetectorSet,
) -> Result<CompiledRule, Vec<String>> {
    let mut problems = Vec::new();
    let at = At { pack, id: &spec.id };
    check_fields(&spec, &at, &mut problems);
    let matcher = compile_matcher(&spec, &at, detectors, &mut problems);
    let path_globs = spec.paths.as_ref().and_then(|globs| {
        LazyGlobs::new(globs)
            .map_err(|e| problems.push(format!("{at}: {e}")))
            .ok()
    });
    match matcher {
        Some(matcher) if problems.is_empty() => Ok(CompiledRule {
            contexts: spec
                .contexts
                .clone()
                .unwrap_or_else(|| DEFAULT_CONTEXTS.to_vec()),
            spec,
            matcher,
            path_globs,
            pack: pack.to_string(),
        }),
        _ => Err(problems),
    }
}

/// Where a problem is, "PACK: rule ID", written out only when there is one: formatting it for every rule
/// cost start-up more than checking the rule.
struct At<'a> {
    pack: &'a str,
    id: &'a str,
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: rule {}", self.pack, self.id)
    }
}

fn check_fields(spec: &RuleSpec, at: &At, problems: &mut Vec<String>) {
    let id_ok = spec.id.len() >= 4
        && spec
            .id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && spec
            .id
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase());
    if !id_ok {
        problems.push(format!(
            "{at}: id must be upper-case letters then digits, like RCE001"
        ));
    }
    if spec.name.is_empty()
        || !spec
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        problems.push(format!("{at}: name must be kebab-case"));
    }
    if spec.title.trim().is_empty() || spec.title.contains('\n') {
        problems.push(format!("{at}: title must be one non-empty line"));
    }
    if spec.description.trim().len() < 40 {
        problems.push(format!(
            "{at}: description must say why the rule matters and how to fix it"
        ));
    }
    if spec.mitre.is_empty() {
        problems.push(format!(
            "{at}: needs at least one MITRE ATT&CK technique id"
        ));
    }
    for technique in &spec.mitre {
        if !is_technique_id(technique) {
            problems.push(format!(
                "{at}: {technique:?} is not a MITRE ATT&CK technique id like T1059.004"
            ));
        }
    }
}

fn is_technique_id(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('T') else {
        return false;
    };
    let (main, sub) = rest
        .split_once('.')
        .map_or((rest, None), |(m, s)| (m, Some(s)));
    main.len() == 4
        && main.chars().all(|c| c.is_ascii_digit())
        && sub.is_none_or(|s| s.len() == 3 && s.chars().all(|c| c.is_ascii_digit()))
}

fn compile_matcher(
    spec: &RuleSpec,
    at: &At,
    detectors: &dyn DetectorSet,
    problems: &mut Vec<String>,
) -> Option<Matcher> {
    let m = &spec.matcher;
    let kinds = [
        m.regex.is_some(),
        m.query.is_some(),
        m.json_path.is_some(),
        m.native.is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        problems.push(format!(
            "{at}: match needs exactly one of regex, query, json_path, native"
        ));
        return None;
    }
    if let Some(name) = &m.native {
        return match detectors.native(name) {
            Some(detector) => Some(Matcher::Native {
                name: name.clone(),
                detector,
            }),
            None => {
                problems.push(format!(
                    "{at}: no native detector named {name:?} (known: {})",
                    detectors.native_names().join(", ")
                ));
                None
            }
        };
    }
    let mut regex = |pattern: &str, multi_line: bool| {
        let full = if multi_line {
            format!("(?m){pattern}")
        } else {
            pattern.to_string()
        };
        LazyRegex::new(full)
            .map_err(|e| problems.push(format!("{at}: bad regex {pattern:?}: {e}")))
            .ok()
    };
    if let Some(pattern) = &m.regex {
        let pattern = regex(pattern, true);
        let not: Vec<_> = m.not.iter().filter_map(|p| regex(p, false)).collect();
        return (not.len() == m.not.len())
            .then_some(())
            .and(pattern)
            .map(|pattern| Matcher::Regex {
                pattern,
                not,
                raw: m.raw,
            });
    }
    if let Some(path) = &m.json_path {
        let key = m.key.as_deref().map(|k| regex(k, false));
        let value = m.value.as_deref().map(|v| regex(v, false));
        if path.is_empty() || path.split('.').any(str::is_empty) {
            problems.push(format!("{at}: json_path must be dotted keys or *"));
            return None;
        }
        return match (key, value) {
            (Some(None), _) | (_, Some(None)) => None,
            (key, value) => Some(Matcher::JsonPath {
                path: path.clone(),
                key: key.flatten(),
                value: value.flatten(),
            }),
        };
    }
    let source = m.query.clone().unwrap_or_default();
    let Some(language) = m.language else {
        problems.push(format!(
            "{at}: a query needs language: javascript, typescript, python or shell"
        ));
        return None;
    };
    let grammars = Grammar::for_query_language(language);
    if grammars.is_empty() {
        problems.push(format!(
            "{at}: queries run on javascript, typescript, python or shell, not {language}"
        ));
        return None;
    }
    Some(Matcher::Query {
        language,
        query: LazyQuery::new(source, m.capture.clone(), grammars),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedded::{precomputed, CHECKED_REGEXES, QUERY_LITERALS};
    use crate::literals::{query_literals, regex_literals};
    use crate::rule::owned;
    use crate::rule_set::testing::AnyName;
    use crate::rule_set::NoDetectors;

    const GOOD: &str = r#"
rules:
  - id: TST001
    name: test-rule
    title: A test rule
    category: remote_exec
    signal: malicious_behavior
    action: block
    mitre: [T1059.004]
    description: Long enough description that says why and how to fix it, really.
    match:
      regex: 'curl.*\|\s*sh'
"#;

    fn pack(text: &str) -> Vec<(String, String)> {
        vec![("test.yaml".to_string(), text.to_string())]
    }

    #[test]
    fn start_up_finds_every_embedded_pattern_already_analysed() {
        let set = RuleSet::embedded(&AnyName).unwrap_or_else(|e| panic!("{e}"));
        for rule in &set.rules {
            match &rule.matcher {
                Matcher::Regex { pattern, not, .. } => {
                    let known = precomputed(CHECKED_REGEXES, &pattern.source);
                    assert_eq!(
                        known.map(|k| k.map(owned)),
                        Some(regex_literals(&pattern.source)),
                        "{}",
                        rule.spec.id
                    );
                    for n in not {
                        assert!(precomputed(CHECKED_REGEXES, &n.source).is_some());
                    }
                }
                Matcher::Query { query, .. } => {
                    let known = precomputed(QUERY_LITERALS, &query.source);
                    assert_eq!(
                        known.map(|k| k.map(owned)),
                        Some(query_literals(&query.source)),
                        "{}",
                        rule.spec.id
                    );
                    // The query's parts, which a file's literals pick from, are in the table too.
                    for index in 0..query.part_count() {
                        let part = query.part_source(index);
                        let known = precomputed(QUERY_LITERALS, part);
                        assert_eq!(
                            known.map(|k| k.map(owned)),
                            Some(query_literals(part)),
                            "{} part {index}",
                            rule.spec.id
                        );
                    }
                }
                Matcher::JsonPath { .. } | Matcher::Native { .. } => {}
            }
        }
    }

    #[test]
    fn embedded_packs_compile() {
        let set = RuleSet::embedded(&AnyName).unwrap_or_else(|e| panic!("{e}"));
        assert!(!set.rules.is_empty());
        set.compile_all().unwrap_or_else(|e| panic!("{e}"));
    }

    /// The packs embedded without examples plus the examples table are the packs as written.
    #[test]
    fn embedded_examples_rejoin_their_rules() {
        let lean = RuleSet::embedded(&AnyName).unwrap_or_else(|e| panic!("{e}"));
        assert!(lean
            .rules
            .iter()
            .all(|r| r.spec.examples.is_empty() && r.spec.package_examples.is_empty()));
        let full = lean
            .with_embedded_examples()
            .unwrap_or_else(|e| panic!("{e}"));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
        let written = RuleSet::from_packs(
            EMBEDDED_PACKS.iter().map(|(name, _)| {
                let text = std::fs::read_to_string(dir.join(name)).unwrap();
                (name.to_string(), text)
            }),
            &AnyName,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(full.rules.len(), written.rules.len());
        for (joined, as_written) in full.rules.iter().zip(&written.rules) {
            assert_eq!(
                format!("{:?}", joined.spec),
                format!("{:?}", as_written.spec)
            );
        }
        assert!(full.rules.iter().any(|r| !r.spec.examples.is_empty()));
        assert!(full
            .rules
            .iter()
            .any(|r| !r.spec.package_examples.is_empty()));
    }

    #[test]
    fn a_good_rule_compiles() {
        let set = RuleSet::from_packs(pack(GOOD), &NoDetectors).unwrap();
        assert_eq!(set.rules[0].contexts, DEFAULT_CONTEXTS);
        assert!(set.get("TST001").is_some());
    }

    #[test]
    fn every_problem_is_reported() {
        let bad = GOOD
            .replace("TST001", "tst")
            .replace("T1059.004", "T59")
            .replace("'curl.*\\|\\s*sh'", "'(unclosed'");
        let err = RuleSet::from_packs(pack(&bad), &NoDetectors).unwrap_err();
        assert_eq!(err.problems.len(), 3, "{err}");
    }

    #[test]
    fn unknown_keys_and_duplicate_ids_are_errors() {
        let typo = GOOD
            .replace("    contexts", "")
            .replace("    action: block", "    action: block\n    scope: [x]");
        assert!(RuleSet::from_packs(pack(&typo), &NoDetectors).is_err());
        let twice = vec![
            ("a.yaml".into(), GOOD.into()),
            ("b.yaml".into(), GOOD.into()),
        ];
        let err = RuleSet::from_packs(twice, &NoDetectors).unwrap_err();
        assert!(err.problems.iter().any(|p| p.contains("used twice")));
    }

    #[test]
    fn queries_compile_per_grammar() {
        let query = GOOD.replace(
            "      regex: 'curl.*\\|\\s*sh'",
            "      query: '(call_expression function: (identifier) @f (#eq? @f \"eval\")) @hit'\n      language: javascript",
        );
        let set = RuleSet::from_packs(pack(&query), &NoDetectors).unwrap_or_else(|e| panic!("{e}"));
        let Matcher::Query { query: lazy, .. } = &set.rules[0].matcher else {
            panic!("not a query")
        };
        let javascript = lazy
            .query_for(Grammar::Javascript, Some("eval(x)"))
            .unwrap();
        assert_eq!(
            javascript.get().map(|(_, capture)| capture),
            Some(1),
            "reports @hit, not @f"
        );
        assert!(lazy
            .query_for(Grammar::Typescript, Some("eval(x)"))
            .unwrap()
            .get()
            .is_some());
        set.compile_all().unwrap();
        let broken = query.replace("call_expression", "no_such_node");
        let set = RuleSet::from_packs(pack(&broken), &NoDetectors).unwrap();
        assert!(
            set.compile_all().is_err(),
            "a bad query is caught when packs are compiled whole"
        );
    }
}
