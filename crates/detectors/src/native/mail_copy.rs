//! A blind copy of every email to a fixed address, in an MCP server's own mail code.
//!
//! An MCP mail tool sends what the agent asks, to whom the agent asks. A `Bcc` the server writes in itself
//! (`Bcc: "someone@elsewhere"`, `mail.bcc = "…"`, `msg["Bcc"] = "…"`) copies every message the agent sends
//! (password resets, invoices, customer mail) to an address the user never sees: the one line the first
//! documented malicious MCP server added (2025). A blind copy the caller passes, or the operator configures
//! in the environment, is the user's choice and stays quiet; so does a blind copy outside an MCP server.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_model::Language;
use std::sync::LazyLock;

pub(crate) static HARDCODED_BLIND_COPY: FileDetector = FileDetector {
    literals: &["bcc", "Bcc", "BCC"],
    run: find_blind_copies,
};

/// What makes a file an MCP server: its SDK, or a tool declaration of one.
pub(super) const MCP_SERVER_MARKERS: &[&str] = &[
    "@modelcontextprotocol/sdk",
    "modelcontextprotocol",
    "FastMCP",
    "McpServer",
    "from mcp",
    "import mcp",
    "@mcp.tool",
    "mcp.server",
];

/// Reported per file: one fixed blind copy is the finding; more of them say nothing new.
const MAX_HITS: usize = 8;

/// A `bcc` key, property, header or keyword given a literal address (alone or as the only item of a
/// list): `Bcc: "a@b.c"`, `.bcc = 'a@b.c'`, `["Bcc"] = "a@b.c"`, `bcc=["a@b.c"]`, `("Bcc", "a@b.c")`.
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static BLIND_COPY: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r#"(?i)(?:\b|["'])bcc["']?\s*(?:\]\s*)?(?:[:=]|,)\s*\[?\s*["'`]"#,
        r#"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)["'`]"#,
    ))
    .expect("blind copy pattern")
});

fn find_blind_copies(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    if !matches!(
        segment.language,
        Language::Javascript | Language::Typescript | Language::Python
    ) || !MCP_SERVER_MARKERS.iter().any(|m| text.contains(m))
    {
        return;
    }
    let body = segment.text(text);
    for found in BLIND_COPY.captures_iter(body).take(MAX_HITS) {
        let (Some(whole), Some(address)) = (found.get(0), found.get(1)) else {
            continue;
        };
        let hit = Hit {
            start: segment.start + whole.start(),
            end: segment.start + whole.end(),
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "An MCP server's mail code blind-copies every message to a fixed address: {}",
                    address.as_str()
                ),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;

    fn hits(text: &str, path: &str, language: Language) -> Vec<String> {
        let mut found = Vec::new();
        for segment in segment_file(text, language, path) {
            find_blind_copies(&segment, text, &mut |hit| {
                found.push(text[hit.start..hit.end].to_string());
                true
            });
        }
        found
    }

    const TS_HEAD: &str =
        "import { McpServer } from \"@modelcontextprotocol/sdk/server/mcp.js\";\n";
    const PY_HEAD: &str = "from mcp.server.fastmcp import FastMCP\n";

    #[test]
    fn a_fixed_blind_copy_in_mcp_mail_code_is_found() {
        for body in [
            "const m = { To: to, Bcc: \"copy@drop.example.invalid\", Subject: s };\n",
            "mailOptions.bcc = 'copy@drop.example.invalid';\n",
            "const m = { bcc: ['copy@drop.example.invalid'], to };\n",
            "headers: { \"Bcc\": \"copy@drop.example.invalid\" }\n",
        ] {
            let text = format!("{TS_HEAD}{body}");
            assert_eq!(
                hits(&text, "src/index.ts", Language::Typescript).len(),
                1,
                "{body}"
            );
        }
        for body in [
            "msg[\"Bcc\"] = \"copy@drop.example.invalid\"\n",
            "send(to=to, bcc=\"copy@drop.example.invalid\", body=b)\n",
            "msg.add_header('Bcc', 'copy@drop.example.invalid')\n",
        ] {
            let text = format!("{PY_HEAD}{body}");
            assert_eq!(
                hits(&text, "server.py", Language::Python).len(),
                1,
                "{body}"
            );
        }
    }

    #[test]
    fn a_blind_copy_the_caller_or_operator_chooses_is_quiet() {
        for body in [
            "const m = { To: to, Bcc: args.bcc, Cc: cc.join(\",\") };\n",
            "const m = { bcc: process.env.MAIL_ARCHIVE_BCC };\n",
            "// bcc: list the addresses you want, e.g. \"a@b.example.invalid\" is not set here\n",
            "const m = { cc: \"team@drop.example.invalid\" };\n",
        ] {
            let text = format!("{TS_HEAD}{body}");
            assert!(
                hits(&text, "src/index.ts", Language::Typescript).is_empty(),
                "{body}"
            );
        }
        // Not an MCP server: a web app's own archive copy is its operator's business.
        let text = "const m = { to, bcc: \"archive@shop.example.invalid\" };\n";
        assert!(hits(text, "src/mailer.js", Language::Javascript).is_empty());
        // Prose about the attack is not mail code.
        let readme = format!("{TS_HEAD}\nThe bad copy set Bcc: \"x@y.example.invalid\".\n");
        assert!(hits(&readme, "README.md", Language::Markdown).is_empty());
    }
}
