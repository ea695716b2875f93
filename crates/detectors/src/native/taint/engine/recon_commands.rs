//! What a process that reports on the machine prints is that machine's identity: the output of
//! `os.popen("whoami").read()` or `subprocess.check_output(["hostname"])` carries the same thing as
//! `getpass.getuser()` or `socket.gethostname()`, so a send of it is a send of host identity. The program
//! is read from the literal the command line starts with (as for network clients); a computed command is
//! not guessed, and a question that only picks a build (`uname -m`, plain `uname`) is not identity.

use super::*;

/// Programs whose output names the machine, its users or its network identity.
const IDENTITY_PROGRAMS: &[&str] = &[
    "whoami",
    "hostname",
    "id",
    "ipconfig",
    "ifconfig",
    "systeminfo",
    "hostnamectl",
    "users",
    "who",
];

/// Files whose contents list the machine's accounts or name.
const IDENTITY_FILES: &[&str] = &["/etc/passwd", "/etc/hostname", "/etc/shadow", "/etc/group"];

impl<'t> Analysis<'t> {
    /// What a process-starting call's output tells about the machine, when its command is a literal that
    /// asks for the host's identity (`whoami`, `hostname`, `uname -a`, `cat /etc/passwd`).
    pub(super) fn identity_command(&self, call: Node<'t>) -> Option<String> {
        let first = self
            .argument(call, 0, "args")
            .or_else(|| self.argument(call, 0, "cmd"))
            .or_else(|| self.argument(call, 0, "command"))?;
        let line = self.command_words(first)?;
        let mut words = line.split_whitespace();
        let word = words.next()?;
        let program = word.rsplit(['/', '\\']).next().unwrap_or(word);
        let program = program.strip_suffix(".exe").unwrap_or(program);
        let rest: Vec<&str> = words.take(4).collect();
        let asks = IDENTITY_PROGRAMS.contains(&program)
            || (program == "uname"
                && rest
                    .iter()
                    .any(|w| matches!(*w, "-a" | "-n" | "--all" | "--nodename")))
            || (matches!(program, "cat" | "type" | "head")
                && rest.iter().any(|w| IDENTITY_FILES.contains(w)));
        asks.then(|| format!("output of `{}`", short(&line)))
    }

    /// What a process-starting call's output holds when its command prints a stored credential: a CLI's
    /// login token (`gh auth token`, `npm config get //registry…:_authToken`, `gcloud auth
    /// print-access-token`, `aws configure get aws_secret_access_key`, `az account get-access-token`).
    pub(super) fn credential_command(&self, call: Node<'t>) -> Option<String> {
        let first = self
            .argument(call, 0, "args")
            .or_else(|| self.argument(call, 0, "cmd"))
            .or_else(|| self.argument(call, 0, "command"))?;
        let line = self.command_words(first)?;
        let words: Vec<&str> = line.split_whitespace().take(6).collect();
        let program = words
            .first()?
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default();
        let program = program.strip_suffix(".exe").unwrap_or(program);
        let has = |w: &str| words.contains(&w);
        let prints = match program {
            "gh" => has("auth") && (has("token") || has("--show-token") || has("-t")),
            "npm" | "pnpm" | "yarn" => {
                has("config") && has("get") && words.iter().any(|w| w.contains("_authToken"))
            }
            "gcloud" => {
                has("auth")
                    && words
                        .iter()
                        .any(|w| w.starts_with("print-") && w.ends_with("token"))
            }
            "aws" => {
                (has("configure")
                    && has("get")
                    && words
                        .iter()
                        .any(|w| w.contains("secret") || w.contains("session_token")))
                    || (has("configure") && has("export-credentials"))
            }
            "az" => has("account") && has("get-access-token"),
            _ => false,
        };
        prints.then(|| format!("output of `{}`", short(&line)))
    }

    /// The literal words a command starts with: a string, or the literal items an argument vector starts
    /// with (`["cat", "/etc/passwd"]`).
    fn command_words(&self, node: Node<'t>) -> Option<String> {
        if matches!(self.kind(node), "list" | "tuple" | "array") {
            let mut cursor = node.walk();
            let words: Vec<String> = node
                .named_children(&mut cursor)
                .take(5)
                .map_while(|item| self.string_value(item))
                .collect();
            return (!words.is_empty()).then(|| words.join(" "));
        }
        self.leftmost_literal(node, 0)
    }
}

/// A command line cut for a message.
fn short(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}
