//! A process started to run a network client (`nslookup`, `dig`, `ping`, `curl`, `nc`, …) sends what
//! its command line carries: `os.system("nslookup " + label + ".zone")` is a DNS lookup as much as
//! `socket.gethostbyname(label + ".zone")`. The program is read from the literal the command line or
//! argument vector starts with; a computed program is not guessed.

use super::*;

/// Programs whose command line goes over the network: DNS clients, ping, HTTP clients and raw sockets.
const NETWORK_CLIENTS: &[&str] = &[
    "nslookup", "dig", "host", "ping", "ping6", "curl", "wget", "nc", "ncat", "netcat", "telnet",
];

/// How deep the leftmost literal of a command line is looked for.
const MAX_DEPTH: usize = 8;

impl<'t> Analysis<'t> {
    /// The network client a process-starting call runs, when its command line or argument vector
    /// starts with one written as a literal (or a constant).
    pub(super) fn network_client(&self, call: Node<'t>) -> Option<&'static str> {
        let first = self
            .argument(call, 0, "args")
            .or_else(|| self.argument(call, 0, "cmd"))
            .or_else(|| self.argument(call, 0, "command"))?;
        let head = self.leftmost_literal(first, 0)?;
        let word = head.split_whitespace().next()?;
        let program = word.rsplit(['/', '\\']).next().unwrap_or(word);
        let program = program.strip_suffix(".exe").unwrap_or(program);
        NETWORK_CLIENTS.iter().copied().find(|c| *c == program)
    }

    /// The literal text an expression starts with: a string (up to its first interpolation), the first
    /// item of a list, the left operand of `+`, the template of `"…".format(…)`, a constant's value.
    pub(super) fn leftmost_literal(&self, node: Node<'t>, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.kind(node) {
            "string" | "template_string" => {
                let mut cursor = node.walk();
                let starts_computed = node
                    .named_children(&mut cursor)
                    .find(|c| !matches!(self.kind(*c), "string_start" | "string_end"))
                    .is_some_and(|c| {
                        matches!(self.kind(c), "interpolation" | "template_substitution")
                    });
                if starts_computed {
                    return None;
                }
                self.string_value(node)
            }
            "concatenated_string" => self.string_value(node),
            "list" | "tuple" | "array" | "parenthesized_expression" => {
                self.leftmost_literal(node.named_child(0)?, depth + 1)
            }
            "binary_operator" | "binary_expression" => {
                self.leftmost_literal(self.field(node, "left")?, depth + 1)
            }
            "call" | "call_expression" => {
                let function = self.field(node, "function")?;
                let object = self.field(function, "object")?;
                self.leftmost_literal(object, depth + 1)
            }
            "identifier" => self.read_const(self.node_text(node)).map(str::to_string),
            _ => None,
        }
    }
}
