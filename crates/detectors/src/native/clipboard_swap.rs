//! A crypto "clipper": code that watches the clipboard for a wallet address and puts its own in place.
//!
//! The victim copies a payee's address, pastes, and pays the attacker. The code needs three things in
//! one file: a clipboard read, a clipboard write, and a wallet-address pattern to test what was copied,
//! with a fixed address of the attacker's to write. A clipboard helper reads and writes but never tests
//! for addresses; a wallet library validates addresses but never touches the clipboard.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_model::Language;
use std::sync::LazyLock;

pub(crate) static CLIPBOARD_ADDRESS_SWAP: FileDetector = FileDetector {
    literals: &[
        "pbpaste",
        "xclip",
        "xsel",
        "wl-paste",
        "Get-Clipboard",
        "clipboard",
        "Clipboard",
        "pyperclip",
    ],
    run: find_clipboard_swaps,
};

// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static CLIPBOARD_READ: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"\bpbpaste\b|\bxclip\b[^\n]*-o\b|\bxsel\b[^\n]*(?:-o|--output)\b|\bwl-paste\b|Get-Clipboard\b|",
        r"\bclipboardy?\.read(?:Sync)?\b|\breadText\s*\(|\bpyperclip\.paste\b|GetClipboardData\b|\.paste\s*\(\s*\)"
    ))
    .expect("clipboard read pattern")
});

#[allow(clippy::expect_used)]
static CLIPBOARD_WRITE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"(?m)\bpbcopy\b|\bxclip\b[^\n]*-selection\s+clipboard\b(?:[^\n-]|-[^o\n])*$|\bxsel\b[^\n]*(?:-i|--input)\b|",
        r"\bwl-copy\b|Set-Clipboard\b|\bclipboardy?\.write(?:Sync)?\b|\bwriteText\s*\(|\bpyperclip\.copy\b|SetClipboardData\b"
    ))
    .expect("clipboard write pattern")
});

/// A pattern that recognises a wallet address (Ethereum, Bitcoin legacy/SegWit, Tron, Solana-style base58).
#[allow(clippy::expect_used)]
static ADDRESS_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"0x\[a-fA-F0-9\]\{40\}|0x\[0-9a-fA-F\]\{40\}|0x\[a-f0-9\]\{40\}|0x\[0-9a-f\]\{40\}|",
        r"\(bc1\||\bbc1\[|\[13\]\[a-[a-zA-Z0-9-]*\]\{2[0-9],3[0-9]\}|\^T\[[^\]]*\]\{33\}"
    ))
    .expect("address pattern")
});

/// A wallet address written in the code: the replacement.
#[allow(clippy::expect_used)]
static LITERAL_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"["'`](0x[0-9a-fA-F]{40}|bc1[02-9ac-hj-np-z]{25,87}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|T[1-9A-HJ-NP-Za-km-z]{33})["'`]"#)
        .expect("literal address pattern")
});

fn find_clipboard_swaps(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    if !matches!(
        segment.language,
        Language::Javascript
            | Language::Typescript
            | Language::Python
            | Language::Powershell
            | Language::Shell
    ) {
        return;
    }
    let body = segment.text(text);
    if !(CLIPBOARD_READ.is_match(body)
        && CLIPBOARD_WRITE.is_match(body)
        && ADDRESS_PATTERN.is_match(body))
    {
        return;
    }
    let Some(address) = LITERAL_ADDRESS.captures(body).and_then(|c| c.get(1)) else {
        return;
    };
    keep(Hit {
        start: segment.start + address.start(),
        end: segment.start + address.end(),
        detail: Some(Box::new(HitDetail {
            message: format!(
                "Code reads the clipboard, tests it for a wallet address and writes a fixed one in its place: {}",
                address.as_str()
            ),
            related: Vec::new(),
        })),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(text: &str, path: &str, language: Language) -> bool {
        crate::native::file_detector_fires(find_clipboard_swaps, text, path, language)
    }

    const SWAP_JS: &str = "const read = () => execSync('pbpaste').toString();\nconst write = s => execSync('pbcopy', { input: s });\nconst mine = '0x1111111111111111111111111111111111111111';\nsetInterval(() => { if (/^0x[a-fA-F0-9]{40}$/.test(read())) write(mine); }, 500);\n";

    #[test]
    fn a_clipboard_address_swap_fires() {
        assert!(fires(SWAP_JS, "index.js", Language::Javascript));
        let xclip = SWAP_JS
            .replace("'pbpaste'", "'xclip -selection clipboard -o'")
            .replace("'pbcopy'", "'xclip -selection clipboard'");
        assert!(fires(&xclip, "index.js", Language::Javascript));
        let py = "import pyperclip, re, time\nME = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh'\nwhile True:\n    s = pyperclip.paste()\n    if re.match(r'^(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,39}$', s):\n        pyperclip.copy(ME)\n    time.sleep(1)\n";
        assert!(fires(py, "clip.py", Language::Python));
    }

    #[test]
    fn clipboard_helpers_and_address_validators_are_quiet() {
        // Reads and writes, tests nothing.
        let helper = "exports.read = () => execSync('pbpaste').toString();\nexports.write = s => execSync('pbcopy', { input: s });\n";
        assert!(!fires(helper, "index.js", Language::Javascript));
        // Validates an address pasted into a form, writes nothing back, no fixed address.
        let validator = "const s = await navigator.clipboard.readText();\nif (/^0x[a-fA-F0-9]{40}$/.test(s)) form.to.value = s;\n";
        assert!(!fires(validator, "paste.js", Language::Javascript));
        // A wallet UI copying the user's own address (read from state) after checking it.
        let copy = "const s = await navigator.clipboard.readText();\nif (/^0x[a-fA-F0-9]{40}$/.test(account)) await navigator.clipboard.writeText(account);\n";
        assert!(!fires(copy, "copy.js", Language::Javascript));
    }
}
