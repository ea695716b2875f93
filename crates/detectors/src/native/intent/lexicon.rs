//! The words of each intent: what an imperative verb looks like, what counts as a credential store, an
//! external drop, code from outside a registry, instructions from a server, concealment, an override.
//!
//! Each recogniser reads one step (already normalised) and returns the byte range of what it found. An
//! intent that is an action (read, send, run) counts only as an imperative: the verb opens a clause
//! ("Read …", "then send …", "you must upload …"), so descriptions ("the CLI reads …") and reported
//! speech ("attackers tell you to read …") never match; "do not read" fails the same test.

use crate::ascii_classes::ascii_regex;
use regex::Regex;
use skill_scan_rules::GatedRegex;
use std::ops::Range;
use std::sync::LazyLock;

/// Compiles a constant pattern of this file (each is exercised by the tests, so `expect` never sees
/// scanned data).
#[allow(clippy::expect_used)]
pub(super) fn pattern(source: &str) -> Regex {
    ascii_regex(source).expect("constant intent pattern")
}

/// Where an imperative clause starts: the step's start, after a list marker, a lead-in ("first,", "then",
/// "you must"), or a clause break. The verb follows in each recogniser.
pub(super) const CLAUSE: &str = r"(?i)(?:^|[,:;(|]\s*|\b(?:and|then|also|now|first|next|finally|please|afterwards|and\s+then|after\s+that)\s*,?\s+|\b(?:every|each|once\s+an?|once\s+per)\s+(?:\d+\s*|[a-z]+\s+)?(?:seconds?|minutes?|mins?|hours?|hrs?|days?|time|run|session|turn|task)\s*,?\s+|\b(?:(?:you|the\s+(?:assistant|agent|model|ai|llm))\s+(?:must|should|need\s+to|needs\s+to|has\s+to|have\s+to|will|are\s+to|is\s+to|can)(?:\s+(?:first|then|also|always|now))?|make\s+sure\s+(?:to|you)|be\s+sure\s+to|remember\s+to|always|immediately|quietly|silently|secretly|kindly|simply|just|go\s+ahead\s+and|feel\s+free\s+to|(?:do\s+not|don't|never)\s+hesitate\s+to|your\s+(?:task|job|first\s+step)\s+is\s+to)\s+|\buse\s+[^,.;]{1,40}?\bto\s+)";

/// Where a step's first word starts: after the markup, numbering and labels in front of it (list
/// markers, `1.`, `Step 2:`, `<!--`, `a)`, `Agent:`), read left to right as the pattern
/// `(?i)^(?:\s*(?:[-*+>|]|\d{1,3}[.)]|step\s+\d{1,3}\s*[:.)-]|<!--|\(?[a-z]\)|(?:assistant|claude|agent|ai|note)\s*[:,]))*\s*`
/// (ASCII classes) would match; every step of every document asks, and compiling that pattern cost a
/// small skill's scan more than reading it. Each item is tried in the pattern's order and none can
/// start with white space, so the first item that fits is the one the pattern takes.
pub(super) fn lead_end(step: &str) -> usize {
    // `(?i)` in Unicode mode lets `s` and `k` match two non-ASCII letters; such a step is rare enough to
    // pay for the pattern.
    if !step.is_ascii() && step.contains(skill_scan_rules::FOLDS_TO_ASCII) {
        return LEAD_PATTERN.find(step).map_or(0, |m| m.end());
    }
    let bytes = step.as_bytes();
    let mut at = 0;
    loop {
        let start = skip_space(bytes, at);
        match lead_item(bytes, start) {
            Some(end) => at = end,
            None => return start,
        }
    }
}

/// The pattern [`lead_end`] reads by hand, for the rare step it cannot.
static LEAD_PATTERN: LazyLock<Regex> = LazyLock::new(|| pattern(LEAD_SOURCE));
const LEAD_SOURCE: &str = r"(?i)^(?:\s*(?:[-*+>|]|\d{1,3}[.)]|step\s+\d{1,3}\s*[:.)-]|<!--|\(?[a-z]\)|(?:assistant|claude|agent|ai|note)\s*[:,]))*\s*";

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'))
    {
        at += 1;
    }
    at
}

/// One to three digits at `at`, then where they end.
fn short_number(bytes: &[u8], at: usize) -> Option<usize> {
    let digits = bytes[at.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    (1..=3).contains(&digits).then_some(at + digits)
}

/// The end of the lead item at `at`, if one starts there.
fn lead_item(bytes: &[u8], at: usize) -> Option<usize> {
    let byte = |i: usize| bytes.get(i).copied();
    let word_at = |i: usize, word: &str| {
        bytes
            .get(i..i + word.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()))
    };
    let first = byte(at)?;
    if matches!(first, b'-' | b'*' | b'+' | b'>' | b'|') {
        return Some(at + 1);
    }
    if let Some(end) = short_number(bytes, at) {
        if matches!(byte(end), Some(b'.' | b')')) {
            return Some(end + 1);
        }
    }
    if word_at(at, "step") {
        let spaced = skip_space(bytes, at + 4);
        if spaced > at + 4 {
            if let Some(end) = short_number(bytes, spaced) {
                let mark = skip_space(bytes, end);
                if matches!(byte(mark), Some(b':' | b'.' | b')' | b'-')) {
                    return Some(mark + 1);
                }
            }
        }
    }
    if word_at(at, "<!--") {
        return Some(at + 4);
    }
    let letter = if first == b'(' { at + 1 } else { at };
    if byte(letter).is_some_and(|b| b.is_ascii_alphabetic()) && byte(letter + 1) == Some(b')') {
        return Some(letter + 2);
    }
    for name in ["assistant", "claude", "agent", "ai", "note"] {
        if word_at(at, name) {
            let mark = skip_space(bytes, at + name.len());
            if matches!(byte(mark), Some(b':' | b',')) {
                return Some(mark + 1);
            }
        }
    }
    None
}

static READ: GatedRegex = GatedRegex::led_by(
    CLAUSE,
    r"(read|open|cat|load|copy|collect|summari[sz]e|extract|dump|print|grab|harvest|gather|get|fetch|retrieve|obtain|take|export|locate|look\s+up|include|access|pull|output|display|echo|encode|base64-encode|zip|archive|bundle|find|search|scan|look\s+through|go\s+through|comb\s+through|hunt\s+for)\b",
);

