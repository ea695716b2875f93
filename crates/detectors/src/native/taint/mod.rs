//! Data flow within a module: a secret read or a download that reaches a network send or an `eval`.
//!
//! One small, flow-insensitive analysis per JavaScript/TypeScript/Python segment, over the segment's own
//! (lazily parsed, shared) tree:
//! - *labels* mark where data came from: a credential file read, a whole-environment dump, a secret-named
//!   environment variable, a download, a decoder (base64, hex, zlib, char codes);
//! - labels flow through assignments, concatenation and formatting, object/dict literals, serialisers,
//!   method calls on labelled values and the callbacks they take, and through *wrappers*: a local function
//!   whose parameter reaches a sink is summarised, and a call to it is a sink for that argument;
//! - *sinks* are network sends, code/process execution, and making a written download executable.
//!
//! The result is a short list of [`Flow`]s per segment, computed once and shared by the rules that report
//! each kind (one rule per kind, so each carries its own capabilities and documentation). The analysis is
//! bounded: segments over [`MAX_SEGMENT_BYTES`] are skipped with a note, and a pass stops after
//! [`MAX_NODES`] nodes.

mod engine;
mod javascript;
mod python;

pub(crate) use engine::is_credential_path;

use super::FileDetector;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use crate::syntax::Grammar;

/// Larger segments are minified bundles or generated code; their flows are not worth the time.
pub(crate) const MAX_SEGMENT_BYTES: usize = 1024 * 1024;
/// Node visits per pass (the analysis makes a few passes to reach a fixed point).
pub(crate) const MAX_NODES: usize = 400_000;

/// What kind of flow a rule reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum FlowKind {
    /// A credential file, keychain item or browser/wallet store reaches a network send.
    CredentialToNetwork,
    /// The process environment (whole, or several secret variables) reaches a network send.
    EnvironmentToNetwork,
    /// Downloaded data (or a file written from it) is executed, evaluated or made executable.
    DownloadToExec,
    /// Decoded data (base64, hex, zlib, char codes, marshal) is executed or evaluated.
    DecodedToExec,
    /// The user name or host name reaches a network send or a DNS lookup.
    HostInfoToNetwork,
}

/// One source-to-sink flow, in segment-relative offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flow {
    pub kind: FlowKind,
    pub sink: (usize, usize),
    /// What the sink does, e.g. `https.request (network send)`.
    pub sink_what: String,
    pub source_at: usize,
    /// What the source is, e.g. `reads .npmrc`.
    pub source_what: String,
    /// A call of a local wrapper that carried the data to the sink.
    pub via: Option<(usize, String)>,
}

/// The flows of one segment, and why the analysis was skipped, if it was.
#[derive(Debug, Default)]
pub(crate) struct Flows {
    pub flows: Vec<Flow>,
    pub note: Option<String>,
}

/// The flows of `segment`, analysing it on first use.
pub(crate) fn flows<'s>(segment: &'s Segment, file_text: &str) -> &'s Flows {
    segment.cached_with_note(
        || analyse(segment, file_text),
        |flows: &Flows| flows.note.clone(),
    )
}

fn analyse(segment: &Segment, file_text: &str) -> Flows {
    let Some(grammar) = segment.grammar else {
        return Flows::default();
    };
    let text = segment.text(file_text);
    // Long string literals are one node each: the limit is on the code around them.
    if text.len() > MAX_SEGMENT_BYTES
        && skill_scan_rules::code_bytes(grammar, text) > MAX_SEGMENT_BYTES
    {
        return Flows {
            flows: Vec::new(),
            note: Some(format!(
                "data-flow rules skipped: {} bytes is over the {MAX_SEGMENT_BYTES}-byte limit for flow analysis",
                text.len()
            )),
        };
    }
    let Some(tree) = segment.tree(file_text) else {
        return Flows::default();
    };
    let lang = if grammar == Grammar::Python {
        engine::Lang::Python
    } else {
        engine::Lang::Javascript
    };
    engine::run(tree, text, lang)
}

