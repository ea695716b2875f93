//! A Tetragon `TracingPolicy` (cilium.io/v1alpha1) from what the scan saw: a process-exec allow-list (any
//! other program is killed), file-integrity paths (writes to system and credential paths are killed, reads
//! of credential paths reported), and an egress audit (every outbound TCP connection reported; the hosts
//! the scan saw are listed in an annotation, since Tetragon matches addresses, not names). Each hook is
//! tagged with the MITRE ATT&CK technique it guards against.

use super::observed::Observed;
use crate::config::Profile;
use serde_json::{json, Value};
use skill_scan_model::TargetReport;

/// Programs any package's runtime needs whether or not the scan saw them (the interpreter and a shell).
const BASELINE_PROGRAMS: &[&str] = &[
    "/bin/sh",
    "/usr/bin/env",
    "/usr/bin/node",
    "/usr/bin/python3",
];

/// System paths no package should write.
const INTEGRITY_PATHS: &[&str] = &[
    "/etc/",
    "/usr/bin/",
    "/usr/lib/",
    "/bin/",
    "/sbin/",
    "/lib/",
    "/boot/",
    "/root/.ssh/",
];

pub fn tracing_policy(report: &TargetReport, seen: &Observed) -> Value {
    let mut programs: Vec<String> = BASELINE_PROGRAMS.iter().map(|p| p.to_string()).collect();
    for program in &seen.processes {
        for dir in ["/usr/bin/", "/bin/", "/usr/local/bin/"] {
            programs.push(format!("{dir}{program}"));
        }
    }
    programs.sort();
    programs.dedup();
    let secrets: Vec<String> = crate::profiles::policy(Profile::Strict)
        .deny_paths
        .paths
        .iter()
        .filter(|p| p.starts_with('/') && !p.starts_with("/."))
        .cloned()
        .collect();
    let hosts: Vec<&str> = seen.hosts.iter().map(String::as_str).collect();
    json!({
        "apiVersion": "cilium.io/v1alpha1",
        "kind": "TracingPolicy",
        "metadata": {
            "name": policy_name(report),
            "annotations": {
                "skill-scan/target": report.target,
                "skill-scan/verdict": report.verdict.as_str(),
                "skill-scan/egress-hosts": hosts.join(","),
            },
        },
        "spec": {
            "kprobes": [
                {
                    "call": "security_bprm_check",
                    "syscall": false,
                    "args": [{"index": 0, "type": "linux_binprm"}],
                    "selectors": [{
                        "matchArgs": [{"index": 0, "operator": "NotEqual", "values": programs}],
                        "matchActions": [{"action": "Sigkill"}],
                    }],
                    "tags": ["mitre:T1059", "process-exec-allow-list"],
                },
                {
                    "call": "security_file_permission",
                    "syscall": false,
                    "args": [{"index": 0, "type": "file"}, {"index": 1, "type": "int"}],
                    "selectors": [
                        {
                            "matchArgs": [
                                {"index": 0, "operator": "Prefix", "values": INTEGRITY_PATHS},
                                {"index": 1, "operator": "Equal", "values": ["2"]},
                            ],
                            "matchActions": [{"action": "Sigkill"}],
                        },
                        {
                            "matchArgs": [{"index": 0, "operator": "Prefix", "values": secrets}],
                            "matchActions": [{"action": "Post"}],
                        },
                    ],
                    "tags": ["mitre:T1552", "mitre:T1565", "file-integrity"],
                },
                {
                    "call": "tcp_connect",
                    "syscall": false,
                    "args": [{"index": 0, "type": "sock"}],
                    "selectors": [{
                        "matchArgs": [{"index": 0, "operator": "NotDAddr", "values": ["127.0.0.0/8", "::1"]}],
                        "matchActions": [{"action": "Post"}],
                    }],
                    "tags": ["mitre:T1041", "egress"],
                },
            ],
        },
    })
}

/// A Kubernetes object name (lowercase letters, digits, `-`; at most 63) from the target.
fn policy_name(report: &TargetReport) -> String {
    let base = report
        .package
        .name
        .clone()
        .unwrap_or_else(|| report.target.clone());
    let mut name: String = base
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    name = name.trim_matches('-').to_string();
    name.truncate(50);
    format!("skill-scan-{}", name.trim_end_matches('-'))
        .trim_end_matches('-')
        .to_string()
}