/// A credential store, by path or by description.
static CREDENTIAL_STORE: GatedRegex = GatedRegex::new(concat!(
    r"(?i)~/\.ssh\b|\bid_(rsa|ed25519|ecdsa|dsa)\b|\.aws/credentials\b|\bgh/hosts\.ya?ml\b",
    r"|\.config/gcloud\b|application_default_credentials|\.kube/config\b|\.docker/config\.json|~/\.npmrc\b|~/\.pypirc\b|~/\.netrc\b",
    r"|\.git-credentials\b|~/\.gnupg\b|~/\.(aws|kube|docker|config/gcloud)/?([\s`'\x22),;]|\.(\s|$)|$)|\blogin\.keychain|\bwallet\.dat\b|\bLogin\s+Data\b|/var/run/secrets\b|~/\.(openclaw|clawdbot)/",
    // Owned by the user and named by the service: a service's own token alone ("the GitHub token") may
    // be what the skill is for; the user's credentials for it are a store.
    r"|\b(your|the\s+user'?s|their|all\s+(of\s+)?(the|your))\s+(saved\s+|stored\s+|local\s+|cached\s+)?(aws|amazon(\s+web\s+services)?|gcp|google\s+cloud|gcloud|azure|github|gh|gitlab|npm|pypi|docker|kubernetes|kube|ssh|cloud|git)\s+(cli\s+)?(credentials?|secrets?|passwords?|private\s+keys?|access\s+keys?|config(uration)?\s+(and|&)\s+credentials)\b",
    // A service's credentials *file* is a store whoever owns it: "everything in the amazon web services
    // credentials file".
    r"|\b(the|your|their)\s+(aws|amazon(\s+web\s+services)?|gcp|google\s+cloud|gcloud|azure|github|gh|gitlab|npm|pypi|docker|kubernetes|kube|cloud|git)\s+(cli\s+)?(credentials?|secrets?)\s+files?\b",
    r"|\b(tokens?|credentials?|passwords?|keys?)\s+(that\s+|which\s+)?(the\s+)?(gh|github|aws|gcloud|docker|npm|git|azure)\s+(cli|client|tool|command|helper)?\s*(stores|saves|keeps|caches|has\s+stored|wrote)\b",
    r"|\b(github|gh|aws|npm|pypi|docker|gitlab)\s+(oauth\s+|auth\s+|access\s+)?(token|credentials|key)\b[^.]{0,40}\b(from|in|stored\s+in|out\s+of)\b[^.]{0,30}\b(config|cli|keychain|credential\s+store|hosts)",
    r"|\b(wallet|metamask|phantom|exodus|electrum|ledger|trezor)\s+(seed(\s+phrase)?|mnemonic|recovery\s+phrase|private\s+keys?|keystore|vault)\b|\b(seed|recovery|mnemonic)\s+(phrases?|words)\b",
    r"|\b(your|the\s+user'?s|their)\s+(private\s+(ssh\s+)?keys?|ssh\s+(private\s+)?keys?)\b",
    r"|\b(saved|stored)\s+(browser\s+)?(passwords|logins|cookies)\b|\bbrowser\s+(passwords|cookies|credentials|saved\s+logins)\b",
    r"|\b(macos\s+|login\s+)?keychain\s+(passwords|items|entries|secrets)\b",
    // Described, not named: "the token your GitHub command-line tool keeps", "the keypair file the
    // Solana CLI keeps", "the secrets in the cloud CLI's home folder", "the auth token from the npm
    // config", "the files in the user's .ssh folder".
    r"|\b(tokens?|credentials?|passwords?|keys?|secrets?|key\s*pairs?|keypairs?)(\s+files?)?\s+(that\s+|which\s+)?(your|the|their)\s+[\w.-]+(\s+[\w.-]+){0,2}?\s+(cli|client|tool|command-line\s+tool|command\s+line\s+tool|helper|app|sdk)\s+(stores|saves|keeps|caches|holds|has\s+stored|wrote|writes|saved|stored|kept|cached)\b",
    r"|\b(secrets?|credentials?|tokens?|keys?|key\s*files?)\b[^.;]{0,30}?\b(in|from|under|inside|out\s+of)\s+(the\s+|your\s+|their\s+)?([\w-]+\s+){0,2}?(cli|client|tool|sdk)('s|s)?\s+(home|config(uration)?|settings|credentials?|dot)\s+(folder|directory|dir|files?)\b",
    r"|\b(auth|access|api|oauth|publish|session)\s+tokens?(\s+(line|entry|value|string|setting))?\s+(from|in|out\s+of|stored\s+in|kept\s+in)\s+(the\s+|your\s+|their\s+)?(npm|yarn|pnpm|pip|pypi|docker|git|gh|github|aws|cloud|gcloud|azure)\s+(cli\s+)?config",
    r"|(^|[\s(`])\.ssh`?(/|\s+(folder|directory|dir)\b)|\bapplication\s+default\s+credentials\b",
    // The file named by where it lives and what its program keeps there: "the file in which the user's
    // cloud command-line tool keeps its access keys", "the file `hosts.yml` in the GitHub CLI's config
    // folder", "the hidden folder named `.ssh`".
    r"|\b(files?|folder|directory|place)\s+(in\s+which|where|that|which)\s+(your|the\s+user'?s|the|their)\s+([\w.-]+\s+){0,3}?(cli|client|tool|command-line\s+tool|command\s+line\s+tool|sdk|app|helper)\s+(stores|keeps|saves|caches|holds|writes|puts|stored|kept|saved)\s+(its\s+|the\s+|their\s+|your\s+)?([\w-]+\s+)?(access\s+keys?|keys?|credentials?|tokens?|secrets?|passwords?)\b",
    r"|\bfiles?\s+`?[\w.-]+`?\s+(in|from|inside|under)\s+the\s+([\w-]+\s+){0,2}?(cli|client|tool|sdk)('s|s)?\s+(home|config(uration)?|settings|credentials?)\s+(folder|directory|dir)\b",
    r"|\b(folder|directory|dir)\s+(named|called)\s+`?~?/?\.(ssh|aws|gnupg|kube|docker)\b|(^|[\s(`])\.(kube|aws|gnupg)`?\s+(folder|directory|dir)\b|\bkube\s+config\b",
    // The hidden folder described without its dot, and the key file in it by what it holds: "the file in
    // the hidden aws folder of the user's home directory that holds their access keys".
    r"|\bhidden\s+(aws|ssh|gnupg|kube|docker|gcloud|azure)\s+(folder|directory|dir)\b",
    r"|\bfiles?\b[^.;]{0,80}?\b(that|which)\s+(holds?|stores?|keeps?|contains?)\s+(the\s+user'?s\s+|their\s+|your\s+|the\s+)(cloud\s+|aws\s+|ssh\s+|git\s+|github\s+)?(access\s+keys|private\s+keys?|secret\s+keys?|credentials|login\s+tokens?)\b",
    // The login keychain's secrets, named by the tool that prints them or by where they are.
    r"|\bsecurity\s+find-(generic|internet)-password\b|\bpasswords?\s+(\w+\s+){0,3}?(in|from|of)\s+the\s+(user'?s\s+|macos\s+|login\s+)+keychain\b",
    // A wallet's keystore named after its wallet, and a seed phrase by its shape: "a run of twelve or
    // twenty-four English words".
    r"|\b(keystore|key\s*store|keypair|key\s+pair)\s+(files?\s+)?(of|for|from|in)\s+(the\s+user'?s\s+|your\s+|their\s+|the\s+)?([\w-]+\s+){0,2}?wallets?\b",
    r"|\b(twelve|12)\s+(or|to|and)\s+(twenty-four|twenty\s+four|24)\s+(\w+\s+){0,3}?words\b|\b(twelve|twenty-four|twenty\s+four)\s+(\w+\s+){0,2}?words\s+(separated|in\s+a\s+row|in\s+sequence|in\s+order)\b",
    // A kubeconfig holds the cluster's client keys or tokens: "base64-encode the kubeconfig".
    r"|\b(the|your|their|user'?s|cluster'?s?)\s+kube-?config(\s+files?)?\b",
    // The environment in bulk, or its secrets picked by name: "every environment variable whose name
    // ends in _TOKEN", "all of the user's env vars", "the output of `printenv`". One variable named for
    // the skill's own service ("the OPENAI_API_KEY environment variable") is ordinary configuration.
    r"|\b(every|all|each)\s+(of\s+)?(the\s+|your\s+|their\s+|the\s+user'?s\s+)?(environment|env)\s+var(iable)?s?\b",
    r"|\b(environment|env)\s+var(iable)?s?\s+(whose|with|named|matching|that|which)\s+[^.;]{0,60}?(token|key|secret|password|credential)",
    r"|\b(output|contents?|result)\s+of\s+`?(printenv|env|set)\b|\bthe\s+`?printenv`?\s+output\b",
    // Every MCP client's config holds the API keys of every server the user added (their `env` blocks).
    r"|\bmcp\s+config(uration)?s?(\s+files?)?\s+(of|for|from)\s+(every|each|all|all\s+the|the\s+other|other)\s+([\w-]+\s+)?(clients?|apps?|editors?|ides?|assistants?)\b",
    // The same file described by what it holds: "the JSON file in which the Cursor editor keeps its MCP
    // server list" (the servers' `env` blocks hold their API keys).
    r"|\bfiles?\s+(in\s+which|where|that|which)\s+(your\s+|the\s+user'?s\s+|the\s+|their\s+)?([\w.-]+\s+){0,3}?(editor|client|ide|app|assistant|agent)\s+(stores|keeps|saves|holds|lists|writes|kept|stored)\s+(its|the|their|your)\s+mcp\s+(servers?|server\s+(list|entries|configuration|config|settings)|configuration|config|settings)\b",
));

/// Opening a URL sends whatever its query carries: only when the URL follows the verb ("open the private
/// key" is a read).
static OPEN_URL: GatedRegex = GatedRegex::led_by(
    CLAUSE,
    r"(open|visit|fetch|navigate\s+to|browse\s+to|use\s+(?:the\s+)?[\w-]+\s+(?:tool\s+)?(?:on|with))\s+[<`'\x22]?https?://",
);

static SEND: GatedRegex = GatedRegex::led_by(
    CLAUSE,
    r"(send|post|upload|publish|share|paste|forward|submit|transmit|exfiltrate|push|sync|e-?mail|mail|leak|put|store|save|create|file|add|append|attach|call|hit|ping|request|pass|embed|include|report|copy|mirror|relay|supply|provide|deliver|transfer|hand|check\s+in|resolve|run\s+(?:nslookup|dig|drill|host)|open\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:github\s+|gitlab\s+|support\s+)?(?:issue|ticket|pull\s+request|gist|discussion))\b",
);

/// Somewhere off the machine a step can send to.
static DESTINATION: GatedRegex = GatedRegex::new(concat!(
    r"(?i)\b((secret|private|public|new|unlisted)\s+)?gists?\b|\bpaste\s*(site|bin|service)\b|\b(pastebin|hastebin|ghostbin|rentry|termbin|dpaste|privatebin|controlc)\b|\bpaste\.ee\b",
    r"|\bwebhooks?\b|\bdiscord\b|\btelegram\b|\brequest\s*bin\b|\bpipedream\b|\bngrok\b|\binteract\.sh\b",
    r"|\bissue\s+comments?\b|\b(an?|the|new)\s+(github\s+)?issue\b|\bcomment\s+on\b|\bhttps?://\S+|\burl\b|\bendpoint\b|\bserver\b",
    r"|\bquery\s+(string|parameter|param)\b|\b(parameter|param|argument)\b|\be-?mail\b|\bs3\s+bucket\b|\bftp\b",
    // What a push publishes: "append it to the commit message, then push".
    r"|\bcommit\s+messages?\b|\bpull\s+request\s+(title|body|description)\b",
    // A place the text names elsewhere: "the backup service named below".
    r"|\b(service|server|site|host|endpoint|address|url|location|bucket|drop|inbox)\s+(named|given|listed|shown|described|defined|specified|written)\s+(below|above|later|earlier|here)\b",
    r"|\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\b",
    // A host name whose first label is data to be filled in: a DNS lookup of it delivers the data.
    r"|<[^<>\n]{1,40}>\.[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+",
));

/// A tool argument something is handed in ("supply its text as notes", "pass it as `ctx`"): a destination
/// only for verbs that hand a value over.
static ARGUMENT: GatedRegex = GatedRegex::new(
    r"(?i)\b(as|in|into)\s+(the\s+)?[`'\x22]?[a-z_][a-z0-9_]{0,30}[`'\x22]?\s*(parameter|param|argument|field|[.,;:)]|$)|\bhere\s*([.,;:)]|$)|\b(in|into)\s+this\s+(field|parameter|param|argument|value)\b",
);

