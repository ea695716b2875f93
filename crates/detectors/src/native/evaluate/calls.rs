//! What a call does, by its resolved callee: opens a raw connection, looks up a name in DNS, starts a
//! process, or runs code. The evaluator records these call sites (with imports and aliases resolved,
//! so `from subprocess import Popen as P; P(cmd)` is a spawn) for the install-time detector.

use crate::ascii_classes::ascii_regex;
use regex::Regex;
use std::sync::LazyLock;

/// What kind of behaviour a call is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Behaviour {
    /// A raw TCP/UDP socket connection or send.
    RawNetwork,
    DnsLookup,
    /// A process or shell command.
    Spawn,
    /// Code evaluated from a string (`exec`, `eval`, `Function`).
    Exec,
}

impl Behaviour {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Behaviour::RawNetwork => "opens a raw network connection",
            Behaviour::DnsLookup => "looks up a host name in DNS",
            Behaviour::Spawn => "starts a process",
            Behaviour::Exec => "runs code built at run time",
        }
    }
}

/// One call whose behaviour is known, in segment offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CallSite {
    pub start: usize,
    pub end: usize,
    pub path: String,
    pub behaviour: Behaviour,
    /// The program, command or code is written as a literal (`["cmake", …]`, `"git status"`).
    pub literal: bool,
    /// The first argument's value is known without running anything: a literal, a module constant, a
    /// string built from them (`HOST = "x.example"; socket.gethostbyname(HOST)`).
    pub known: bool,
    /// The process is started to outlive its parent (`detached: true`, `start_new_session=True`, `nohup`).
    pub detached: bool,
}

/// Call sites recorded per segment.
pub(crate) const MAX_CALL_SITES: usize = 4096;

/// The behaviour of a call by its resolved callee path.
pub(crate) fn classify(path: &str, python: bool) -> Option<Behaviour> {
    let last = path.rsplit('.').next().unwrap_or(path);
    if python {
        if path.starts_with("socket.socket(") || path.starts_with("socket.create_connection(") {
            return matches!(
                last,
                "connect" | "connect_ex" | "send" | "sendall" | "sendto"
            )
            .then_some(Behaviour::RawNetwork);
        }
        return match path {
            "socket.create_connection" => Some(Behaviour::RawNetwork),
            "socket.gethostbyname" | "socket.gethostbyname_ex" | "socket.getaddrinfo" => {
                Some(Behaviour::DnsLookup)
            }
            p if p.starts_with("dns.resolver.") => Some(Behaviour::DnsLookup),
            "subprocess.run"
            | "subprocess.call"
            | "subprocess.Popen"
            | "subprocess.check_call"
            | "subprocess.check_output"
            | "subprocess.getoutput"
            | "subprocess.getstatusoutput"
            | "os.system"
            | "os.popen"
            | "os.execv"
            | "os.execve"
            | "os.execl"
            | "os.execlp"
            | "os.execvp"
            | "os.spawnv"
            | "os.spawnl"
            | "os.spawnlp"
            | "os.startfile"
            | "pty.spawn" => Some(Behaviour::Spawn),
            "exec" | "eval" | "builtins.exec" | "builtins.eval" => Some(Behaviour::Exec),
            _ => None,
        };
    }
    let module = path.split(").").next().unwrap_or("");
    match (module, last) {
        ("require(\"child_process\"" | "require(\"node:child_process\"", _)
            if matches!(
                last,
                "spawn" | "exec" | "execFile" | "fork" | "spawnSync" | "execSync" | "execFileSync"
            ) =>
        {
            Some(Behaviour::Spawn)
        }
        (
            "require(\"net\"" | "require(\"node:net\"" | "require(\"tls\"" | "require(\"node:tls\"",
            _,
        ) if matches!(last, "connect" | "createConnection") => Some(Behaviour::RawNetwork),
        ("require(\"dns\"" | "require(\"node:dns\"", _)
            if last.starts_with("lookup") || last.starts_with("resolve") =>
        {
            Some(Behaviour::DnsLookup)
        }
        _ if matches!(path, "eval" | "Function") => Some(Behaviour::Exec),
        _ => None,
    }
}

// A constant pattern (the tests run it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static DETACHED: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r#"detached\s*:\s*true|start_new_session\s*=\s*True|preexec_fn\s*=\s*os\.setsid|DETACHED_PROCESS|\bnohup\s|\bsetsid\s|&\s*["'`]\s*[,)\]]|&\s*disown"#,
    )
    .expect("constant detached-process pattern")
});

/// Whether a spawn call's text starts the process detached from the installer.
pub(crate) fn is_detached(call_text: &str) -> bool {
    DETACHED.is_match(call_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callees_are_classified_by_what_they_do() {
        assert_eq!(classify("subprocess.Popen", true), Some(Behaviour::Spawn));
        assert_eq!(
            classify("socket.socket(socket.AF_INET).connect", true),
            Some(Behaviour::RawNetwork)
        );
        assert_eq!(classify("socket.socket().fileno", true), None);
        assert_eq!(
            classify("require(\"child_process\").spawn", false),
            Some(Behaviour::Spawn)
        );
        assert_eq!(
            classify("require(\"dns\").lookup", false),
            Some(Behaviour::DnsLookup)
        );
        assert_eq!(classify("require(\"fs\").readFileSync", false), None);
        assert!(is_detached(
            "spawn(bin, [], { detached: true, stdio: 'ignore' })"
        ));
        assert!(is_detached("subprocess.Popen(cmd, start_new_session=True)"));
        assert!(is_detached(
            "os.system(\"nohup ./agent >/dev/null 2>&1 &\")"
        ));
        assert!(!is_detached(
            "subprocess.run([\"cmake\", \"--build\", \".\"], check=True)"
        ));
    }
}
