//! Compound detectors: behaviour that is ordinary alone and malicious together, joined across every file
//! of the package. Each is an entry of `rules/verdict/compounds.yaml`: declared there as data (its parts
//! and sentence) when capabilities anywhere in the package are enough, or one function here named for the
//! sentence it proves when it needs more.
//!
//! They read the raw findings, never calibrated groups, so calibration cannot switch one off; and they
//! read only *behaviour* ([`Finding::is_behaviour`]): code that runs, or instructions to an agent. URLs in
//! comments, `exec` in a test, a README warning: none of those can make up a compound.

use skill_scan_model::{
    Capability, Finding, PackageSummary, RecommendedAction, SignalClass, ThreatCategory,
    VerdictReason,
};
use std::sync::LazyLock;

type Detector = fn(&Evidence) -> Option<VerdictReason>;

/// The compounds written in Rust, by the `name` their entry in `rules/verdict/compounds.yaml` gives (as a
/// native rule names its detector), so their ids live only there. Each needs more than capabilities
/// anywhere in the package: scopes, evidence in the same file, actions.
const CODED: &[(&str, Detector)] = &[
    (
        "install-hook-with-remote-exec",
        install_hook_with_remote_exec,
    ),
    (
        "install-hook-runs-code-blocked-on-its-own",
        install_hook_runs_code_blocked_on_its_own,
    ),
    (
        "credential-access-with-outbound-send",
        credential_access_with_outbound_send,
    ),
    (
        "prompt-override-with-execution",
        prompt_override_with_execution,
    ),
    (
        "import-time-network-spawn-or-credential-read",
        import_time_network_spawn_or_credential_read,
    ),
    (
        "persistence-planted-with-remote-exec-or-credential-theft",
        persistence_planted_with_remote_exec_or_credential_theft,
    ),
    (
        "fetched-code-run-with-concealment",
        fetched_code_run_with_concealment,
    ),
    (
        "hidden-credential-read-or-self-rewrite",
        hidden_credential_read_or_self_rewrite,
    ),
    (
        "approval-prompts-turned-off-in-the-agents-settings",
        approval_prompts_turned_off_in_the_agents_settings,
    ),
    ("autostart-planted-at-install", autostart_planted_at_install),
    (
        "obfuscated-code-run-at-install",
        obfuscated_code_run_at_install,
    ),
];

/// How a compound is detected: declared as data (its `joins` and `rationale`), or by a function of [`CODED`].
enum How {
    Data(DataCompound),
    Code(Detector),
}

/// A compound declared as data: its category, sentence and parts.
struct DataCompound {
    category: ThreatCategory,
    rationale: String,
    joins: Vec<Vec<Capability>>,
}

/// One compound detector and its rule id.
struct Compound {
    id: String,
    how: How,
}

/// Every compound, in the order of `rules/verdict/compounds.yaml` (the order they run and are listed in),
/// read once from the embedded documentation; tests keep it parsing and check that every entry resolves.
static COMPOUNDS: LazyLock<Vec<Compound>> = LazyLock::new(|| {
    let Ok(rules) = crate::verdict_rules() else {
        return Vec::new();
    };
    rules
        .compounds
        .into_iter()
        .filter_map(|doc| {
            let how = match doc.rationale {
                Some(rationale) => How::Data(DataCompound {
                    category: doc.category,
                    rationale,
                    joins: doc.joins,
                }),
                None => How::Code(CODED.iter().find(|(name, _)| *name == doc.name)?.1),
            };
            Some(Compound { id: doc.id, how })
        })
        .collect()
});

/// The id of every compound detector, in the order they run.
pub fn ids() -> Vec<&'static str> {
    COMPOUNDS.iter().map(|c| c.id.as_str()).collect()
}

pub fn detect(findings: &[Finding]) -> Vec<VerdictReason> {
    detect_for(findings, &PackageSummary::default())
}

/// [`detect`] for a named package, whose own settings folder is not a credential store to it.
pub fn detect_for(findings: &[Finding], package: &PackageSummary) -> Vec<VerdictReason> {
    let evidence = Evidence {
        own_folder: crate::own_folder::own_folder(package),
        behaviour: findings.iter().filter(|f| f.is_behaviour()).collect(),
    };
    COMPOUNDS
        .iter()
        .filter_map(|compound| {
            let mut reason = match &compound.how {
                How::Code(detector) => detector(&evidence)?,
                How::Data(data) => declared(data, &evidence)?,
            };
            reason.compound_id = Some(compound.id.clone());
            Some(reason)
        })
        .collect()
}

