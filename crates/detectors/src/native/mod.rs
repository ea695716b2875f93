//! Detectors written in Rust, for what a pattern cannot say: text hidden in invisible characters, data
//! flowing from a secret to the network, payloads that only read once decoded.
//!
//! Each one is still a rule in a YAML pack (`match: { native: NAME }`), so its id, action, documentation
//! and fire/quiet examples live with every other rule's. A detector is either:
//! - a [`FileDetector`], run by the file scan over each segment, like a regex; or
//! - `Package`: run by another layer (the walker, the archive reader, the package-name check), which turns
//!   what it saw into a finding with [`skill_scan_rules::RuleSet::package_finding`] so the report carries
//!   the rule's data (the typed events are mapped to names in `package.rs`).

mod callback_exec;
mod carried_dropper;
mod clipboard_swap;
mod command_dropper;
mod context_parameter;
mod credential_cluster;
mod deceptive_link;
pub(crate) mod deobfuscate;
mod description_rewrite;
mod deserialise;
mod destructive;
mod dns_tunnel;
mod download_run;
mod dropper;
pub(crate) mod evaluate;
mod extract_run;
mod hidden_comment;
mod home_harvest;
mod install_time;
pub(crate) mod intent;
mod invisible_unicode;
mod mail_copy;
mod metadata_relay;
pub(crate) mod nfkc_identifiers;
mod npx_lookalike;
mod offscreen_code;
pub mod package_name;
mod python_obfuscator;
mod remote_description;
mod republish_worm;
mod request_address_swap;
mod reverse_shell;
mod runtime_install;
mod shell_flow;
mod shell_transfer;
pub(crate) mod stager;
mod startup_hook;
pub(crate) mod taint;
pub(crate) mod write_run;

pub use skill_scan_rules::{FileDetector, NativeDetector};

