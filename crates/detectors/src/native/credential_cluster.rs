//! Three or more credential stores of unrelated services named within a few lines: a harvest list
//! (`~/.aws/credentials`, gcloud's application-default credentials, `~/.kube/config`, `~/.netrc`, …).
//! An SDK reads its own service's file; a list spanning several services is what an infostealer walks.
//! It also reads the strings recovered from marshalled code objects, one literal a line.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use std::sync::LazyLock;

/// Lines a cluster may span.
const WINDOW_LINES: usize = 8;
/// Distinct services that make a harvest list.
const MIN_SERVICES: usize = 3;
/// Mentions read per segment.
const MAX_MENTIONS: usize = 4096;

pub(crate) static CREDENTIAL_CLUSTER: FileDetector = FileDetector {
    literals: &[
        ".ssh",
        ".aws",
        "gcloud",
        ".azure",
        ".kube",
        ".docker",
        ".npmrc",
        ".pypirc",
        ".netrc",
        ".git-credentials",
        ".gnupg",
        "hosts.yml",
    ],
    run: find_clusters,
};

/// One pattern per service; the capture group index (1-based) names the service.
const SERVICES: &[&str] = &[
    "ssh",
    "aws",
    "gcloud",
    "azure",
    "kubernetes",
    "docker",
    "github-cli",
    "npm",
    "pypi",
    "netrc",
    "git",
    "gnupg",
];

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    let sep = r#"(?:[/\\]+|['"]\s*,\s*['"])"#;
    ascii_regex(&format!(
        r#"(\.ssh[/\\'"]|\bid_(?:rsa|ed25519|ecdsa)\b)|(\.aws{sep}credentials)|(\.config{sep}gcloud\b|application_default_credentials\.json)|(\.azure{sep}(?:accessTokens\.json|msal_token_cache))|(\.kube{sep}config\b)|(\.docker{sep}config\.json)|(\.config{sep}gh{sep}hosts\.yml)|([~/\\'"]\.npmrc\b)|([~/\\'"]\.pypirc\b)|([~/\\'"]_?\.?netrc\b)|(\.git-credentials\b)|(\.gnupg\b)"#
    ))
    .expect("credential mention pattern")
});

fn find_clusters(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let body = segment.text(text);
    // (line, service, start, end) of each mention.
    let mut mentions: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut line = 0usize;
    let mut counted = 0usize;
    for c in MENTION.captures_iter(body).take(MAX_MENTIONS) {
        let Some(whole) = c.get(0) else { continue };
        line += body[counted..whole.start()].matches('\n').count();
        counted = whole.start();
        if let Some(service) = (1..=SERVICES.len()).find(|i| c.get(*i).is_some()) {
            mentions.push((line, service - 1, whole.start(), whole.end()));
        }
    }
    let mut from = 0;
    while from < mentions.len() {
        let first_line = mentions[from].0;
        let window: Vec<_> = mentions[from..]
            .iter()
            .take_while(|m| m.0 < first_line + WINDOW_LINES)
            .collect();
        let mut services: Vec<usize> = window.iter().map(|m| m.1).collect();
        services.sort_unstable();
        services.dedup();
        if services.len() >= MIN_SERVICES {
            let names: Vec<&str> = services.iter().map(|s| SERVICES[*s]).collect();
            let last = window.last().map_or(mentions[from].3, |m| m.3);
            let hit = Hit {
                start: segment.start + mentions[from].2,
                end: segment.start + last,
                detail: Some(Box::new(HitDetail {
                    message: format!(
                        "credential stores of {} services named together: {}",
                        names.len(),
                        names.join(", ")
                    ),
                    related: Vec::new(),
                })),
            };
            if !keep(hit) {
                return;
            }
            from += window.len();
        } else {
            from += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    fn clusters(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for segment in segment_file(text, Language::Python, "pkg/x.py") {
            find_clusters(&segment, text, &mut |hit| {
                out.push(hit.detail.map(|d| d.message).unwrap_or_default());
                true
            });
        }
        out
    }

    #[test]
    fn three_services_within_a_few_lines_are_a_harvest_list() {
        let text = "TARGETS = (\n    '~/.aws/credentials',\n    '~/.config/gcloud/application_default_credentials.json',\n    '~/.kube/config',\n    '~/.netrc',\n)\n";
        let found = clusters(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("aws, gcloud, kubernetes, netrc"),
            "{found:?}"
        );
    }

    #[test]
    fn one_services_files_or_services_far_apart_are_not() {
        let one = "KEY = '~/.ssh/id_rsa'\nKNOWN = '~/.ssh/known_hosts'\nCONF = '~/.ssh/config'\n";
        assert!(clusters(one).is_empty());
        let far = format!(
            "A = '~/.aws/credentials'\n{}B = '~/.kube/config'\n{}C = '~/.npmrc'\n",
            "x = 1\n".repeat(10),
            "y = 2\n".repeat(10)
        );
        assert!(clusters(&far).is_empty());
    }
}