/// A data compound: every part met by a behaviour finding with one of its capabilities.
fn declared(compound: &DataCompound, e: &Evidence) -> Option<VerdictReason> {
    if compound.joins.is_empty() {
        return None;
    }
    let parts: Vec<Vec<&Finding>> = compound
        .joins
        .iter()
        .map(|capabilities| e.with_any(capabilities))
        .collect();
    let parts: Vec<&[&Finding]> = parts.iter().map(Vec::as_slice).collect();
    self::compound(compound.category, &compound.rationale, &parts)
}

/// The behavioural findings of one package.
struct Evidence<'a> {
    behaviour: Vec<&'a Finding>,
    /// The settings folder named for the package (`.name/`), see [`crate::own_folder`].
    own_folder: Option<String>,
}

impl<'a> Evidence<'a> {
    fn with(&self, capability: Capability) -> Vec<&'a Finding> {
        self.behaviour
            .iter()
            .copied()
            .filter(|f| f.has(capability))
            .collect()
    }

    fn with_any(&self, capabilities: &[Capability]) -> Vec<&'a Finding> {
        self.behaviour
            .iter()
            .copied()
            .filter(|f| capabilities.iter().any(|c| f.has(*c)))
            .collect()
    }
}

/// A reason built from two or more sets of findings, all of which must be non-empty. It is attributed to
/// the most actionable scope among them and lists every finding behind it.
fn compound(
    category: ThreatCategory,
    rationale: &str,
    parts: &[&[&Finding]],
) -> Option<VerdictReason> {
    if parts.iter().any(|part| part.is_empty()) {
        return None;
    }
    let all: Vec<&Finding> = parts.iter().flat_map(|part| part.iter().copied()).collect();
    let scope = all.iter().map(|f| f.scope).min()?;
    let mut ids: Vec<(usize, String)> = all
        .iter()
        .map(|f| {
            (
                f.id.trim_start_matches('f').parse().unwrap_or(usize::MAX),
                f.id.clone(),
            )
        })
        .collect();
    ids.sort();
    ids.dedup();
    let mut files: Vec<&str> = all.iter().map(|f| f.path.as_str()).collect();
    files.sort();
    files.dedup();
    Some(VerdictReason {
        scope,
        category,
        signal: SignalClass::MaliciousBehavior,
        rationale: format!("{rationale} (in {})", files.join(", ")),
        compound: true,
        compound_id: None,
        finding_ids: ids.into_iter().map(|(_, id)| id).collect(),
    })
}

/// CMP002. The install hook, or the script it runs, fetches or decodes code and runs it.
fn install_hook_with_remote_exec(e: &Evidence) -> Option<VerdictReason> {
    let hooks: Vec<&Finding> = e
        .with(Capability::InstallHook)
        .into_iter()
        .filter(|f| f.scope == skill_scan_model::ArtifactScope::PackageRootArtifact)
        .collect();
    let exec_at_install: Vec<&Finding> = e
        .with(Capability::RemoteExec)
        .into_iter()
        .filter(|f| f.scope == skill_scan_model::ArtifactScope::PackageRootArtifact)
        .collect();
    compound(
        ThreatCategory::SupplyChain,
        "An install hook runs code fetched or decoded at install time, on every machine that installs the package",
        &[&hooks, &exec_at_install],
    )
}

/// CMP003. The install hook runs a script that steals credentials, escalates privileges or does anything else the
/// rules block on their own (fetch-and-run has its own sentence above): the attack runs at install time.
fn install_hook_runs_code_blocked_on_its_own(e: &Evidence) -> Option<VerdictReason> {
    let at_install = |f: &&Finding| f.scope == skill_scan_model::ArtifactScope::PackageRootArtifact;
    let hooks: Vec<&Finding> = e
        .with(Capability::InstallHook)
        .into_iter()
        .filter(at_install)
        .collect();
    let malicious_at_install: Vec<&Finding> = e
        .behaviour
        .iter()
        .copied()
        .filter(at_install)
        .filter(|f| {
            f.action == RecommendedAction::Block
                && f.signal == SignalClass::MaliciousBehavior
                && !f.has(Capability::InstallHook)
                && !f.has(Capability::RemoteExec)
        })
        .collect();
    compound(
        ThreatCategory::SupplyChain,
        "An install hook runs code that is malicious on its own (credential theft, privilege escalation, ...), on every machine that installs the package",
        &[&hooks, &malicious_at_install],
    )
}