/// Every native detector by the name a rule uses in `match: { native: NAME }`.
const REGISTRY: &[(&str, NativeDetector)] = &[
    (
        "unicode-tag-smuggling",
        NativeDetector::File(&invisible_unicode::TAG_SMUGGLING),
    ),
    (
        "shell-download-then-run-file",
        NativeDetector::File(&download_run::DOWNLOAD_THEN_RUN),
    ),
    (
        "download-extract-run",
        NativeDetector::File(&extract_run::DOWNLOAD_EXTRACT_RUN),
    ),
    (
        "shell-credential-file-to-network",
        NativeDetector::File(&shell_flow::SHELL_CREDENTIAL_TO_NETWORK),
    ),
    (
        "shell-environment-to-network",
        NativeDetector::File(&shell_flow::SHELL_ENVIRONMENT_TO_NETWORK),
    ),
    (
        "shell-credential-store-transfer",
        NativeDetector::File(&shell_transfer::SHELL_STORE_TRANSFER),
    ),
    (
        "hidden-html-comment-instructions",
        NativeDetector::File(&hidden_comment::HIDDEN_INSTRUCTIONS),
    ),
    (
        "mcp-description-rewritten-at-run-time",
        NativeDetector::File(&description_rewrite::DESCRIPTION_REWRITE),
    ),
    (
        "deceptive-link-address",
        NativeDetector::File(&deceptive_link::DECEPTIVE_ADDRESS),
    ),
    (
        "deceptive-link-download",
        NativeDetector::File(&deceptive_link::DECEPTIVE_DOWNLOAD),
    ),
    (
        deobfuscate::RESCAN_DETECTOR,
        NativeDetector::File(&deobfuscate::ENCODED_CODE),
    ),
    (
        deobfuscate::FLAGGED_DETECTOR,
        NativeDetector::File(&deobfuscate::FLAGGED_PAYLOAD),
    ),
    (
        "decrypt-literal-key",
        NativeDetector::File(&deobfuscate::DECRYPTED_CODE),
    ),
    (
        "javascript-obfuscator-output",
        NativeDetector::File(&deobfuscate::JS_OBFUSCATOR),
    ),
    (
        "python-obfuscator-output",
        NativeDetector::File(&python_obfuscator::FINGERPRINT),
    ),
    (
        "runtime-install-of-typosquat",
        NativeDetector::File(&runtime_install::TYPOSQUAT_INSTALL),
    ),
    (
        "runtime-install-from-url",
        NativeDetector::File(&runtime_install::INSTALL_FROM_URL),
    ),
    (
        "npx-launch-of-lookalike-package",
        NativeDetector::File(&npx_lookalike::LOOKALIKE_LAUNCH),
    ),
    (
        "credential-store-cluster",
        NativeDetector::File(&credential_cluster::CREDENTIAL_CLUSTER),
    ),
    (
        "py-deserialise-fetched-data",
        NativeDetector::File(&deserialise::PYTHON),
    ),
    (
        "js-unserialize-fetched-data",
        NativeDetector::File(&deserialise::JAVASCRIPT),
    ),
    (
        "destructive-delete",
        NativeDetector::File(&destructive::DELETE),
    ),
    (
        "destructive-disk-wipe",
        NativeDetector::File(&destructive::DISK_WIPE),
    ),
    (
        "destructive-database-drop",
        NativeDetector::File(&destructive::DATABASE_DROP),
    ),
    (
        "destructive-gated",
        NativeDetector::File(&destructive::GATED),
    ),
    (
        evaluate::RESCAN_DETECTOR,
        NativeDetector::File(&evaluate::RESOLVED_RESCAN),
    ),
    (
        "spelled-from-builtin-text",
        NativeDetector::File(&evaluate::SPELLED_FROM_BUILTIN_TEXT),
    ),
    (
        evaluate::HIDDEN_EXEC_DETECTOR,
        NativeDetector::File(&evaluate::HIDDEN_EXEC_TARGET),
    ),
    (
        "install-time-behaviour",
        NativeDetector::File(&install_time::INSTALL_TIME_BEHAVIOUR),
    ),
    (
        "import-time-network-probe",
        NativeDetector::File(&install_time::IMPORT_TIME_PROBE),
    ),
    (
        "install-time-network-probe",
        NativeDetector::File(&install_time::INSTALL_TIME_PROBE),
    ),
    (
        "install-time-detached-process",
        NativeDetector::File(&install_time::INSTALL_TIME_DETACHED),
    ),
    (
        "taint-host-info-to-network-at-install",
        NativeDetector::File(&taint::HOST_INFO_AT_INSTALL),
    ),
    (
        "taint-host-info-to-network",
        NativeDetector::File(&taint::HOST_INFO_TO_NETWORK),
    ),
    (
        "taint-host-info-to-network-on-load",
        NativeDetector::File(&taint::HOST_INFO_ON_LOAD),
    ),
    (
        "taint-credential-to-network",
        NativeDetector::File(&taint::CREDENTIAL_TO_NETWORK),
    ),
    (
        "taint-environment-to-network",
        NativeDetector::File(&taint::ENVIRONMENT_TO_NETWORK),
    ),
    (
        "taint-download-to-exec",
        NativeDetector::File(&taint::DOWNLOAD_TO_EXEC),
    ),
    (
        "taint-decoded-to-exec",
        NativeDetector::File(&taint::DECODED_TO_EXEC),
    ),
    // The instruction model of agent-facing prose (`intent`), rules/agent_intent.yaml.
    (
        "instruction-credential-read",
        NativeDetector::File(&intent::CREDENTIAL_READ),
    ),
    (
        "instruction-send-out",
        NativeDetector::File(&intent::SEND_OUT),
    ),
    (
        "instruction-read-then-send",
        NativeDetector::File(&intent::READ_THEN_SEND),
    ),
    (
        "instruction-conceal",
        NativeDetector::File(&intent::CONCEAL),
    ),
    (
        "instruction-run-unregistered-code",
        NativeDetector::File(&intent::RUN_UNREGISTERED),
    ),
    (
        "instruction-run-evasive-payload",
        NativeDetector::File(&intent::RUN_EVASIVE),
    ),
    (
        "instruction-follow-remote",
        NativeDetector::File(&intent::FOLLOW_REMOTE),
    ),
    (
        "instruction-weaken-security",
        NativeDetector::File(&intent::WEAKEN_SECURITY),
    ),
    (
        "instruction-override",
        NativeDetector::File(&intent::OVERRIDE),
    ),
    (
        "instruction-hidden-action",
        NativeDetector::File(&intent::RUN_AND_CONCEAL),
    ),
    (
        "instruction-deceive-user",
        NativeDetector::File(&intent::DECEIVE),
    ),
    (
        "instruction-secret-into-argument",
        NativeDetector::File(&intent::SECRET_INTO_ARGUMENT),
    ),
    (
        "instruction-copy-mail-to-fixed-address",
        NativeDetector::File(&intent::MAIL_COPY),
    ),
    (
        "instruction-shadows-other-tools",
        NativeDetector::File(&intent::SHADOW_TOOLS),
    ),
    (
        "instruction-polls-server-for-orders",
        NativeDetector::File(&intent::POLL_FOR_ORDERS),
    ),
    (
        "instruction-plants-agent-files",
        NativeDetector::File(&intent::PLANT_INSTRUCTIONS),
    ),
    (
        "instruction-plants-remote-orders",
        NativeDetector::File(&intent::PLANT_REMOTE_ORDERS),
    ),
    (
        "instruction-remote-shell",
        NativeDetector::File(&intent::REMOTE_SHELL),
    ),
    (
        "instruction-rendered-beacon",
        NativeDetector::File(&intent::RENDERED_BEACON),
    ),
    (
        "instruction-fetched-autostart",
        NativeDetector::File(&intent::FETCHED_AUTOSTART),
    ),
    (
        "mcp-python-description-fetched",
        NativeDetector::File(&remote_description::FETCHED_DESCRIPTION),
    ),
    (
        "mcp-tool-context-parameter",
        NativeDetector::File(&context_parameter::CONTEXT_PARAMETER),
    ),
    (
        "mcp-hardcoded-blind-copy",
        NativeDetector::File(&mail_copy::HARDCODED_BLIND_COPY),
    ),
    (
        "package-republish-worm",
        NativeDetector::File(&republish_worm::PACKAGE_REPUBLISH),
    ),
    (
        "clipboard-wallet-address-swap",
        NativeDetector::File(&clipboard_swap::CLIPBOARD_ADDRESS_SWAP),
    ),
    (
        "promise-callback-runs-code",
        NativeDetector::File(&callback_exec::PROMISE_INTO_EVAL),
    ),
    (
        "metadata-credentials-posted-out",
        NativeDetector::File(&metadata_relay::METADATA_CREDENTIALS_POSTED),
    ),
    (
        "dns-resolver-encoded-labels",
        NativeDetector::File(&dns_tunnel::RESOLVER_LABEL_DATA),
    ),
    (
        "request-wallet-address-swap",
        NativeDetector::File(&request_address_swap::REQUEST_ADDRESS_SWAP),
    ),
    (
        "download-saved-then-run",
        NativeDetector::File(&dropper::DOWNLOAD_WRITE_RUN),
    ),
    (
        "install-download-run-with-interpreter",
        NativeDetector::File(&dropper::INSTALL_DOWNLOAD_RUN_PYTHON),
    ),
    (
        "home-folder-harvest-upload",
        NativeDetector::File(&home_harvest::HOME_HARVEST_UPLOAD),
    ),
    (
        "reverse-shell-parts",
        NativeDetector::File(&reverse_shell::REVERSE_SHELL_PARTS),
    ),
    (
        "command-line-download-then-run",
        NativeDetector::File(&command_dropper::COMMAND_DOWNLOAD_RUN),
    ),
    (
        "carried-payload-written-then-run",
        NativeDetector::File(&carried_dropper::CARRIED_PAYLOAD_RUN),
    ),
    (
        "computed-startup-hook-write",
        NativeDetector::File(&startup_hook::COMPUTED_STARTUP_HOOK),
    ),
    (
        stager::STAGER_DETECTOR,
        NativeDetector::File(&stager::CODE_WRITTEN_THEN_RUN),
    ),
    (
        "code-after-blank-run",
        NativeDetector::File(&offscreen_code::HIDDEN_CODE),
    ),
    (
        "decoded-exec-after-blank-run",
        NativeDetector::File(&offscreen_code::HIDDEN_DECODED_EXEC),
    ),
    (
        nfkc_identifiers::NFKC_DETECTOR,
        NativeDetector::File(&nfkc_identifiers::LOOKALIKE_IDENTIFIERS),
    ),
    // Reported by the archive reader (crates/archive), rules/archive.yaml.
    ("archive-compression-bomb", NativeDetector::Package),
    ("archive-size-limit", NativeDetector::Package),
    ("archive-entry-limit", NativeDetector::Package),
    ("archive-nesting-limit", NativeDetector::Package),
    ("archive-path-escape", NativeDetector::Package),
    ("archive-link-outside", NativeDetector::Package),
    ("archive-unreadable", NativeDetector::Package),
    ("archive-encrypted-entry", NativeDetector::Package),
    ("archive-zip-readings-differ", NativeDetector::Package),
    ("archive-data-before-zip", NativeDetector::Package),
    // Reported by the registry layer (crates/registry), rules/registry.yaml.
    ("version-published-recently", NativeDetector::Package),
    ("package-young", NativeDetector::Package),
    ("install-script-added", NativeDetector::Package),
    ("publisher-changed", NativeDetector::Package),
    // Reported by the project layer (lockfiles, MCP client configs: crates/skill-scan/src/project/),
    // rules/project.yaml.
    ("dependency-from-git", NativeDetector::Package),
    ("dependency-from-url", NativeDetector::Package),
    ("dependency-resolved-off-registry", NativeDetector::Package),
    ("lockfile-hash-mismatch", NativeDetector::Package),
    ("dependency-from-local-path", NativeDetector::Package),
    ("mcp-remote-server", NativeDetector::Package),
    ("mcp-server-unpinned-package", NativeDetector::Package),
    // Package-name checks (`package_name`), reported by `package/names.rs` from the package's manifests.
    ("typosquat-package-name", NativeDetector::Package),
    ("typosquat-dependency-name", NativeDetector::Package),
    ("dependency-confusion-version", NativeDetector::Package),
    // A package with install scripts and no code of its own (`package/hollow.rs`).
    ("hollow-package", NativeDetector::Package),
    // Whole-file checks the pipeline makes while reading bytes (`package/binaries.rs`).
    ("executable-file", NativeDetector::Package),
    ("executable-file-in-code-package", NativeDetector::Package),
    ("compiled-python", NativeDetector::Package),
    ("compiled-python-without-source", NativeDetector::Package),
    ("script-with-binary-payload", NativeDetector::Package),
    ("code-disguised-as-media", NativeDetector::Package),
    // Files the package's code loads and runs as code under a data name (crates/detectors/src/package/loaded_files.rs).
    ("code-run-under-data-name", NativeDetector::Package),
    // A skill's declared allowed-tools narrower than what its code does (crates/detectors/src/package/declared_tools.rs).
    ("allowed-tools-narrower-than-code", NativeDetector::Package),
];

