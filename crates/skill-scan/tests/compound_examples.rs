#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every compound detector's example packages (`rules/verdict/compounds.yaml`): each `fire` package gets the
//! compound, with the category its documentation gives, and each `quiet` package (a near miss) does not.

use skill_scan::{RuleSet, ScanOptions, Scanner};
use skill_scan_verdict::verdict_rules;

#[test]
fn every_compound_fires_on_its_fire_packages_and_stays_quiet_on_its_near_misses() {
    let scanner = Scanner::new(RuleSet::embedded(&skill_scan::DETECTORS).unwrap());
    let mut wrong = Vec::new();
    for doc in verdict_rules().unwrap().compounds {
        for (n, example) in doc.examples.iter().enumerate() {
            let dir = tempfile::tempdir().unwrap();
            for (path, text) in example.files() {
                let file = dir.path().join(path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, text).unwrap();
            }
            let report = scanner
                .scan_path(&dir.path().to_string_lossy(), &ScanOptions::default())
                .unwrap();
            let fired: Vec<_> = report
                .reasons
                .iter()
                .filter(|r| r.compound_id.as_deref() == Some(doc.id.as_str()))
                .collect();
            let kind = if example.fires() { "fire" } else { "quiet" };
            if fired.is_empty() == example.fires() {
                let got: Vec<String> = report
                    .reasons
                    .iter()
                    .map(|r| format!("{:?} {}", r.compound_id, r.rationale))
                    .collect();
                wrong.push(format!("{} {kind} example {}: {got:#?}", doc.id, n + 1));
            }
            for reason in fired {
                assert_eq!(reason.category, doc.category, "{}", doc.id);
                assert!(reason.compound, "{}", doc.id);
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