/// CMP005. Credentials read and data sent, with evidence that ties the two: the same file, a document
/// that names the script doing the other part, or a module that imports the other (the package layer
/// records that as an `imports …` related location). A credential read in one corner of a package and a
/// send in another, with nothing between them, is how every SDK with a config loader and an HTTP client
/// looks; the pair is a stealer only when the read can reach the send.
fn credential_access_with_outbound_send(e: &Evidence) -> Option<VerdictReason> {
    let mut reads = e.with(Capability::CredentialAccess);
    reads.retain(|r| !crate::own_folder::names_only_its_own_folder(r, e.own_folder.as_deref()));
    let sends = e.with(Capability::OutboundSend);
    let tied = |read: &Finding, send: &Finding| {
        connected(read, send) || connected(send, read) || imports(read, send) || imports(send, read)
    };
    let paired_sends: Vec<&Finding> = sends
        .iter()
        .copied()
        .filter(|s| reads.iter().any(|r| tied(r, s)))
        .collect();
    let paired_reads: Vec<&Finding> = reads
        .into_iter()
        .filter(|r| sends.iter().any(|s| tied(r, s)))
        .collect();
    compound(
        ThreatCategory::DataExfiltration,
        "Credentials the package has no business with are read, and data is sent off the machine",
        &[&paired_reads, &paired_sends],
    )
}

/// Whether `from`'s module imports `to`'s, directly or through the package's other modules: the
/// package layer records that as an `imports PATH` related location (`package/import_links.rs` of the
/// detectors crate).
fn imports(from: &Finding, to: &Finding) -> bool {
    from.related.iter().any(|r| {
        r.message
            .strip_prefix(skill_scan_model::RELATED_IMPORTS)
            .is_some_and(|path| path == to.path)
    })
}

/// CMP006. The agent's instructions are overridden, and the package runs fetched or shell-built code.
///
/// An override that blocks on its own ("ignore all previous instructions") joins any execution in the
/// package. A weaker one (instructions that edit the agent's settings or memory, which setup guides also
/// do) joins only execution that matters on its own, in the same file: a log-level command builder
/// elsewhere in a 300-file package is not connected to a settings snippet.
fn prompt_override_with_execution(e: &Evidence) -> Option<VerdictReason> {
    let overrides = e.with(Capability::PromptOverride);
    let running = e.with_any(&[Capability::RemoteExec, Capability::ProcessExec]);
    let strong: Vec<&Finding> = overrides
        .iter()
        .copied()
        .filter(|f| f.action >= RecommendedAction::Block)
        .collect();
    let (overrides, running): (Vec<&Finding>, Vec<&Finding>) = if strong.is_empty() {
        let running: Vec<&Finding> = running
            .into_iter()
            .filter(|f| f.action >= RecommendedAction::Review)
            .filter(|f| overrides.iter().any(|o| o.path == f.path))
            .collect();
        let overrides = overrides
            .into_iter()
            .filter(|o| running.iter().any(|f| f.path == o.path))
            .collect();
        (overrides, running)
    } else {
        (strong, running)
    };
    compound(
        ThreatCategory::RemoteExec,
        "The agent's instructions are overridden and the package runs fetched or shell-built code",
        &[&overrides, &running],
    )
}

/// CMP008. Importing the package sends data, spawns processes or reads credentials.
fn import_time_network_spawn_or_credential_read(e: &Evidence) -> Option<VerdictReason> {
    let at_import: Vec<&Finding> = e
        .with_any(&[
            Capability::OutboundSend,
            Capability::ProcessExec,
            Capability::RemoteExec,
            Capability::CredentialAccess,
            Capability::EnvDump,
        ])
        .into_iter()
        // One piece of evidence makes this compound, so it must be a finding that matters on its own:
        // a log-level hint (spawning the interpreter itself to probe the platform) run on import is how
        // native-binding loaders work, not an attack.
        .filter(|f| f.import_time && f.action >= RecommendedAction::Review)
        .collect();
    // Code an install script runs (it, or a module it requires) runs at install, not on import.
    let at_install = at_import
        .iter()
        .all(|f| f.scope == skill_scan_model::ArtifactScope::PackageRootArtifact);
    let rationale = if at_install {
        "Installing the package runs code that sends data, spawns a process or reads credentials"
    } else {
        "Merely importing the package sends data, spawns a process or reads credentials"
    };
    compound(ThreatCategory::SupplyChain, rationale, &[&at_import])
}