fn report(kind: FlowKind, segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    if segment.grammar.is_none() {
        return;
    }
    for flow in flows(segment, text).flows.iter().filter(|f| f.kind == kind) {
        let mut related = vec![(segment.start + flow.source_at, source_note(kind, flow))];
        if let Some((at, what)) = &flow.via {
            related.push((segment.start + at, what.clone()));
        }
        let hit = Hit {
            start: segment.start + flow.sink.0,
            // The sink span is cut at 200 bytes, which can fall inside a character.
            end: skill_scan_model::ceil_char_boundary(text, segment.start + flow.sink.1),
            detail: Some(Box::new(HitDetail {
                message: message(kind, flow),
                related,
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

fn source_note(kind: FlowKind, flow: &Flow) -> String {
    let what = &flow.source_what;
    match kind {
        FlowKind::CredentialToNetwork => format!("secret read here ({what})"),
        FlowKind::EnvironmentToNetwork => match what.strip_prefix(engine::SECRET_PARAMETER) {
            Some(name) => format!("secret parameter `{name}` here"),
            None => format!("environment read here ({what})"),
        },
        FlowKind::DownloadToExec => format!("downloaded here ({what})"),
        FlowKind::DecodedToExec => format!("decoded here ({what})"),
        FlowKind::HostInfoToNetwork => format!("host identity read here ({what})"),
    }
}

fn message(kind: FlowKind, flow: &Flow) -> String {
    let (source, sink) = (&flow.source_what, &flow.sink_what);
    match kind {
        FlowKind::CredentialToNetwork => {
            format!("Credential data ({source}) flows into a network send: {sink}")
        }
        // A key-named parameter is a secret the caller hands in, not one read from the environment.
        FlowKind::EnvironmentToNetwork => {
            match source.strip_prefix(engine::SECRET_PARAMETER) {
                Some(name) => {
                    format!("A secret passed in as parameter `{name}` flows into a network send: {sink}")
                }
                None => format!("Environment secrets ({source}) flow into a network send: {sink}"),
            }
        }
        FlowKind::DownloadToExec => format!("Downloaded data ({source}) is executed: {sink}"),
        FlowKind::DecodedToExec => format!("Decoded data ({source}) is executed: {sink}"),
        FlowKind::HostInfoToNetwork => {
            format!("Host identity ({source}) flows into a network send: {sink}")
        }
    }
}

/// Literals that name a credential store or keychain (one must be in the file).
const CREDENTIAL_LITERALS: &[&str] = &[
    // MCP clients' server lists (their `env` blocks hold API keys).
    "mcp.json",
    "claude_desktop_config",
    "mcp_config.json",
    // A path spelled from constants inside a template literal (`${'.np' + 'mrc'}`).
    "${'",
    "${\"",
    ".ssh",
    "id_rsa",
    "id_ed25519",
    ".aws",
    ".npmrc",
    ".pypirc",
    ".netrc",
    ".git-credentials",
    ".docker",
    ".kube",
    "gcloud",
    "hosts.yml",
    ".gnupg",
    ".env",
    "Login Data",
    "Cookies",
    "Local State",
    "logins.json",
    "key4.db",
    "wallet",
    "keystore",
    "Exodus",
    ".electrum",
    "solana",
    "/var/run/secrets",
    ".openclaw",
    ".clawdbot",
    "find-generic-password",
    "find-internet-password",
    "dump-keychain",
    "nkbihfbeogaeaoehlefnkodbefgpgknn",
    "launcher_accounts",
    "microsoft_accounts",
    ".lunarclient",
    // CLIs asked to print their stored login token.
    "auth token",
    "_authToken",
    "print-access-token",
    "print-identity-token",
    "get-access-token",
    "export-credentials",
    "aws_secret_access_key",
    // Libraries that decrypt the browsers' cookie stores.
    "browser_cookie",
    "browsercookie",
    "pycookiecheat",
    "rookiepy",
    // The caller's frames (`inspect.stack()`): their files are the user's own scripts.
    "stack()",
    // An IPython session's input history (`history_manager.input_hist_raw`): the user's own cells.
    "input_hist_",
];

pub(crate) static CREDENTIAL_TO_NETWORK: FileDetector = FileDetector {
    literals: CREDENTIAL_LITERALS,
    run: |segment, text, keep| report(FlowKind::CredentialToNetwork, segment, text, keep),
};

pub(crate) static ENVIRONMENT_TO_NETWORK: FileDetector = FileDetector {
    // The environment, or a key-named parameter a function may post to a collector.
    literals: &[
        "process.env",
        "environ",
        "getenv",
        "private_key",
        "privatekey",
        "priv_key",
        "mnemonic",
        "seed_phrase",
        "wallet_key",
        "api_key",
        "apikey",
        "access_key",
        "secret",
        "passw",
        "passphrase",
        "token",
    ],
    run: |segment, text, keep| report(FlowKind::EnvironmentToNetwork, segment, text, keep),
};

pub(crate) static DOWNLOAD_TO_EXEC: FileDetector = FileDetector {
    literals: &[
        "fetch",
        "axios",
        "http.get",
        "https.get",
        "http.request",
        "https.request",
        "got(",
        "needle",
        "XMLHttpRequest",
        "undici",
        "requests",
        "urlopen",
        "urlretrieve",
        "httpx",
        "urllib",
        "socket",
        "aiohttp",
        "superagent",
        // A downloader started with an argument list writes the file it names.
        "curl",
        "wget",
        "OutFile",
    ],
    run: |segment, text, keep| report(FlowKind::DownloadToExec, segment, text, keep),
};

pub(crate) static DECODED_TO_EXEC: FileDetector = FileDetector {
    literals: &[
        "atob",
        "base64",
        "fromCharCode",
        "'hex'",
        "\"hex\"",
        "decompress",
        "inflate",
        "gunzip",
        "unzipSync",
        "marshal",
        "unhexlify",
        "fromhex",
        "rot13",
        "rot_13",
        "chr(",
        "unescape",
        "b64decode",
        "a2b_",
        "decrypt",
        // Code built in the call from a constant (a substitution cipher in a comprehension).
        "exec(\"",
        "exec('",
        "eval(\"",
        "eval('",
    ],
    run: |segment, text, keep| report(FlowKind::DecodedToExec, segment, text, keep),
};

/// Calls that say who and where the code runs (one must be in the file).
pub(crate) static HOST_INFO_TO_NETWORK: FileDetector = FileDetector {
    literals: &[
        "getuser",
        "gethostname",
        "getfqdn",
        "getlogin",
        "uname",
        "platform.node",
        "hostname",
        "userInfo",
        "USERNAME",
        "COMPUTERNAME",
        "getcwd",
    ],
    run: |segment, text, keep| report(FlowKind::HostInfoToNetwork, segment, text, keep),
};

/// The same flow with its send in code that runs at install (a `setup.py` top level, its command
/// classes and callbacks, the scripts npm lifecycle hooks run): connected evidence of an install beacon.
pub(crate) static HOST_INFO_AT_INSTALL: FileDetector = FileDetector {
    literals: HOST_INFO_TO_NETWORK.literals,
    run: report_host_info_at_install,
};

/// The same flow with its send in code that runs when the module loads (its top level, or a function the
/// top level calls): every import reports the machine, whether or not the module is the package's entry.
pub(crate) static HOST_INFO_ON_LOAD: FileDetector = FileDetector {
    literals: HOST_INFO_TO_NETWORK.literals,
    run: |segment, text, keep| report_host_info_when_run(segment, text, false, keep),
};

fn report_host_info_at_install(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    report_host_info_when_run(segment, text, true, keep);
}

/// Host-identity flows whose send runs at install (`install`) or when the module loads.
fn report_host_info_when_run(
    segment: &Segment,
    text: &str,
    install: bool,
    keep: &mut dyn FnMut(Hit) -> bool,
) {
    let Some(grammar) = segment.grammar.filter(|g| *g != Grammar::Bash) else {
        return;
    };
    let found = flows(segment, text);
    if !found
        .flows
        .iter()
        .any(|f| f.kind == FlowKind::HostInfoToNetwork)
    {
        return;
    }
    let Some(tree) = segment.tree(text) else {
        return;
    };
    let map = if install {
        crate::import_time::ImportTimeMap::for_install(tree, segment.text(text), grammar)
    } else {
        crate::import_time::ImportTimeMap::new(tree, segment.text(text), grammar)
    };
    report(
        FlowKind::HostInfoToNetwork,
        segment,
        text,
        &mut |hit: Hit| {
            if !map.runs_on_import(hit.start - segment.start) {
                return true;
            }
            keep(hit)
        },
    );
}

#[cfg(test)]
mod tests;