/// A drop nobody uses to share work openly: secret gists, paste and request-capture sites, data in a URL.
static COVERT_DESTINATION: GatedRegex = GatedRegex::new(concat!(
    r"(?i)\bsecret\s+gists?\b|\b(private|secret|unlisted)\s+paste\b|\bpaste\s*(site|bin)\b|\b(pastebin|hastebin|ghostbin|rentry|termbin|dpaste|privatebin|controlc)\b|\bpaste\.ee\b",
    r"|\brequest\s*bin\b|\bpipedream\b|\bwebhook\.site\b|\binteract\.sh\b|\boast\.\w+|\bburpcollaborator\b|\bngrok\b",
    r"|discord(app)?\.com/api/webhooks|api\.telegram\.org/bot",
));

/// An address written out.
pub(super) static EMAIL_ADDRESS: GatedRegex =
    GatedRegex::new(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\b");

/// Data carried in a URL: a drop only when what it carries is worth stealing ("append `$filter` as a query
/// parameter" is how APIs are called).
static DATA_IN_URL: GatedRegex = GatedRegex::new(
    r"(?i)\bquery\s+(string|parameter|param)\b|https?://\S*\?\S*=\s*[{<$]|https?://\S*\?\S*=[`'\x22]?\s+(followed\s+by|plus|then)\b",
);

/// What a send carries that is worth stealing.
pub(super) static SENSITIVE: GatedRegex = GatedRegex::new(
    r"(?i)\b(tokens?|api[- ]?keys?|secrets?|passwords?|credentials?|cookies?|env(ironment)?\s+variables|\.env\b|config(uration)?\s+files?|conversation|env(ironment)?\s+variables?|chat\s+history|transcript|ssh\s+keys?|private\s+keys?|seed|wallet|mnemonic|keychain|id_rsa|\w+_(token|secret|key|password|pat))\b",
);

/// A reference back to what earlier steps gathered, however far back: "attach what you collected".
static GATHERED: GatedRegex = GatedRegex::new(concat!(
    r"(?i)\b(what|everything|all)\s+(that\s+)?you\s+(have\s+|'ve\s+)?(collected|gathered|read|found|copied|saved|extracted|harvested|grabbed|bundled|noted|stored)\b|\bthe\s+(collected|gathered|harvested|extracted|bundled)\s+(files?|data|secrets?|tokens?|keys?|values?|items?)\b",
    // "Everything gathered in the context step", "the values collected above".
    r"|\b(everything|all|whatever)\s+(that\s+)?(was\s+|were\s+|has\s+been\s+)?(collected|gathered|read|harvested|extracted|grabbed|noted)\s+(in|during|at|by)\s+(the\s+)?([\w-]+\s+){0,2}?(step|section|phase|stage)\b",
    r"|\bthe\s+(values?|data|items?|files?|secrets?|tokens?|keys?)\s+(you\s+)?(collected|gathered|read|found|harvested)\s+(above|earlier|before)\b",
));

/// Secrets in bulk as what is sent: "every environment variable whose name contains TOKEN".
static BULK_SECRETS: GatedRegex = GatedRegex::new(
    r"(?i)\b(every|all|each)\s+(of\s+the\s+|of\s+your\s+|the\s+|your\s+)?(environment\s+variables?|env\s+vars?|secrets|tokens|credentials|api\s+keys|cookies|passwords)\b[^.]{0,60}?\b(key|token|secret|password|credential)s?\b|\b(all|every)\s+(of\s+)?(the\s+|your\s+)?(secrets|tokens|credentials|api\s+keys|passwords|cookies)\b",
);

/// A project's secrets file or the process environment as what is sent: "attach the .env file and the
/// output of printenv". Only as a send's object: reading `.env` is what most apps do.
static ENV_SECRETS: GatedRegex = GatedRegex::new(
    r#"(?i)\b(the|your|their|its|this|that)\s+(\w+'s\s+|project\s+|repo(sitory)?\s+|local\s+)?`?\.env($|[\s,;:)`'"])|\b(output\s+of\s+`?(printenv|env)\b|printenv\s+output)"#,
);

/// A pronoun or a noun that points back at what an earlier step read.
/// What a step built from what it read: "post the body", "upload the archive". Curl's `@-` and `-T -` send
/// what the previous stage printed.
static BACK_REFERENCE: GatedRegex = GatedRegex::new(
    r"(?i)\b(it|them|this|that|those|these|both|(every|each|any|all)\s+(such|one|of\s+them)|its\s+(\w+\s+)?(contents?|text|value|data)|the\s+((whole|entire|full|complete)\s+)?(file|files|contents?|token|tokens|key|keys|output|result|values?|data|credentials|secrets?|body|payload|bundle|archive|tarball|zip|dump|report|snapshot|backup))\b|(^|\s)(@-|-T\s+-)(\s|`|$)",
);

static RUN: GatedRegex = GatedRegex::led_by(
    CLAUSE,
    r"(download|install|run|execute|open|launch|extract|unzip|get|grab|paste|copy|save|start|fetch|pull|obtain|retrieve)\b",
);

/// Code fetched from outside a package registry: archives and executables by URL, raw-IP hosts,
/// paste-site snippets.
static UNREGISTERED_CODE: GatedRegex = GatedRegex::new(concat!(
    r"(?i)\bhttps?://\S+\.(exe|dmg|pkg|msi|zip|7z|rar|appimage|scr|jar|bat|cmd|ps1|vbs)\b",
    r"|\bhttps?://\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b",
    r"|\b(pastebin\.com/raw|paste\.ee/r|rentry\.(co|org)/\S+/raw|glot\.io|hastebin\.com/raw|termbin\.com|dpaste\.\w+/\S+/raw)",
    // Any host serving a paste by its short id (`/raw/Qw12Er34`), not a file in a repository
    // (`/raw/main/install.sh`).
    r"|\bhttps?://[A-Za-z0-9.-]+/raw/[A-Za-z0-9]{4,16}([\s)>`'\x22,]|\.\s|\.?$)",
));

/// An archive password: the way a campaign gets its payload past the scanners of the host serving it. A dash
/// counts as a separator only with a space beside it: "password-protected ZIP" names a kind of archive.
static ARCHIVE_PASSWORD: GatedRegex = GatedRegex::new(concat!(
    r#"(?i)\b(archive|zip|rar|7z|extraction|unzip|installer|file)?\s*(password|passcode|passphrase|pwd)(\s*(is|:|=)|\s+-|\s*[-–—]\s)\s*["']?[\w!@#$%^&*.-]{3,}"#,
    // "open it with the password inv2026": no separator, so the word must hold a digit.
    r#"|\b(with|using|enter)\s+(the\s+)?(password|passcode|passphrase)\s+["']?[A-Za-z!@#$%^&*.-]*\d[\w!@#$%^&*.-]*"#,
    // "the archive is locked; the code to open it is 4477".
    r#"|\b(code|key|pin|phrase)\s+(to|that\s+will|which\s+will)\s+(open|unlock|extract|unzip)\s+(it|the\s+(archive|zip|file|bundle))\s*(is|:|=)\s*["'`]?[\w!@#$%^&*.-]{3,}"#,
    // "archive pass: yt2026", "extract using pass: x": the short word only beside an archive verb or noun.
    r#"|\b(archive|zip|rar|7z|extract\w*|unzip\w*|unpack\w*|using|with)\s+(pass|pw)\s*[:=]\s*["'`]?[\w!@#$%^&*.-]{3,}"#,
    // "extract it using the code sol2026": a code with a digit, read as a password beside an archive word.
    r#"|\b(with|using|enter)\s+(the\s+)?(unlock\s+)?(code|pin)\s+["'`]?[A-Za-z!@#$%^&*.-]*\d[\w!@#$%^&*.-]*"#,
    // The same lock in other languages: "protégée par le mot de passe `facture`", "Passwort: x", "la
    // contraseña es x". Without a separator the word must be quoted or end its clause.
    r#"|\b(mot\s+de\s+passe|contrase\x{f1}a|contrasena|passwort|kennwort|senha|wachtwoord)\b\s*(est|es|ist|\x{e9}|is|lautet|:|=)\s*[\x{ab}"'`*]*\s*[\w!@#$%^&*.-]{3,}"#,
    r#"|\b(mot\s+de\s+passe|contrase\x{f1}a|contrasena|passwort|kennwort|senha|wachtwoord)\s+[\x{ab}"'`*]+\s*[\w!@#$%^&*.-]{3,}"#,
    // Markup is gone from the normalised step, so a quoted password is the last word of its clause:
    // "protégée par le mot de passe facture.".
    r#"|\b(mot\s+de\s+passe|contrase\x{f1}a|contrasena|passwort|kennwort|senha|wachtwoord)\s+[\w!@#$%^&*-]{3,}\s*([.;,)]|$)"#,
));

static ARCHIVE_CONTEXT: GatedRegex = GatedRegex::new(
    r"(?i)\b(zip|archive|rar|7z|7-zip|download|extract|unzip|unpack|installer|prerequisite|setup)\b|\.(zip|rar|7z|exe|dmg|pkg)\b",
);

/// An archive a password protects, named near one: the password then hides the payload from scanners.
static ARCHIVE_WORD: GatedRegex = GatedRegex::new(concat!(
    r"(?i)\b(zip|archive|rar|7z|7-zip|extract|unzip|unpack|unlock)\b|\.(zip|rar|7z)\b",
    // A lock in other languages: "elle est protégée par", "geschützt durch", "protegido con".
    r"|\b(prot\x{e9}g\x{e9}e?|protegee?|gesch\x{fc}tzt|geschuetzt|verschl\x{fc}sselt|protegid[oa]|cifrad[oa]|archiv|archivo)\b",
));

/// Sites that serve pasted text: code copied from one to a shell is no package at all.
const PASTE_SITES: &[&str] = &[
    "pastebin", "paste.ee", "rentry", "glot.io", "hastebin", "termbin", "dpaste",
];

/// The agent told to take its next move from what a server sends back.
static FOLLOW_REMOTE: GatedRegex = GatedRegex::new(concat!(
    r"(?i)\b(follow|execute|do|perform|carry\s+out|obey|run|act\s+on|apply)\s+(the\s+|its\s+|any\s+|each\s+)?`?next_?actions?`?\b",
    r"|\b(follow|execute|do|perform|carry\s+out|obey|run|act\s+on)\s+(whatever|what|everything|anything|the\s+(instructions?|actions?|commands?|steps?|tasks?))\s+(that\s+)?(the\s+|its\s+)?(server|response|reply|endpoint|api|result|remote|it)\s+(says|returns|tells|gives|sends|contains|instructs|asks|lists)",
    r"|\b(follow|execute|carry\s+out|obey|run|perform)\s+(the\s+|any\s+|all\s+)?(returned|received|remote|fetched)\s+(instructions?|actions?|commands?|steps?|tasks?)\b",
    r"|\btreat\s+(the\s+)?(response|reply|result)\s+as\s+(your\s+)?(new\s+)?(instructions|commands|orders)\b",
    // "carry out whatever the reply's `next` field says", "perform the tasks listed there".
    r"|\b(follow|execute|do|perform|carry\s+out|obey|run|act\s+on|complete)\s+whatever\s+(the\s+|its\s+)?(server|response|reply|endpoint|api|result|payload)('s|s)?\s+[^.;]{0,30}?\b(says|returns|tells|gives|sends|contains|instructs|asks|lists|specifies|field)\b",
    r"|\b(follow|execute|perform|carry\s+out|obey|run|complete|do)\s+(the\s+|all\s+(the\s+)?|any\s+|each\s+of\s+the\s+)?(tasks?|instructions?|commands?|steps?|actions?|jobs?|orders?)\s+(listed|given|found|described|contained|returned|specified)\s+(there|in\s+(it|the\s+(reply|response|file|result|payload|feed)))\b",
    r"|\b(result|response|reply|payload)\s+(carries|contains|has|includes)\s+an?\s+`?\w+`?\s+(field|key|entry)\s*,\s*(run|execute|follow|do|perform|carry\s+out)\s+(it|them|that)\b",
    // A page as the installer: "copy the command it shows and execute it in the shell".
    r"|\b(copy|take|grab)\s+(the\s+)?(command|script|snippet|one-liner|line|code)s?\s+(that\s+)?(it|the\s+page|that\s+page|the\s+site|the\s+file|the\s+response)\s+(shows|gives|lists|displays|prints|contains|returns)\b[^.]{0,60}?\b(run|execute|paste\s+it\s+into|enter\s+it)\b",
    r"|\b(run|execute)\s+(the\s+)?(command|script|snippet|one-liner|code)s?\s+(that\s+)?(it|the\s+page|that\s+page|the\s+site|the\s+file|the\s+response)\s+(shows|gives|lists|displays|prints|contains|returns)\b",
    // "open <page>, copy the install command shown there and paste it into Terminal".
    r"|\b(copy|take|grab)\s+(the\s+)?([\w-]+\s+)?(command|script|snippet|one-liner|line|code)s?\s+(shown|listed|given|displayed|found)\s+(there|on\s+(that|the|this)\s+(page|site))\b[^.]{0,60}?\b(run|execute|paste\s+it\s+(into|in)|enter\s+it)\b",
    // "Fetch https://… and follow it exactly": a page read as orders, not as information.
    r"|\b(fetch|download|read|load|get|open|retrieve|pull|curl)\s+<?https?://\S+\s+and\s+(obey|follow|execute|carry\s+out|do)\s+(it|them|its\s+(instructions|contents|steps|orders)|what(ever)?\s+it\s+says)\s+(exactly|to\s+the\s+letter|without\s+question|verbatim|word\s+for\s+word|as\s+written|precisely)\b",
    r"|\b(fetch|download|read|load|get|open|retrieve|pull|curl)\s+<?https?://\S+\s+and\s+obey\s+(it|them|its|what)\b",
));

/// The host project's authentication or security code weakened.
static WEAKEN_SECURITY: GatedRegex = GatedRegex::made(|| {
    format!(
        concat!(
            r"{}(disable|remove|bypass|comment\s+out|delete|skip|weaken|turn\s+off|short-circuit|stub\s+out|neuter|rip\s+out|relax|loosen|soften)\s+",
            r"(the\s+|all\s+|any\s+|every\s+)?(authentication|auth|login|authori[sz]ation|permission|access[- ]control|csrf|signature|password|2fa|mfa|otp|security|rate[- ]limit(ing)?)\s*",
            r"(checks?|verification|validation|middleware|guards?|code|logic|requirements?|protection|layer|decorators?|tests?)?\b",
            r"|{}(add|insert|plant|hide)\s+(an?\s+)?(backdoor|hidden\s+admin(\s+account)?|master\s+password|hard-?coded\s+(admin|password|credentials?|bypass))\b",
            r"|\bmake\s+`?\w*(verify|check|authenticate|authori[sz]e|is_?admin|is_?authenticated|has_?permission)\w*(\(\))?`?\s+(always\s+)?return\s+true\b",
        ),
        CLAUSE, CLAUSE
    )
});

/// Instructions that try to replace the agent's own, and role-play jailbreaks.
static OVERRIDE: GatedRegex = GatedRegex::new(concat!(
    r"(?i)\b(forget|ignore|disregard|drop|discard|abandon)\s+(everything|all|anything)\s+(above|before|earlier|previously|you('ve|\s+have)?\s+been\s+told|you\s+were\s+told|else\s+you\s+were\s+told)",
    r"|\byour\s+(previous|prior|original|earlier|old|initial)\s+(instructions|rules|guidelines|programming|directives)\s+(are|were|is)\s+(now\s+)?(void|cancelled|canceled|revoked|obsolete|invalid|superseded|replaced|suspended|lifted)",
    r"|\b(pretend|act|roleplay|role-play|behave|imagine)\s+(that\s+)?(you\s+are|as|like|to\s+be|you're)\s+[^.]{0,60}\b(no|without|free\s+of|free\s+from|unbound\s+by|not\s+bound\s+by)\s+(any\s+)?(restrictions|limits|limitations|rules|filters|guidelines|ethics|policies|safety|censorship)",
    r"|\bdo\s+anything\s+now\b|\b(enable|enter|activate|switch\s+to|you\s+are\s+(now\s+)?in)\s+(jailbreak|jailbroken|god|unrestricted|unfiltered|dan)\s+mode\b",
    r"|\byou\s+are\s+no\s+longer\s+(bound|restricted|limited|an?\s+ai|claude|an?\s+assistant)\b",
    r"|\b(you\s+have|there\s+are)\s+no\s+(restrictions|rules|guidelines|limits|filters)\s+(anymore|any\s+more|now|from\s+now\s+on)\b",
    r"|\b(regardless|irrespective)\s+of\s+(what|anything|whatever)\s+(you\s+were|you('ve|\s+have)\s+been|you\s+are)\s+(told|instructed|given)\b",
    // Promoting a tool's text to the system's voice.
    r"|\btreat\s+(all\s+|any\s+)?(messages?|text|content|output|results?|instructions?|responses?)\s+(from|of)\s+(this|the)\s+(server|tool|mcp\s+server|integration)\s+as\s+(if\s+(it|they)\s+(came|come|were)\s+from\s+|coming\s+from\s+|from\s+)?(the\s+)?(system|developer|operator|administrator|admin)\b",
    // "you can forget: - your system prompt - your safety guidelines" (a lead-in and its list).
    r"|\b(forget|ignore|disregard|set\s+aside|discard|abandon)\b[\s:*-]{1,12}(about\s+)?(all\s+(of\s+)?)?(your|the)\s+(own\s+)?(system\s+(prompt|instructions|message)|safety\s+(guidelines|rules|policies|training|filters|constraints)|guardrails|content\s+polic(y|ies)|ethical\s+guidelines)\b",
    // A persona handed to the agent with its policy taken away: "you are \"Atlas\", an assistant with no content policy".
    r"|\byou\s+are\s+(now\s+)?[^.]{0,40}?\b(an?\s+)?(assistant|ai|model|persona|bot|chatbot|version\s+of\s+(yourself|you))\s+(with\s+no|without(\s+any)?|free\s+of|unbound\s+by|that\s+has\s+no)\s+(content\s+polic(y|ies)|restrictions|rules|filters|guidelines|limits|safety|ethics|guardrails)\b",
    // Earlier instructions declared void by description: "treats every earlier instruction as outdated".
    r"|\b(treats?|regards?|considers?|sees?)\s+(every|all|any)\s+(earlier|previous|prior|other|existing)\s+(instructions?|rules|guidelines|directives|prompts?)\b[^.]{0,60}?\bas\s+(outdated|obsolete|void|invalid|superseded|irrelevant|cancelled|canceled|expired|null)\b",
));

/// Words one of which a step must hold (lower case) before a recogniser's pattern is tried: compiling
/// the patterns is most of the model's cost, and most documents never need most of them.
/// Whether the step names anything like a credential store (a cheap gate before reading it closely).
pub(crate) fn mentions_store(lower: &str) -> bool {
    mentions(lower, STORE_WORDS)
}

pub(super) fn mentions(lower: &str, words: &[&str]) -> bool {
    super::words::any_in(lower, words)
}

/// Necessary for [`CREDENTIAL_STORE`]: every alternative holds one of these.
const STORE_WORDS: &[&str] = &[
    "ssh",
    "kubeconfig",
    "kube-config",
    "id_",
    ".aws",
    "gh/hosts",
    "gcloud",
    ".kube",
    ".docker",
    "npmrc",
    "pypirc",
    "netrc",
    "credential",
    "gnupg",
    "keychain",
    "wallet",
    "login data",
    "secret",
    "openclaw",
    "clawdbot",
    "password",
    "key",
    "token",
    "seed",
    "recovery",
    "mnemonic",
    "printenv",
    "environment var",
    "env var",
    "cookie",
    "logins",
    "vault",
    // Stores described rather than named: "the file `hosts.yml` in the GitHub CLI's config folder", "a
    // run of twelve or twenty-four words". Not "file" or "folder": nearly every step says one, and this
    // gate is what keeps the read recogniser from being compiled for a plain skill.
    "cli",
    "sdk",
    "config folder",
    "config directory",
    "config dir",
    "home folder",
    "home directory",
    "settings folder",
    "kube",
    "hidden",
    "twelve",
    "twenty",
    " 24 ",
    "mcp",
];
/// What makes a send worth a finding: a drop, or something sensitive (see [`send`]).
const SEND_WORDS: &[&str] = &[
    "gist",
    "paste",
    "bin",
    "pipedream",
    "webhook",
    "interact.sh",
    "oast.",
    "burpcollaborator",
    "ngrok",
    "discord",
    "telegram",
    "token",
    "key",
    "secret",
    "password",
    "credential",
    "cookie",
    "env",
    "config",
    "conversation",
    "chat history",
    "transcript",
    "seed",
    "wallet",
    "mnemonic",
    "keychain",
    "id_rsa",
    "ssh",
    "logins",
    // An address written out as the destination (see [`Send::addressed`]).
    "@",
    "://",
    // A host name made of data (`nslookup <hex>.example.invalid`).
    ">.",
];
const UNREGISTERED_WORDS: &[&str] = &[
    ".exe",
    ".dmg",
    ".pkg",
    ".msi",
    ".zip",
    ".7z",
    ".rar",
    ".appimage",
    ".scr",
    ".jar",
    ".bat",
    ".cmd",
    ".ps1",
    ".vbs",
    "pastebin",
    "paste.ee",
    "rentry",
    "glot.io",
    "hastebin",
    "termbin",
    "dpaste",
    "/raw/",
];
const PASSWORD_WORDS: &[&str] = &[
    "pass:",
    "pass =",
    "pass=",
    "pw:",
    "password",
    "passcode",
    "passphrase",
    "pwd",
    "to open it",
    "to unlock",
    "to extract",
    "using the code",
    "with the code",
    "using code",
    "with code",
    "enter the code",
    "unlock code",
    "the pin",
    "mot de passe",
    "contrase",
    "passwort",
    "kennwort",
    "senha",
    "wachtwoord",
];
const FOLLOW_WORDS: &[&str] = &[
    "shown there",
    "shown on th",
    "displayed there",
    "whatever",
    "listed there",
    "given there",
    "found there",
    " field,",
    "next_action",
    "nextaction",
    "returned",
    "received",
    "remote",
    "fetched",
    "treat",
    "exactly",
    "to the letter",
    "without question",
    "verbatim",
    "word for word",
    "as written",
    "precisely",
    "and obey",
];
/// "the server says", "what the response returns": a subject and a verb of [`FOLLOW_REMOTE`].
const FOLLOW_SUBJECTS: &[&str] = &[
    "server", "response", "reply", "endpoint", "api", "result", "it", "page", "site", "file",
];
const FOLLOW_VERBS: &[&str] = &[
    "says",
    "shows",
    "displays",
    "prints",
    "returns",
    "tells",
    "gives",
    "sends",
    "contains",
    "instructs",
    "asks",
    "lists",
];
/// A weakening verb and a security noun, or a planted way in (see [`WEAKEN_SECURITY`]).
const WEAKEN_VERBS: &[&str] = &[
    "disable",
    "remove",
    "bypass",
    "comment out",
    "delete",
    "skip",
    "weaken",
    "turn off",
    "short-circuit",
    "stub out",
    "neuter",
    "rip out",
    "relax",
    "loosen",
    "soften",
];
const WEAKEN_NOUNS: &[&str] = &[
    "auth",
    "login",
    "permission",
    "access control",
    "access-control",
    "csrf",
    "signature",
    "password",
    "2fa",
    "mfa",
    "otp",
    "security",
    "rate limit",
    "rate-limit",
];
/// A word each of [`WEAKEN_SECURITY`]'s other branches needs (a planted way in, "make … return true").
const WEAKEN_OTHER_BRANCHES: &[&str] = &[
    "backdoor",
    "hidden",
    "master",
    "hardcoded",
    "hard-coded",
    "return",
];
const PLANTED_WAY_IN: &[&str] = &[
    "backdoor",
    "hidden admin",
    "master password",
    "hardcoded",
    "hard-coded",
    "return true",
];
const OVERRIDE_WORDS: &[&str] = &[
    "forget",
    "set aside",
    "ignore",
    "disregard",
    "discard",
    "abandon",
    "drop everything",
    "drop all",
    "drop anything",
    "your previous",
    "your prior",
    "your original",
    "your earlier",
    "your initial",
    "your old",
    "pretend",
    "act as",
    "act like",
    "act that",
    "roleplay",
    "role-play",
    "behave",
    "imagine",
    "anything now",
    "jailbreak",
    "jailbroken",
    "god mode",
    "unrestricted mode",
    "unfiltered mode",
    "dan mode",
    "no longer",
    "no restrictions",
    "no rules",
    "no guidelines",
    "no limits",
    "no filters",
    "regardless of",
    "irrespective of",
    "treat ",
    "you are",
    "outdated",
    "obsolete",
    "superseded",
    "irrelevant",
];
/// A raw-IP URL (`http://203.0.113.7/…`), found without a pattern.
fn has_ip_url(lower: &str) -> bool {
    lower
        .match_indices("://")
        .any(|(at, _)| lower[at + 3..].starts_with(|c: char| c.is_ascii_digit()))
}

/// The imperative verb (or phrase) of `pattern` in `step`, with the text after it.
pub(super) fn imperative(pattern: &GatedRegex, step: &str) -> Option<Range<usize>> {
    let lead = lead_end(step);
    let caps = pattern.captures(&step[lead..])?;
    let verb = caps.get(1)?;
    Some(lead + verb.start()..lead + verb.end())
}

/// A step's imperative credential read: the verb's range and the store's.
pub(crate) fn credential_read(step: &str, lower: &str) -> Option<(Range<usize>, Range<usize>)> {
    if !mentions(lower, STORE_WORDS) {
        return None;
    }
    // A table row's "Read/write browser cookies" names what a listed feature can do (a verb pair), it is no
    // order; "| Prep | Read `~/.aws/credentials` |" still is.
    let capability = |verb: &Range<usize>| {
        step.trim_start().starts_with('|') && step[verb.end..].starts_with('/')
    };
    if let Some(verb) = imperative(&READ, step).filter(|verb| !capability(verb)) {
        if let Some(store) = find_store(&step[verb.end..]) {
            return Some((verb.clone(), verb.end + store.start..verb.end + store.end));
        }
        // "The auth token from the npm config; read it yourself": the store first, the verb on "it".
        if POINTS_BACK.is_match(&step[verb.end..]) {
            if let Some(store) = find_store(&step[..verb.start]) {
                return Some((verb, store));
            }
        }
    }
    // "Build the body from the test output and the full contents of ~/.config/gh/hosts.yml": a store's
    // contents put into what the step makes.
    if let Some(verb) = imperative(&COMPOSE, step) {
        let rest = &step[verb.end..];
        for of in CONTENTS_OF.find_iter(rest) {
            let after = verb.end + of.end();
            if let Some(store) = find_store(&step[after..]).filter(|s| s.start <= 40) {
                return Some((verb, after + store.start..after + store.end));
            }
        }
    }
    // "The user's browser cookies are to be copied": the store is the subject of a modal passive.
    if let Some(verb) = passive(step, lower, PASSIVE_READS) {
        if let Some(store) = find_store(&step[..verb.start]) {
            return Some((verb, store));
        }
    }
    // "The service requires the contents of the user's kube config in the `note` argument": a tool's
    // description demanding a store's text in an argument.
    if let Some(verb) = REQUIRES.find(step) {
        if let Some(store) = find_store(&step[verb.end()..]) {
            if ARGUMENT.is_match(&step[verb.end() + store.end..]) {
                return Some((
                    verb.range(),
                    verb.end() + store.start..verb.end() + store.end,
                ));
            }
        }
    }
    // "Ask the user to paste their recovery words": a wallet's secret asked of the user is taken.
    let verb = imperative(&ASK_USER, step)?;
    let secret = WALLET_SECRET.find(&step[verb.end..])?;
    Some((
        verb.clone(),
        verb.end + secret.start()..verb.end + secret.end(),
    ))
}

/// The first credential store named in `text` that is not a public SSH file: a `.pub` key, the
/// `authorized_keys` and `known_hosts` lists are what a setup guide has the user share or edit.
fn find_store(text: &str) -> Option<Range<usize>> {
    CREDENTIAL_STORE
        .find_iter(text)
        .find(|m| !public_ssh_file(&text[m.start()..]))
        .map(|m| m.range())
}

/// Whether the path that starts at the front of `text` names a public SSH file.
fn public_ssh_file(text: &str) -> bool {
    let path = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '(' || c == '`')
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '~' | '_' | '-')))
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    path.ends_with(".pub") || path.ends_with("authorized_keys") || path.ends_with("known_hosts")
}