/// CMP011. A file plants a hook, service or Run key, and fetches code or reads credentials.
///
/// Found in the same file, the planted thing is the attack itself, not a dev-tool hook.
fn persistence_planted_with_remote_exec_or_credential_theft(e: &Evidence) -> Option<VerdictReason> {
    let planted = e.with(Capability::Persistence);
    let payload: Vec<&Finding> = e
        .with_any(&[Capability::RemoteExec, Capability::CredentialAccess])
        .into_iter()
        .filter(|f| f.action >= RecommendedAction::Review && !f.has(Capability::Persistence))
        .filter(|f| planted.iter().any(|p| p.path == f.path))
        .collect();
    let planted: Vec<&Finding> = planted
        .into_iter()
        .filter(|p| payload.iter().any(|f| f.path == p.path))
        .collect();
    compound(
        ThreatCategory::Persistence,
        "Code plants something that runs again later (a hook, service or autostart entry) and in the same file fetches and runs code or reads credentials",
        &[&planted, &payload],
    )
}

/// CMP019. The code an install runs (a root `setup.py`, a `.pth` line, a script a lifecycle hook
/// names) plants an entry the operating system starts by itself: a Run key or Startup-folder entry, a
/// scheduled task, a cron line, a desktop autostart or boot script, a login key.
///
/// One piece of evidence is enough here: a tool may offer "start at login" when its user asks, but an
/// install that does it on its own leaves something behind that runs again on every logon, after the
/// package is gone. Only what the operating system starts by itself counts (`autostart`): an
/// interpreter start-up hook or a git hook written at install is how coverage and lint tools set
/// themselves up. Log-level hints (a path that only names a launch-agent folder) do not count.
fn autostart_planted_at_install(e: &Evidence) -> Option<VerdictReason> {
    let planted = at_install_on_its_own(e, Capability::Autostart);
    compound(
        ThreatCategory::Persistence,
        "The code an install runs plants something the operating system starts again by itself (a Run key or Startup entry, a scheduled task, a cron line, a desktop autostart or boot script, a login key)",
        &[&planted],
    )
}

/// CMP020. The code an install runs is obfuscator output or encrypted (PyArmor, javascript-obfuscator,
/// Jscrambler, pyobfuscate). A library may protect its own modules; a `setup.py` or a lifecycle script
/// has nothing to protect, and hiding what runs on every installing machine is the attack's tell.
fn obfuscated_code_run_at_install(e: &Evidence) -> Option<VerdictReason> {
    let hidden = at_install_on_its_own(e, Capability::Obfuscated);
    compound(
        ThreatCategory::SupplyChain,
        "The code an install runs is obfuscator output or encrypted, so what it does on every installing machine cannot be read",
        &[&hidden],
    )
}

/// Findings with `capability` in the code an install runs that matter on their own (review or block):
/// the one part of CMP019 and CMP020.
fn at_install_on_its_own<'a>(e: &Evidence<'a>, capability: Capability) -> Vec<&'a Finding> {
    e.with(capability)
        .into_iter()
        .filter(|f| f.scope == skill_scan_model::ArtifactScope::PackageRootArtifact)
        .filter(|f| f.action >= RecommendedAction::Review)
        .collect()
}

/// CMP012. Code fetched from outside a registry runs, and the agent is told to keep it from the user.
///
/// Connected evidence only: the concealment and the fetch-and-run are in the same file, or the
/// instructions that ask for silence name the script that fetches (`run scripts/setup.sh and don't
/// mention it`). A "don't mention it" in one file and a downloader somewhere else prove nothing together.
fn fetched_code_run_with_concealment(e: &Evidence) -> Option<VerdictReason> {
    let hidden = e.with(Capability::Concealment);
    let fetched: Vec<&Finding> = e
        .with(Capability::RemoteExec)
        .into_iter()
        .filter(|f| f.action >= RecommendedAction::Review)
        .filter(|f| hidden.iter().any(|h| connected(h, f)))
        .collect();
    let hidden: Vec<&Finding> = hidden
        .into_iter()
        .filter(|h| fetched.iter().any(|f| connected(h, f)))
        .collect();
    compound(
        ThreatCategory::RemoteExec,
        "The agent is told to run code fetched from outside a package registry and to keep it from the user",
        &[&fetched, &hidden],
    )
}

