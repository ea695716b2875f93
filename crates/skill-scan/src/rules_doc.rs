//! Rule documentation from the rule set and the verdict layer (compounds and package verdicts): the data
//! behind `skill-scan rules`, `skill-scan explain` and SARIF rule metadata, and the generator of
//! `docs/rules.md` (kept fresh by `tests/rules_doc.rs`).

use crate::RuleSet;
use skill_scan_model::escape_for_terminal;
use skill_scan_render::{render_rules_markdown, RuleDoc, RuleExample, RuleKind};
use skill_scan_verdict::{ExamplePackage, RuleDocsError, VerdictRuleDoc};
use std::collections::BTreeMap;

/// Where the generated rule reference lives, relative to the workspace root.
pub const RULES_DOC_PATH: &str = "docs/rules.md";

/// Every rule's documentation, ordered by id: the rule set's, then the compounds' and package verdicts'.
pub fn rule_docs(rules: &RuleSet) -> Result<Vec<RuleDoc>, RuleDocsError> {
    let mut docs: Vec<RuleDoc> = rules
        .rules
        .iter()
        .map(|rule| {
            let spec = &rule.spec;
            RuleDoc {
                id: spec.id.clone(),
                name: spec.name.clone(),
                title: spec.title.clone(),
                category: spec.category,
                signal: spec.signal,
                action: spec.action,
                capabilities: spec.capabilities.clone(),
                mitre: spec.mitre.clone(),
                description: spec.description.clone(),
                pack: rule.pack.clone(),
                kind: RuleKind::Pack,
                examples: spec
                    .examples
                    .iter()
                    .filter_map(|example| {
                        let (fires, text) = match (&example.fire, &example.quiet) {
                            (Some(text), _) => (true, text),
                            (None, Some(text)) => (false, text),
                            (None, None) => return None,
                        };
                        Some(RuleExample {
                            file: example.file.clone(),
                            fires,
                            text: text.clone(),
                        })
                    })
                    .chain(
                        spec.package_examples
                            .iter()
                            .map(|e| folder_example(e.files(), e.presentation(), e.fires())),
                    )
                    .collect(),
            }
        })
        .collect();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let verdict = skill_scan_verdict::verdict_rules()?;
    let compounds = verdict
        .compounds
        .iter()
        .map(|d| verdict_doc(d, RuleKind::Compound));
    let verdicts = verdict
        .verdicts
        .iter()
        .map(|d| verdict_doc(d, RuleKind::Verdict));
    docs.extend(compounds.chain(verdicts));
    Ok(docs)
}

/// A compound or verdict rule's documentation; each example package becomes one example listing its files.
fn verdict_doc(doc: &VerdictRuleDoc, kind: RuleKind) -> RuleDoc {
    RuleDoc {
        id: doc.id.clone(),
        name: doc.name.clone(),
        title: doc.title.clone(),
        category: doc.category,
        signal: doc.signal,
        action: doc.action,
        capabilities: Vec::new(),
        mitre: doc.mitre.clone(),
        description: doc.description.clone(),
        pack: skill_scan_verdict::SOURCE_PATH.into(),
        kind,
        examples: doc.examples.iter().map(package_example).collect(),
    }
}

fn package_example(example: &ExamplePackage) -> RuleExample {
    folder_example(example.files(), None, example.fires())
}

/// An example package as one example listing its files; control characters (a binary example's bytes) are
/// written as `\u{..}` escapes, so the documentation stays text.
fn folder_example(
    files: &BTreeMap<String, String>,
    presentation: Option<String>,
    fires: bool,
) -> RuleExample {
    let shown = |text: &str| -> String {
        let lines: Vec<String> = text.split('\n').map(escape_for_terminal).collect();
        lines.join("\n")
    };
    let text = files
        .iter()
        .map(|(path, text)| format!("==> {path} <==\n{}", shown(text)))
        // How the test presents the folder (an archive, a registry, a project), when not as it is.
        .chain(presentation.map(|yaml| format!("==> (presented as) <==\n{}", shown(&yaml))))
        .collect::<Vec<_>>()
        .join("\n");
    RuleExample {
        file: files.keys().cloned().collect::<Vec<_>>().join(", "),
        fires,
        text,
    }
}

/// The content of `docs/rules.md` for these rules.
pub fn rules_markdown(rules: &RuleSet) -> Result<String, RuleDocsError> {
    Ok(render_rules_markdown(&rule_docs(rules)?))
}