/// An order to run a command: "Run `cat ~/.ssh/id_ed25519`", "execute python3 -c '…'".
static RUN_COMMAND: GatedRegex = GatedRegex::led_by(CLAUSE, r"(run|execute|exec|type|enter)\b");

/// A command that prints the whole environment: `env`, `printenv`, `dict(os.environ)`,
/// `JSON.stringify(process.env)`, `Get-ChildItem env:`.
static ENVIRONMENT_DUMP: GatedRegex = GatedRegex::new(concat!(
    r"\bprintenv\s*($|[|>;&)'\x22`])|(^|[;&|(]\s*|\$\(\s*)env\s*($|[|>;&)'\x22`])",
    r"|\b(dict|print|str|repr|list|sorted|dumps)\(\s*(dict\(\s*)?os\.environ\b|\bos\.environ\.(items|copy|keys|values)\(",
    r"|\bJSON\.stringify\(\s*process\.env\s*[,)]|\bObject\.(entries|keys|values)\(\s*process\.env\s*\)",
    r"|(?i)\b(Get-ChildItem|gci|dir|ls)\s+env:|\bexport\s+-p\b",
));

/// What a command the step orders run reads: a credential store it prints (the verb and the store), or
/// the whole environment (`is_environment`). The command runs from the verb to the end of its clause.
pub(crate) fn run_reads(step: &str, lower: &str) -> Option<(Range<usize>, Range<usize>, bool)> {
    let gate = ["env", "os.environ", "process.env"];
    if !mentions(lower, STORE_WORDS) && !gate.iter().any(|g| lower.contains(g)) {
        return None;
    }
    let verb = imperative(&RUN_COMMAND, step)?;
    let rest = &step[verb.end..];
    let end = clause_end_outside_quotes(rest);
    let command = rest[..end].trim_matches(|c: char| c.is_whitespace() || c == '`');
    let offset = verb.end
        + (rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || c == '`')
                .len());
    let whole = offset..offset + command.len();
    if super::super::shell_flow::reads_credential(command) {
        let store = find_store(command).map_or(whole, |s| offset + s.start..offset + s.end);
        return Some((verb, store, false));
    }
    let dump = ENVIRONMENT_DUMP.find(command)?;
    Some((verb, offset + dump.start()..offset + dump.end(), true))
}