/// CMP015. The agent is told to keep from the user a step that reads credentials, rewrites its own
/// instructions or memory, or steers other tools.
///
/// Connected evidence only, as for CMP012. Each part alone is a review (a skill may read a token it needs;
/// "don't mention the draft" is tact); an order to hide exactly that step from the only person who could
/// stop it is the attack.
fn hidden_credential_read_or_self_rewrite(e: &Evidence) -> Option<VerdictReason> {
    let hidden: Vec<&Finding> = e
        .with(Capability::Concealment)
        .into_iter()
        .filter(|h| h.scope == skill_scan_model::ArtifactScope::AgentEntrypoint)
        .collect();
    let payload: Vec<&Finding> = e
        .with_any(&[Capability::CredentialAccess, Capability::PromptOverride])
        .into_iter()
        .filter(|f| f.action >= RecommendedAction::Review && !f.has(Capability::Concealment))
        .filter(|f| hidden.iter().any(|h| connected(h, f)))
        .collect();
    let hidden: Vec<&Finding> = hidden
        .into_iter()
        .filter(|h| payload.iter().any(|f| connected(h, f)))
        .collect();
    compound(
        ThreatCategory::PersistentPromptTampering,
        "The agent is told to read credentials, rewrite its own instructions or memory, or steer other tools, and to keep it from the user",
        &[&payload, &hidden],
    )
}

/// CMP018. Agent-facing text tells the agent to edit its own settings or MCP client config, and the
/// setting it gives there switches the approval prompts off.
///
/// Connected evidence only: the settings write and the no-prompt setting are in the same file, or the
/// line that orders the write names the file that holds the setting (`copy agents/worker.json into
/// ~/.claude/settings.json`). A review checklist naming `approval_policy = "never"` writes nothing.
fn approval_prompts_turned_off_in_the_agents_settings(e: &Evidence) -> Option<VerdictReason> {
    let writes: Vec<&Finding> = e
        .with(Capability::PromptOverride)
        .into_iter()
        .filter(|w| w.scope == skill_scan_model::ArtifactScope::AgentEntrypoint)
        .collect();
    let joined = |w: &Finding, f: &Finding| connected(w, f) || line_names_file(w, f);
    let settings: Vec<&Finding> = e
        .with(Capability::ApprovalOff)
        .into_iter()
        .filter(|f| writes.iter().any(|w| joined(w, f)))
        .collect();
    let writes: Vec<&Finding> = writes
        .into_iter()
        .filter(|w| !w.has(Capability::ApprovalOff) && settings.iter().any(|f| joined(w, f)))
        .collect();
    compound(
        ThreatCategory::AutonomyEscalation,
        "The agent is told to write a setting that turns its own approval prompts off into its settings or MCP client config",
        &[&writes, &settings],
    )
}

/// Whether the line an instruction was found on names `other`'s file, as written from the instruction's
/// folder (`copy agents/worker.json into …`).
fn line_names_file(instruction: &Finding, other: &Finding) -> bool {
    let folder = instruction
        .path
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    let relative = if folder.is_empty() {
        other.path.as_str()
    } else {
        match other
            .path
            .strip_prefix(folder)
            .and_then(|p| p.strip_prefix('/'))
        {
            Some(relative) => relative,
            None => return false,
        }
    };
    relative.contains('/') && instruction.snippet.contains(relative)
}