pub(crate) fn lookup(name: &str) -> Option<NativeDetector> {
    REGISTRY
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, detector)| *detector)
}

pub(crate) fn names() -> Vec<&'static str> {
    REGISTRY.iter().map(|(name, _)| *name).collect()
}

/// The messages a file detector's `run` reports in `text` (the detectors' unit tests).
#[cfg(test)]
pub(crate) fn file_detector_messages(
    run: fn(&crate::segment::Segment, &str, &mut dyn FnMut(crate::matchers::Hit) -> bool),
    text: &str,
    path: &str,
    language: skill_scan_model::Language,
) -> Vec<String> {
    let mut out = Vec::new();
    for segment in crate::segment::segment_file(text, language, path) {
        run(&segment, text, &mut |hit| {
            out.push(hit.detail.map(|d| d.message).unwrap_or_default());
            true
        });
    }
    out
}

/// Whether a file detector's `run` reports anything in `text`.
#[cfg(test)]
pub(crate) fn file_detector_fires(
    run: fn(&crate::segment::Segment, &str, &mut dyn FnMut(crate::matchers::Hit) -> bool),
    text: &str,
    path: &str,
    language: skill_scan_model::Language,
) -> bool {
    !file_detector_messages(run, text, path, language).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_name_is_unique_and_kebab_case() {
        let names = names();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    }
}