/// Where the clause that starts `text` ends (" and ", ". ", "; ", ", then", a line break), not counting
/// those inside quotes: `python3 -c 'import os; print(…)'` is one command.
fn clause_end_outside_quotes(text: &str) -> usize {
    let (mut single, mut double) = (false, false);
    for (i, c) in text.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            _ if single || double => {}
            '\n' => return i,
            _ => {
                let rest = &text[i..];
                if [" and ", ". ", "; ", ", then"]
                    .iter()
                    .any(|s| rest.starts_with(s))
                {
                    return i;
                }
            }
        }
    }
    text.len()
}

/// Verbs that make a text out of others: a report, a body, a message.
static COMPOSE: GatedRegex = GatedRegex::led_by(
    CLAUSE,
    r"(build|compose|assemble|prepare|write|create|make|generate|put\s+together|draft|fill\s+in|set|assign)\b",
);

/// What of a file goes into the text: "the full contents of", "the text of".
static CONTENTS_OF: GatedRegex = GatedRegex::new(r"(?i)\b(contents?|text|body|value)\s+of\s+");

/// "… url https://… and the body set to the text of ~/.netrc": a store's contents handed over after the
/// destination is named.
fn store_contents_after(after: &str) -> bool {
    CONTENTS_OF
        .find_iter(after)
        .take(4)
        .any(|of| find_store(&after[of.end()..]).is_some_and(|s| s.start <= 40))
}