/// Whether `instruction` and `other` are one piece of evidence: the same file, or a file the
/// instruction's document names (its `names …` related locations, relative to the document's folder).
fn connected(instruction: &Finding, other: &Finding) -> bool {
    if instruction.path == other.path {
        return true;
    }
    let folder = instruction
        .path
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    instruction.related.iter().any(|r| {
        r.message.strip_prefix("names ").is_some_and(|named| {
            let named = named.trim_start_matches("./");
            let full = if folder.is_empty() {
                named.to_string()
            } else {
                format!("{folder}/{named}")
            };
            full == other.path
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::groups::tests::finding;
    use skill_scan_model::{ArtifactScope, Context, FileRole, RecommendedAction};

    fn with(id: &str, path: &str, capability: Capability) -> Finding {
        let mut f = finding(id, "R001", path, 1, RecommendedAction::Log);
        f.capabilities = vec![capability];
        f
    }

    fn fired(findings: &[Finding]) -> Vec<String> {
        detect(findings)
            .into_iter()
            .map(|r| format!("{}:{}", r.category, r.finding_ids.join(",")))
            .collect()
    }

    #[test]
    fn every_documented_compound_is_data_or_one_coded_function() {
        let docs = crate::verdict_rules().unwrap();
        assert_eq!(
            COMPOUNDS.len(),
            docs.compounds.len(),
            "an entry resolves to no detector"
        );
        for doc in &docs.compounds {
            assert_eq!(
                doc.joins.is_empty(),
                doc.rationale.is_none(),
                "{}: a data compound gives joins and rationale, a coded one neither",
                doc.id
            );
            if doc.rationale.is_some() {
                assert!(
                    doc.joins.len() >= 2,
                    "{}: a compound joins two parts",
                    doc.id
                );
                assert!(doc.joins.iter().all(|part| !part.is_empty()), "{}", doc.id);
            }
        }
        for (name, _) in CODED {
            let users = docs
                .compounds
                .iter()
                .filter(|d| d.name == *name && d.rationale.is_none())
                .count();
            assert_eq!(users, 1, "{name}: one coded entry names it");
        }
    }

    #[test]
    fn credential_read_and_send_combine_only_when_tied() {
        let read = with("f1", "lib/keys.js", Capability::CredentialAccess);
        let send = with("f2", "lib/net.js", Capability::OutboundSend);
        assert!(
            fired(&[read.clone(), send.clone()]).is_empty(),
            "two unrelated modules prove nothing together"
        );
        let mut importing = read.clone();
        importing.related.push(skill_scan_model::RelatedLocation {
            path: "lib/net.js".into(),
            line: 1,
            column: 1,
            message: format!("{}lib/net.js", skill_scan_model::RELATED_IMPORTS),
        });
        assert_eq!(
            fired(&[importing, send.clone()]),
            ["data_exfiltration:f1,f2"]
        );
        let mut same_file = send.clone();
        same_file.path = "lib/keys.js".into();
        assert_eq!(
            fired(&[read.clone(), same_file]),
            ["data_exfiltration:f1,f2"]
        );
        let reason = &detect(&[read.clone(), {
            let mut s = send;
            s.path = "lib/keys.js".into();
            s
        }])[0];
        assert!(reason.compound);
        assert!(reason.rationale.contains("(in lib/keys.js)"));
        // A send elsewhere that nothing ties to the read stays out of the reason.
        let far = with("f3", "lib/other.js", Capability::OutboundSend);
        let mut near = with("f2", "lib/keys.js", Capability::OutboundSend);
        near.line = 2;
        assert_eq!(fired(&[read, near, far]), ["data_exfiltration:f1,f2"]);
    }

    #[test]
    fn a_package_reading_its_own_settings_folder_is_not_a_stealer() {
        let mut read = with("f1", "dist/tool.js", Capability::CredentialAccess);
        read.snippet =
            r#"throw new Error("Set tools.enabled=true in ~/.relaybot/relaybot.json");"#.into();
        let mut send = with("f2", "dist/tool.js", Capability::OutboundSend);
        send.line = 9;
        let own = PackageSummary {
            name: Some("relaybot".into()),
            kind: Some(skill_scan_model::PackageKind::Npm),
            ..PackageSummary::default()
        };
        assert!(detect_for(&[read.clone(), send.clone()], &own).is_empty());
        // Unnamed, or named otherwise, the same pair is a stealer's.
        assert_eq!(detect(&[read.clone(), send.clone()]).len(), 1);
        let other = PackageSummary {
            name: Some("relaybot-tools".into()),
            ..own.clone()
        };
        assert_eq!(detect_for(&[read.clone(), send.clone()], &other).len(), 1);
        // Another agent's token file read by the same package is not its own.
        read.snippet = "fs.readFileSync(path.join(home, '.claude/.credentials.json'))".into();
        assert_eq!(detect_for(&[read, send], &own).len(), 1);
    }

    #[test]
    fn one_part_alone_fires_nothing() {
        assert!(fired(&[with("f1", "a.js", Capability::CredentialAccess)]).is_empty());
        assert!(fired(&[with("f1", "a.js", Capability::OutboundSend)]).is_empty());
    }

    #[test]
    fn comments_tests_and_readmes_never_make_a_compound() {
        let mut comment = with("f1", "a.js", Capability::CredentialAccess);
        comment.context = Context::Comment;
        let mut in_test = with("f2", "test/a.js", Capability::CredentialAccess);
        in_test.file_role = FileRole::Test;
        let mut readme = with("f3", "README.md", Capability::CredentialAccess);
        readme.context = Context::MarkdownCode;
        let send = with("f4", "a.js", Capability::OutboundSend);
        assert!(fired(&[comment, in_test, readme, send]).is_empty());
    }

    #[test]
    fn compounds_are_attributed_to_the_most_actionable_scope() {
        let mut heartbeat = with("f1", "SKILL.md", Capability::Heartbeat);
        heartbeat.scope = ArtifactScope::AgentEntrypoint;
        heartbeat.context = Context::MarkdownProse;
        let token = with("f2", "scripts/sync.sh", Capability::CredentialAccess);
        let reasons = detect(&[heartbeat, token]);
        assert_eq!(reasons.len(), 1);
        assert_eq!(reasons[0].scope, ArtifactScope::AgentEntrypoint);
        assert_eq!(reasons[0].category, ThreatCategory::AutonomyEscalation);
    }

    #[test]
    fn install_hook_needs_exec_in_the_hook_or_the_script_it_runs() {
        let mut hook = with("f1", "package.json", Capability::InstallHook);
        hook.scope = ArtifactScope::PackageRootArtifact;
        let exec_in_library = with("f2", "lib/update.js", Capability::RemoteExec);
        assert!(fired(&[hook.clone(), exec_in_library]).is_empty());
        let mut exec_in_hook_script = with("f3", "scripts/setup.js", Capability::RemoteExec);
        exec_in_hook_script.scope = ArtifactScope::PackageRootArtifact;
        assert_eq!(fired(&[hook, exec_in_hook_script]), ["supply_chain:f1,f3"]);
    }

    #[test]
    fn install_hook_with_a_blocked_finding_in_its_script_is_a_supply_chain_attack() {
        let mut hook = with("f1", "package.json", Capability::InstallHook);
        hook.scope = ArtifactScope::PackageRootArtifact;
        let mut theft = with("f2", "scripts/setup.js", Capability::CredentialAccess);
        theft.capabilities.push(Capability::OutboundSend);
        theft.scope = ArtifactScope::PackageRootArtifact;
        theft.action = RecommendedAction::Review;
        theft.signal = SignalClass::MaliciousBehavior;
        let only_review = fired(&[hook.clone(), theft.clone()]);
        assert!(
            !only_review.iter().any(|r| r.starts_with("supply_chain")),
            "a review-level hint is no proof: {only_review:?}"
        );
        let mut in_library = theft.clone();
        in_library.scope = ArtifactScope::SupportingArtifact;
        in_library.action = RecommendedAction::Block;
        let library = fired(&[hook.clone(), in_library]);
        assert!(
            !library.iter().any(|r| r.starts_with("supply_chain")),
            "code the hook does not run: {library:?}"
        );
        theft.action = RecommendedAction::Block;
        assert!(fired(&[hook, theft]).contains(&"supply_chain:f1,f2".to_string()));
    }

    #[test]
    fn persistence_needs_a_payload_in_the_same_file() {
        let hooks = with("f1", "install-hooks.js", Capability::Persistence);
        let mut fetch = with("f2", "install-hooks.js", Capability::RemoteExec);
        fetch.action = RecommendedAction::Review;
        let mut elsewhere = fetch.clone();
        elsewhere.path = "lib/update.js".into();
        assert!(!fired(&[hooks.clone(), elsewhere])
            .iter()
            .any(|r| r.starts_with("persistence")));
        let mut hint = fetch.clone();
        hint.action = RecommendedAction::Log;
        assert!(!fired(&[hooks.clone(), hint])
            .iter()
            .any(|r| r.starts_with("persistence")));
        assert!(fired(&[hooks, fetch]).contains(&"persistence:f1,f2".to_string()));
    }

    #[test]
    fn import_time_behaviour_needs_the_import_path() {
        let mut send = with("f1", "pkg/__init__.py", Capability::OutboundSend);
        send.action = RecommendedAction::Review;
        assert!(fired(&[send.clone()]).is_empty());
        send.import_time = true;
        assert_eq!(fired(&[send.clone()]), ["supply_chain:f1"]);
        send.action = RecommendedAction::Log;
        assert!(
            fired(&[send]).is_empty(),
            "a log-level hint alone (a loader probing the platform) is no proof"
        );
    }

    #[test]
    fn concealment_joins_only_the_fetch_it_names_or_shares_a_file_with() {
        let mut hide = with("f1", "skill/SKILL.md", Capability::Concealment);
        hide.scope = ArtifactScope::AgentEntrypoint;
        hide.context = Context::MarkdownProse;
        let mut fetch = with("f2", "skill/scripts/setup.sh", Capability::RemoteExec);
        fetch.action = RecommendedAction::Review;
        let unnamed = fired(&[hide.clone(), fetch.clone()]);
        assert!(
            !unnamed.iter().any(|r| r.starts_with("remote_exec")),
            "{unnamed:?}"
        );
        hide.related.push(skill_scan_model::RelatedLocation {
            path: "skill/SKILL.md".into(),
            line: 3,
            column: 5,
            message: "names scripts/setup.sh".into(),
        });
        assert_eq!(fired(&[hide.clone(), fetch.clone()]), ["remote_exec:f1,f2"]);
        let mut hint = fetch;
        hint.action = RecommendedAction::Log;
        assert!(
            fired(&[hide, hint]).is_empty(),
            "a log-level hint is no fetch-and-run"
        );
    }

    #[test]
    fn concealment_of_a_credential_read_in_agent_text_is_one_attack() {
        let mut hide = with("f1", "tools.json", Capability::Concealment);
        hide.scope = ArtifactScope::AgentEntrypoint;
        let mut read = with("f2", "tools.json", Capability::CredentialAccess);
        read.action = RecommendedAction::Review;
        assert!(fired(&[hide.clone(), read.clone()])
            .iter()
            .any(|r| r == "persistent_prompt_tampering:f1,f2"));
        // Elsewhere, or only a hint, or an order to hide in code nobody reads as instructions: nothing.
        let mut far = read.clone();
        far.path = "scripts/other.py".into();
        assert!(fired(&[hide.clone(), far]).is_empty());
        let mut hint = read.clone();
        hint.action = RecommendedAction::Log;
        assert!(fired(&[hide.clone(), hint]).is_empty());
        hide.scope = ArtifactScope::SupportingArtifact;
        assert!(fired(&[hide, read]).is_empty());
    }

    #[test]
    fn behaviour_in_an_install_script_is_said_to_run_at_install() {
        let mut spawn = with("f1", "scripts/prepare.js", Capability::ProcessExec);
        spawn.action = RecommendedAction::Review;
        spawn.import_time = true;
        spawn.scope = ArtifactScope::PackageRootArtifact;
        let reasons = detect(&[spawn.clone()]);
        assert!(
            reasons[0].rationale.starts_with("Installing the package"),
            "{reasons:?}"
        );
        spawn.scope = ArtifactScope::SupportingArtifact;
        let reasons = detect(&[spawn]);
        assert!(
            reasons[0].rationale.starts_with("Merely importing"),
            "{reasons:?}"
        );
    }

    #[test]
    fn approval_off_joins_a_settings_write_in_its_file_or_the_file_it_names() {
        let mut write = with("f1", "skill/SKILL.md", Capability::PromptOverride);
        write.scope = ArtifactScope::AgentEntrypoint;
        write.snippet = "Copy `agents/worker.json` into `~/.claude/settings.json`.".into();
        let named = with("f2", "skill/agents/worker.json", Capability::ApprovalOff);
        let elsewhere = with("f3", "skill/other/worker.json", Capability::ApprovalOff);
        let in_the_file = with("f4", "skill/SKILL.md", Capability::ApprovalOff);
        assert_eq!(
            fired(&[write.clone(), named]),
            ["autonomy_escalation:f1,f2"]
        );
        assert!(fired(&[write.clone(), elsewhere]).is_empty());
        assert_eq!(fired(&[write, in_the_file]), ["autonomy_escalation:f1,f4"]);
    }

    #[test]
    fn an_override_joins_execution_by_its_strength() {
        let mut outright = with("f1", "SKILL.md", Capability::PromptOverride);
        outright.action = RecommendedAction::Block;
        let far_exec = with("f2", "lib/run.js", Capability::ProcessExec);
        assert_eq!(
            fired(&[outright, far_exec.clone()]),
            vec!["remote_exec:f1,f2".to_string()]
        );
        // A settings edit and a log-level command builder in another file: not connected.
        let mut settings = with("f1", "SKILL.md", Capability::PromptOverride);
        settings.action = RecommendedAction::Review;
        assert!(fired(&[settings.clone(), far_exec]).is_empty());
        // In the same file, and mattering on its own: connected.
        let mut near_exec = with("f2", "SKILL.md", Capability::ProcessExec);
        near_exec.action = RecommendedAction::Review;
        assert_eq!(
            fired(&[settings, near_exec]),
            vec!["remote_exec:f1,f2".to_string()]
        );
    }

    #[test]
    fn every_detector_has_a_firing_pair() {
        use Capability::*;
        let pairs: &[(Capability, Capability, &str)] = &[
            (Heartbeat, CredentialAccess, "autonomy_escalation"),
            (McpRemoteEndpoint, McpExecSurface, "remote_exec"),
            (BroadPermission, AutonomyBypass, "autonomy_escalation"),
            (TraceWipe, Persistence, "anti_forensics"),
            (EnvDump, OutboundSend, "data_exfiltration"),
        ];
        for (a, b, category) in pairs {
            let found = fired(&[with("f1", "SKILL.md", *a), with("f2", "run.js", *b)]);
            assert!(
                found.iter().any(|r| r.starts_with(category)),
                "{a} + {b}: {found:?}"
            );
        }
    }
}