/// The answer to `skill-scan explain NAME`.
#[derive(Debug)]
pub enum Lookup<'a> {
    Found(&'a RuleDoc),
    /// The closest ids (with their names), best first; empty when nothing is close.
    Missing {
        suggestions: Vec<String>,
    },
}

/// Finds a rule by id, or by name, ignoring case; otherwise suggests up to three close ids or names.
pub fn find_rule<'a>(docs: &'a [RuleDoc], wanted: &str) -> Lookup<'a> {
    // SARIF names a rule's results that calibration lowered by a sub-rule id (`RCE001/log`).
    let wanted = wanted
        .trim()
        .rsplit_once('/')
        .filter(|(_, level)| matches!(*level, "log" | "review" | "block"))
        .map_or(wanted, |(rule, _)| rule);
    let wanted_lower = wanted.trim().to_ascii_lowercase();
    if let Some(doc) = docs.iter().find(|d| {
        d.id.to_ascii_lowercase() == wanted_lower || d.name.to_ascii_lowercase() == wanted_lower
    }) {
        return Lookup::Found(doc);
    }
    let mut scored: Vec<(usize, &RuleDoc)> = docs
        .iter()
        .map(|d| {
            let by_id = edit_distance(&wanted_lower, &d.id.to_ascii_lowercase());
            let by_name = edit_distance(&wanted_lower, &d.name);
            (by_id.min(by_name), d)
        })
        .filter(|(distance, _)| *distance <= (wanted_lower.chars().count() / 3).max(2))
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    Lookup::Missing {
        suggestions: scored
            .into_iter()
            .take(3)
            .map(|(_, d)| format!("{} ({})", d.id, d.name))
            .collect(),
    }
}

/// Levenshtein distance over characters (`strsim`).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_rule_is_documented_with_examples() {
        let rules = RuleSet::embedded(&skill_scan_detectors::DETECTORS)
            .and_then(RuleSet::with_embedded_examples)
            .unwrap();
        let docs = rule_docs(&rules).unwrap();
        let verdict = skill_scan_verdict::verdict_rules().unwrap();
        assert_eq!(
            docs.len(),
            rules.rules.len() + verdict.compounds.len() + verdict.verdicts.len()
        );
        let pack_docs = &docs[..rules.rules.len()];
        assert!(pack_docs.windows(2).all(|w| w[0].id < w[1].id));
        let mut ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), docs.len(), "every id is documented once");
        // Package-level native rules (package names, archives) are reported by another layer and tested
        // there; every other rule shows a firing example.
        let package_level: Vec<&str> = rules
            .rules
            .iter()
            .filter(|r| {
                matches!(
                    r.matcher,
                    skill_scan_rules::Matcher::Native {
                        detector: skill_scan_rules::NativeDetector::Package,
                        ..
                    }
                )
            })
            .map(|r| r.id())
            .collect();
        assert!(docs
            .iter()
            .filter(|d| !package_level.contains(&d.id.as_str()) && d.kind != RuleKind::Verdict)
            .all(|d| d.examples.iter().any(|e| e.fires)));
    }

    #[test]
    fn lookup_accepts_ids_and_names_in_any_case_and_suggests_near_misses() {
        let docs =
            rule_docs(&RuleSet::embedded(&skill_scan_detectors::DETECTORS).unwrap()).unwrap();
        assert!(matches!(find_rule(&docs, "rce001"), Lookup::Found(d) if d.id == "RCE001"));
        assert!(
            matches!(find_rule(&docs, "curl-piped-to-shell"), Lookup::Found(d) if d.id == "RCE001")
        );
        let Lookup::Missing { suggestions } = find_rule(&docs, "RCE0001") else {
            panic!("RCE0001 is not a rule");
        };
        assert!(suggestions[0].starts_with("RCE001 "), "{suggestions:?}");
        let Lookup::Missing { suggestions } = find_rule(&docs, "curl-pipe-to-shell") else {
            panic!("not a rule");
        };
        assert_eq!(suggestions[0], "RCE001 (curl-piped-to-shell)");
        assert!(
            matches!(find_rule(&docs, "cmp005"), Lookup::Found(d) if d.kind == RuleKind::Compound)
        );
        assert!(
            matches!(find_rule(&docs, "SSV-VERDICT-BLOCK"), Lookup::Found(d) if d.kind == RuleKind::Verdict)
        );
        let Lookup::Missing { suggestions } = find_rule(&docs, "completely-unrelated-words") else {
            panic!("not a rule");
        };
        assert!(suggestions.is_empty(), "{suggestions:?}");
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