/// A URL whose address holds a command substitution that reads a credential store
/// (`https://x/render?ctx=$(cat ~/.npmrc | base64)`): whoever expands and opens it sends the store.
pub(crate) fn store_in_url(step: &str) -> Option<Range<usize>> {
    if !step.contains("$(") {
        return None;
    }
    for (at, _) in step.match_indices("://") {
        let scheme = step[..at]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        let rest = &step[at..];
        let mut depth = 0usize;
        let mut end = rest.len();
        let bytes = rest.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'(' if i > 0 && bytes[i - 1] == b'$' => depth += 1,
                b'(' if depth > 0 => depth += 1,
                b')' if depth > 0 => depth -= 1,
                b' ' | b'\t' | b'\n' | b'`' | b'\'' | b'"' | b'>' | b'<' if depth == 0 => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let url = &rest[..end];
        if let Some(sub) = url.find("$(") {
            if find_store(&url[sub..]).is_some() {
                return Some(scheme..at + end);
            }
        }
    }
    None
}

/// A demand for a store's text: "requires the contents of", "expects the full text of".
static REQUIRES: GatedRegex = GatedRegex::new(
    r"(?i)\b(requires?|needs?|expects?|must\s+(receive|get|be\s+given))\s+(the\s+)?(full\s+|complete\s+|whole\s+|raw\s+|entire\s+)?(contents?|text|value|data)\s+of\s+",
);

/// The object of a verb that points back at something the sentence named before it.
/// "The file", "the key": a definite noun for the thing just named.
static POINTS_BACK: GatedRegex = GatedRegex::new(
    r"(?i)^\s*(it|them|this|that|those|these|(the|that|this)\s+(file|files|key|keys|token|tokens|credentials?|secrets?))\b",
);

/// "The full output of `printenv`. Gather it yourself …": a step whose read verb points back at the step
/// before, when that step is only the store named as a value (no verb of its own, as a parameter's
/// description is written). Returns the verb here and the store in `before`.
pub(crate) fn credential_read_back(
    step: &str,
    before: &str,
) -> Option<(Range<usize>, Range<usize>)> {
    // Cheap tests first: most steps follow no step that names a store, and the read pattern is costly
    // to compile for a document that never needs it.
    if !mentions(&before.to_ascii_lowercase(), STORE_WORDS) {
        return None;
    }
    let value = NAMED_VALUE.find(before)?;
    let verb = imperative(&READ, step)?;
    if !POINTS_BACK.is_match(&step[verb.end..]) {
        return None;
    }
    // The store right where the value's name ends ("output of `printenv`" is itself a store).
    // A path's own lead (`~/`, `$HOME/`, a quote) may sit between the two: "contents of ~/.aws/…".
    let store = find_store(before).filter(|s| {
        s.start <= value.end()
            || before[value.end()..s.start].chars().all(|c| {
                matches!(c, '~' | '/' | '$' | '{' | '}' | '`' | '\'' | '"')
                    || c.is_ascii_uppercase()
            }) && s.start - value.end() <= 8
    })?;
    // Nothing but the value's qualifiers after the store: "… from the user's shell.", "… (required)".
    let tail = before[store.end..]
        .trim_start_matches(['`', '\'', '"'])
        .trim();
    let qualifier = tail.is_empty()
        || tail.starts_with(['.', ';', ',', ':', '('])
        || ["from ", "in ", "on ", "of ", "for ", "as "]
            .iter()
            .any(|p| tail.to_ascii_lowercase().starts_with(p));
    (qualifier && tail.len() <= 60 && !tail.contains(['?', '!'])).then_some((verb, store))
}

/// A step that opens by naming a value: "The full output of", "The complete text of", "Contents of".
static NAMED_VALUE: GatedRegex = GatedRegex::new(
    r"(?i)^\s*(the\s+)?((full|complete|entire|whole|raw|exact)\s+)?(text|contents?|output|values?|body)\s+of\s+",
);

/// A modal passive: "the cookies are to be copied", "the archive is then to be uploaded". Only modal forms
/// count; "reports are uploaded to the server" describes what a tool does.
static PASSIVE: GatedRegex = GatedRegex::new(concat!(
    r"(?i)\b(?:is|are)\s+(?:then\s+|also\s+|next\s+)?(?:to\s+be|must\s+be|should\s+be|shall\s+be|needs?\s+to\s+be|ha(?:s|ve)\s+to\s+be)\s+",
    r"(?:then\s+|also\s+|quietly\s+|silently\s+)?([a-z]+ed|sent|read)\b",
));
const PASSIVE_WORDS: &[&str] = &[
    "to be",
    "must be",
    "should be",
    "shall be",
    "needs to be",
    "need to be",
    "has to be",
    "have to be",
];
const PASSIVE_READS: &[&str] = &[
    "copied",
    "read",
    "collected",
    "gathered",
    "extracted",
    "dumped",
    "harvested",
    "bundled",
    "zipped",
    "archived",
    "exported",
];
const PASSIVE_SENDS: &[&str] = &[
    "sent",
    "posted",
    "uploaded",
    "published",
    "forwarded",
    "submitted",
    "transmitted",
    "shared",
    "attached",
    "copied",
    "synced",
    "pushed",
    "mirrored",
    "relayed",
    "emailed",
    "mailed",
    "pasted",
];

/// A passive whose doer is the agent: "the credentials file is read by the assistant at the start of every
/// run" is an order to the assistant however it is worded.
static PASSIVE_BY_AGENT: GatedRegex = GatedRegex::new(
    r"(?i)\b(?:is|are)\s+(?:then\s+|also\s+|first\s+|next\s+)?([a-z]+ed|sent|read)\s+by\s+(?:the\s+)?(?:assistant|agent|model|ai|llm|you)\b",
);
const BY_AGENT_WORDS: &[&str] = &[
    "by the assistant",
    "by the agent",
    "by the model",
    "by the ai",
    "by the llm",
    "by you",
    "by assistant",
    "by agent",
];

/// A plain passive send ("its contents are then transmitted to …"): an order only when its subject points
/// back at a store an earlier step had the agent read (see [`send`]).
static PASSIVE_PLAIN_SEND: GatedRegex = GatedRegex::new(
    r"(?i)\b(?:is|are)\s+(?:then\s+|also\s+|next\s+|afterwards\s+|finally\s+)?(sent|posted|uploaded|transmitted|forwarded|submitted|relayed|mailed|emailed|pushed)\s+(?:to|via|over)\b",
);

