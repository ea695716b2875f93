//! `docs/rules.md` is generated from the rule packs and `rules/verdict/compounds.yaml`; this test fails when it is stale.
//! Regenerate with: UPDATE_RULES_DOC=1 cargo test -p skill-scan --test rules_doc

use skill_scan::rules_doc::{rules_markdown, RULES_DOC_PATH};
use skill_scan::RuleSet;
use std::path::Path;

#[test]
fn docs_rules_md_matches_the_rule_packs() {
    let rules = RuleSet::embedded(&skill_scan::DETECTORS)
        .and_then(RuleSet::with_embedded_examples)
        .expect("embedded rules compile");
    let expected = rules_markdown(&rules).expect("the verdict rules' documentation parses");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(RULES_DOC_PATH);
    if std::env::var_os("UPDATE_RULES_DOC").is_some() {
        std::fs::write(&path, &expected).expect("write docs/rules.md");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{RULES_DOC_PATH} is stale (the rules changed). Regenerate it with:\n\n    \
         UPDATE_RULES_DOC=1 cargo test -p skill-scan --test rules_doc\n"
    );
}