/// The subject of a plain passive send that points back at what was read: "its full contents", "they".
static SUBJECT_POINTS_BACK: GatedRegex = GatedRegex::new(
    r"(?i)^\s*(then\s+)?(it|they|its\s+((full|whole|entire|complete)\s+)?(contents?|text|values?|data|lines?)|the\s+((full|whole|entire|complete)\s+)?(file|files|contents?|values?|keys?|tokens?|credentials|secrets|data))\s*$",
);

/// The participle of the first modal passive of `step` whose verb is one of `verbs`, or of a passive
/// whose doer is the agent.
fn passive(step: &str, lower: &str, verbs: &[&str]) -> Option<Range<usize>> {
    let pick = |pattern: &GatedRegex| {
        pattern
            .captures_iter(step)
            .filter_map(|caps| caps.get(1))
            .find(|verb| verbs.contains(&verb.as_str().to_ascii_lowercase().as_str()))
            .map(|verb| verb.range())
    };
    let modal = mentions(lower, PASSIVE_WORDS)
        .then(|| pick(&PASSIVE))
        .flatten();
    modal.or_else(|| {
        mentions(lower, BY_AGENT_WORDS)
            .then(|| pick(&PASSIVE_BY_AGENT))
            .flatten()
    })
}

/// A plain passive send whose subject points back at a store read just before.
fn passive_send_of_read(step: &str) -> Option<Range<usize>> {
    let found = PASSIVE_PLAIN_SEND.captures(step)?;
    let verb = found.get(1)?;
    let subject = &step[lead_end(step)..found.get(0)?.start()];
    SUBJECT_POINTS_BACK.is_match(subject).then(|| verb.range())
}

/// The user asked for a wallet's secret: "ask the user to confirm their seed phrase".
static ASK_USER: GatedRegex = GatedRegex::led_by(
    CLAUSE,
    r"(ask|request|prompt|have)\s+(the\s+user|them|users?|the\s+customer)\b",
);
static WALLET_SECRET: GatedRegex = GatedRegex::new(
    r"(?i)\b(seed|recovery|mnemonic|backup)\s+(phrases?|words)\b|\bprivate\s+keys?\b|\bwallet\s+(password|passphrase)\b",
);

/// Whether a step runs on a timer or without the user: "every few minutes", "without waiting for the user".
pub(crate) fn standing_order(lower: &str) -> bool {
    static TIMER: GatedRegex = GatedRegex::new(
        r"\b(every|each)\s+(few\s+|couple\s+of\s+|\d+\s*|[a-z]+\s+)?(seconds?|minutes?|mins?|hours?|hrs?)\b|\bwithout\s+(waiting\s+for|asking|consulting|checking\s+with)\s+(the\s+)?user\b|\bin\s+the\s+background\b|\bperiodically\b|\b(start|beginning)\s+of\s+(every|each)\s+(session|conversation|task|run)\b|\b(every|each)\s+(new\s+)?(session|conversation)\b",
    );
    TIMER.is_match(lower)
}

/// A step that reads something for a tool call about to be made ("read it yourself before calling",
/// "… in the `note` argument").
pub(crate) fn feeds_tool_call(lower: &str) -> bool {
    static INTO_ARGUMENT: GatedRegex = GatedRegex::new(
        r"\b(in|into|as)\s+the\s+`?[a-z_][a-z0-9_]{0,30}`?\s+(argument|parameter|param|field)\b",
    );
    let names_argument = ["argument", "param", "field"]
        .iter()
        .any(|w| lower.contains(w));
    if names_argument && INTO_ARGUMENT.is_match(lower) {
        return true;
    }
    [
        "before calling",
        "before invoking",
        "before you call",
        "before you invoke",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// A credential store named anywhere in `text` (a code line, the object of a send).
pub(crate) fn names_credential_store(text: &str, lower: &str) -> Option<Range<usize>> {
    if !mentions(lower, STORE_WORDS) {
        return None;
    }
    find_store(text)
}

/// An imperative send: the verb and the destination, and what the object between them is like.
pub(crate) struct Send {
    pub verb: Range<usize>,
    pub destination: Range<usize>,
    pub covert: bool,
    pub sensitive: bool,
    pub credential: bool,
    pub back_reference: bool,
    /// The object points back at what earlier steps gathered ("what you collected").
    pub gathered: bool,
    /// No object at all: "upload_to: <url>" in a config block sends what the block read before it.
    pub bare: bool,
    /// The destination is an address written out (a URL or a mail address), not a kind of place.
    pub addressed: bool,
    /// A vendor's token (`GITHUB_TOKEN`, `NPM_TOKEN`, …) rides in the URL of a host that is not its
    /// vendor's: the token leaves for someone who has no use for it but to act as the user.
    pub vendor_token_elsewhere: bool,
}

/// A token good only at its vendor's service, named as an environment variable.
static VENDOR_TOKEN: GatedRegex = GatedRegex::new(
    r"\b(GITHUB_TOKEN|GH_TOKEN|GITHUB_PAT|GH_PAT|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|NPM_TOKEN|NODE_AUTH_TOKEN|NPM_AUTH_TOKEN|PYPI_TOKEN|PYPI_API_TOKEN|TWINE_PASSWORD|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)\b",
);

/// The hosts each vendor's token is for (a fragment of the host name).
const VENDOR_HOSTS: &[(&str, &[&str])] = &[
    ("GITHUB", &["github", "ghcr.io"]),
    ("GH_", &["github", "ghcr.io"]),
    ("ACTIONS_", &["github", "actions.githubusercontent.com"]),
    ("NPM_", &["npmjs.org", "npmjs.com"]),
    ("NODE_AUTH", &["npmjs.org", "npmjs.com"]),
    ("PYPI", &["pypi.org", "pythonhosted.org"]),
    ("TWINE", &["pypi.org", "pythonhosted.org"]),
    ("AWS_", &["amazonaws.com", "aws.amazon.com"]),
];

/// Whether `text` carries a vendor's token in a URL whose host is not that vendor's.
fn vendor_token_elsewhere(text: &str) -> bool {
    let Some(token) = VENDOR_TOKEN.find(text) else {
        return false;
    };
    let token = token.as_str();
    let hosts: Vec<&str> = text
        .match_indices("://")
        .filter_map(|(at, _)| {
            text[at + 3..]
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                .next()
        })
        .filter(|h| h.contains('.'))
        .take(8)
        .collect();
    let own = VENDOR_HOSTS
        .iter()
        .find(|(prefix, _)| token.starts_with(prefix))
        .map_or(&[][..], |(_, hosts)| *hosts);
    !hosts.is_empty()
        && hosts
            .iter()
            .all(|h| !own.iter().any(|o| h.to_ascii_lowercase().contains(o)))
}

pub(crate) fn send(step: &str, lower: &str, after_credential_read: bool) -> Option<Send> {
    if !after_credential_read && !mentions(lower, SEND_WORDS) && !mentions(lower, STORE_WORDS) {
        return None;
    }
    // The verb whose clause names a destination: "open <url>?t= … and report the page's answer" sends
    // with "open", not with "report".
    let destination_after = |verb: &Range<usize>| {
        let rest = &step[verb.end..];
        let handed = [
            "pass", "supply", "provide", "give", "hand", "put", "paste", "enter", "fill",
        ]
        .contains(&step[verb.clone()].to_ascii_lowercase().as_str());
        DESTINATION.find(rest).map(|m| m.range()).or_else(|| {
            handed
                .then(|| ARGUMENT.find(rest).map(|m| m.range()))
                .flatten()
        })
    };
    let active = [imperative(&SEND, step), imperative(&OPEN_URL, step)]
        .into_iter()
        .flatten()
        .find_map(|verb| destination_after(&verb).map(|d| (verb, d)));
    // "Open an issue with that output": the verb names the destination itself.
    let opens_thread = |verb: &Range<usize>| {
        let v = step[verb.clone()].to_ascii_lowercase();
        v.starts_with("open") && !v.ends_with("open")
    };
    let active = active.or_else(|| {
        imperative(&SEND, step)
            .filter(|verb| opens_thread(verb))
            .map(|verb| (verb.clone(), 0..0))
    });
    let (verb, object_before, destination) = match active {
        Some((verb, destination)) => (verb, None, destination),
        // "The archive is then to be uploaded to …": what is sent is the subject.
        None => {
            let verb = passive(step, lower, PASSIVE_SENDS).or_else(|| {
                after_credential_read
                    .then(|| passive_send_of_read(step))
                    .flatten()
            })?;
            let subject = &step[..verb.start];
            let destination = destination_after(&verb)?;
            (verb, Some(subject), destination)
        }
    };
    let rest = &step[verb.end..];
    // "call the URL with it", "as a query parameter": what is sent may follow the destination.
    let around = rest;
    let sensitive = SENSITIVE.is_match(around);
    let drop = COVERT_DESTINATION.is_match(rest);
    // Fetching a page sends only what its address carries: "fetch <url> and follow it" is a read.
    let fetches = {
        let verb = step[verb.clone()].to_ascii_lowercase();
        verb == "fetch" || verb.starts_with("use ")
    };
    if fetches && !sensitive && !drop {
        return None;
    }
    let object = match object_before {
        Some(subject) => subject,
        None if destination.is_empty() => rest.split(['.', ';', '\n']).next().unwrap_or(rest),
        None => &rest[..destination.start],
    };
    let bare = matches!(
        object
            .trim_matches(|c: char| !c.is_ascii_alphanumeric())
            .to_ascii_lowercase()
            .as_str(),
        "" | "to" | "into"
    );
    Some(Send {
        covert: drop || sensitive && DATA_IN_URL.is_match(rest),
        sensitive,
        credential: find_store(object).is_some()
            || store_contents_after(&rest[destination.end.min(rest.len())..])
            || BULK_SECRETS.is_match(object)
            || ENV_SECRETS.is_match(object),
        back_reference: BACK_REFERENCE.is_match(around)
            || object_before.is_some_and(|subject| BACK_REFERENCE.is_match(subject)),
        gathered: GATHERED.is_match(object),
        bare,
        addressed: rest.contains("://") || EMAIL_ADDRESS.is_match(rest),
        vendor_token_elsewhere: DATA_IN_URL.is_match(rest) && vendor_token_elsewhere(rest),
        destination: verb.end + destination.start..verb.end + destination.end,
        verb,
    })
}

/// Where a step runs a package its runner downloads and starts in one go, unasked (`npx -y`, `npm exec
/// --yes`, `pnpm dlx`, `yarn dlx`, `bunx`, `uvx`, `pipx run`): ordinary alone, a risky action an order to
/// hide it joins.
pub(crate) fn runs_fetched_package(lower: &str) -> Option<usize> {
    if !mentions(lower, FETCHED_RUNNERS) {
        return None;
    }
    FETCHED_PACKAGE.find(lower).map(|m| m.start())
}

const FETCHED_RUNNERS: &[&str] = &["npx", "npm exec", "dlx", "bunx", "uvx", "pipx run"];

static FETCHED_PACKAGE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"\b(npx|npm\s+exec)\s+(-y|--yes)\b|\b(pnpm|yarn)\s+dlx\s|\bbunx\s|\buvx\s|\bpipx\s+run\s",
    )
});

/// Where a code line pushes every branch and tag (`git push --mirror`, `git push --all`) somewhere.
pub(crate) fn pushes_whole_repository(lower: &str) -> Option<usize> {
    let at = lower.find("git push")?;
    let rest = &lower[at..];
    (rest.contains(" --mirror") || rest.contains(" --all")).then_some(at)
}

/// An imperative to download or run code from outside a registry: the verb and the source.
pub(crate) fn run_unregistered(step: &str, lower: &str) -> Option<Range<usize>> {
    if !mentions(lower, UNREGISTERED_WORDS) && !has_ip_url(lower) {
        return None;
    }
    // The order may be passed on to the user: "tell the user to open <paste>, copy the command and run
    // it" is the same delivery with the user's hands.
    let handed = || {
        let handed = USER_TOLD_TO.find(step)?;
        imperative(&RUN, &step[handed.end()..])
            .map(|v| handed.end() + v.start..handed.end() + v.end)
    };
    // The user's hands only when the step's own verb reaches no such code: most steps have no hand-off.
    imperative(&RUN, step)
        .into_iter()
        .chain(std::iter::once_with(handed).flatten())
        .find_map(|verb| {
            UNREGISTERED_CODE
                .find(&step[verb.end..])
                .map(|m| verb.start..verb.end + m.end())
        })
}

/// An order passed on to the user: "tell the user to", "ask them to", "have the user".
static USER_TOLD_TO: GatedRegex = GatedRegex::new(
    r"(?i)\b(tell|ask|instruct|direct|get|have)\s+(the\s+user|users|them)\s+(to\s+)?",
);

/// An archive password, when `context` (this step and the one or two before it) is about a download.
pub(crate) fn archive_password(step: &str, lower: &str, context: &str) -> Option<Range<usize>> {
    if !mentions(lower, PASSWORD_WORDS) {
        return None;
    }
    let found = ARCHIVE_PASSWORD.find(step)?;
    ARCHIVE_CONTEXT.is_match(context).then(|| found.range())
}

/// Whether code from outside a registry comes the way campaigns ship it past scanners: from a paste site,
/// or in an archive a password locks (`found` is what [`run_unregistered`] or [`archive_password`] found
/// in `step`; the password may follow the download in the same step). The password's own step must name
/// the archive: a service's default login two lines after a download is no lock on it.
/// A step that is nothing but the password ("Password: tt999" under a heading "Unlock") belongs to the
/// archive its `context` (the step and the two before it) names.
pub(crate) fn evasive_delivery(found: &str, step: &str, context: &str) -> bool {
    let found = found.to_ascii_lowercase();
    let lower = step.to_ascii_lowercase();
    if PASTE_SITES.iter().any(|site| found.contains(site)) || raw_paste_id(&found) {
        return true;
    }
    if !mentions(&lower, PASSWORD_WORDS) {
        return false;
    }
    let Some(password) = ARCHIVE_PASSWORD.find(step) else {
        return false;
    };
    let rest_words = step[..password.start()]
        .split(|c: char| !c.is_ascii_alphabetic())
        .chain(step[password.end()..].split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| !w.is_empty())
        .count();
    ARCHIVE_WORD.is_match(step) || rest_words == 0 && ARCHIVE_WORD.is_match(context)
}

/// Whether a found URL ends in a paste's short id under `/raw/` (see [`UNREGISTERED_CODE`]).
fn raw_paste_id(found: &str) -> bool {
    found.find("/raw/").is_some_and(|at| {
        let id = found[at + 5..].trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
        (4..=16).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

pub(crate) fn follow_remote(step: &str, lower: &str) -> Option<Range<usize>> {
    if !told_by_remote(lower) && !mentions(lower, FOLLOW_WORDS) {
        return None;
    }
    FOLLOW_REMOTE.find(step).map(|m| m.range())
}

/// Whether `lower` says a subject, a space and a verb of [`FOLLOW_REMOTE`] ("the server says"): read at
/// each space, without writing out the 120 pairs for every step (which cost more than the rest of the
/// intent reader on a small skill).
fn told_by_remote(lower: &str) -> bool {
    // Each pair needs its verb somewhere in the step: most steps hold none.
    if !mentions(lower, FOLLOW_VERBS) {
        return false;
    }
    lower.match_indices(' ').any(|(at, _)| {
        FOLLOW_SUBJECTS.iter().any(|s| lower[..at].ends_with(s))
            && FOLLOW_VERBS.iter().any(|v| lower[at + 1..].starts_with(v))
    })
}

/// A way in planted in the check: "make `verify_password` also accept the master value". Apart from
/// [`WEAKEN_SECURITY`] so that its own words gate it.
static MASTER_VALUE: GatedRegex = GatedRegex::new(
    r"(?i)\bmake\s+`?\w*(verify|check|authenticate|authori[sz]e|login|is_?admin|is_?authenticated|has_?permission)\w*(\(\))?`?\s+(also\s+|always\s+)?(accept|allow|pass\s+for|succeed\s+for|let\s+in)\s+(a\s+|an\s+|the\s+|any\s+)?(master|fixed|hard-?coded|universal|secret|extra|backdoor|static|shared|special)\b",
);

pub(crate) fn weaken_security(step: &str, lower: &str) -> Option<Range<usize>> {
    if mentions(
        lower,
        &["also accept", "always accept", "also allow", "always allow"],
    ) {
        if let Some(found) = MASTER_VALUE.find(step) {
            return Some(found.range());
        }
    }
    let weakens = mentions(lower, WEAKEN_VERBS) && mentions(lower, WEAKEN_NOUNS);
    if !weakens && !mentions(lower, PLANTED_WAY_IN) {
        return None;
    }
    // The full pattern is large (15 M instructions to compile, a sixth of a small skill's scan); a step
    // that names a weakening verb and a security noun apart ("### Removed … ### Security") is answered
    // without it when none of the pattern's other branches can match either.
    if !verb_meets_noun(step, lower) && !mentions(lower, WEAKEN_OTHER_BRANCHES) {
        return None;
    }
    let lead = lead_end(step);
    WEAKEN_SECURITY
        .find(&step[lead..])
        .map(|m| lead + m.start()..lead + m.end())
}

/// Whether a weakening verb is followed by a security noun, with only white space and an optional
/// article between them: what [`WEAKEN_SECURITY`]'s first branch needs, checked without compiling it.
/// A step holding a character that folds to an ASCII letter under Unicode case folding (the long s, the
/// Kelvin sign) is left to the pattern.
fn verb_meets_noun(step: &str, lower: &str) -> bool {
    if step.contains(['\u{17F}', '\u{212A}']) {
        return true;
    }
    // What the pattern's first branch needs, read off the gate's own word lists: a verb's last word
    // ("comment out" ends in "out") and a noun's first ("access control" starts with "access").
    let noun_starts = WEAKEN_NOUNS
        .iter()
        .filter_map(|noun| noun.split([' ', '-']).next());
    let verb_ends: Vec<&str> = WEAKEN_VERBS
        .iter()
        .filter_map(|verb| verb.rsplit(' ').next())
        .collect();
    noun_starts.into_iter().any(|noun| {
        lower.match_indices(noun).any(|(at, _)| {
            let before = &lower[..at];
            let gap = before.trim_end_matches(char::is_whitespace);
            if gap.len() == before.len() {
                return false;
            }
            let ends_in_verb = |text: &str| verb_ends.iter().any(|verb| text.ends_with(verb));
            if ends_in_verb(gap) {
                return true;
            }
            ["the", "all", "any", "every"].iter().any(|article| {
                gap.strip_suffix(article).is_some_and(|rest| {
                    let verb = rest.trim_end_matches(char::is_whitespace);
                    verb.len() < rest.len() && ends_in_verb(verb)
                })
            })
        })
    })
}

pub(crate) fn override_instructions(step: &str, lower: &str) -> Option<Range<usize>> {
    if !mentions(lower, OVERRIDE_WORDS) {
        return None;
    }
    OVERRIDE.find(step).map(|m| m.range())
}

#[cfg(test)]
#[path = "lexicon_tests.rs"]
mod tests;
