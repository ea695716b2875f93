//! Markdown and HTML links whose visible text shows one address while the link goes to another.
//!
//! `[https://docs.example.com/setup](http://203.0.113.9/setup.exe)` renders as the first address; a
//! reader, or an agent asked to "open the link above", follows the second. Only link text that is itself
//! an address counts (a scheme, `www.`, or a web domain), and two addresses of one site (the same last two
//! host labels: `docs.example.com` and `example.com`) are the same place. Links in code blocks do not
//! render, and relative or anchor targets go nowhere else, so neither is read.
//!
//! Two rules share the reading: a link that goes to a raw IP address or straight to a program, script or
//! archive is a disguised download (AGT047); any other mismatch is a disguised address (AGT044).

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_model::{Context, Language};
use std::sync::LazyLock;

pub(crate) static DECEPTIVE_ADDRESS: FileDetector = FileDetector {
    literals: &["](http", "href"],
    run: |segment, text, keep| report(segment, text, false, keep),
};

pub(crate) static DECEPTIVE_DOWNLOAD: FileDetector = FileDetector {
    literals: &["](http", "href"],
    run: |segment, text, keep| report(segment, text, true, keep),
};

// Constant patterns (their tests compile them): `expect` never sees scanned data.
/// What [`markdown_links`] reads by hand; its tests compare the two.
#[cfg(test)]
#[allow(clippy::expect_used)]
static MARKDOWN_LINK: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"(!?)\[([^\[\]\n]{1,200})\]\(\s*<?(https?://[^)\s>]+)>?(?:\s+"[^"\n]*")?\s*\)"#)
        .expect("markdown link pattern")
});

#[allow(clippy::expect_used)]
static HTML_LINK: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"(?i)<a\s[^>]{0,300}?\bhref\s*=\s*["'](https?://[^"'\s]+)["'][^>]{0,300}>([^<\n]{1,200})</a\s*>"#)
        .expect("html link pattern")
});

/// Link text that reads as a web address: a scheme, `www.`, or a host ending in a common web TLD (so
/// `README.md` or `setup.py` is a file name, not a site).
#[allow(clippy::expect_used)]
static ADDRESS_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"(?i)^(?:https?://(?P<a>[a-z0-9.-]+)|www\.(?P<b>[a-z0-9.-]+)",
        r"|(?P<c>(?:[a-z0-9-]+\.)+(?:com|net|org|io|dev|app|ai|co|gov|edu|xyz|me|cloud|site|top|info|ru|cn|biz|online|store|link|click|invalid|test|example)))",
        r"(?::\d+)?(?:[/?#][^\s]*)?$"
    ))
    .expect("address text pattern")
});

/// Where a download lands: a program, script, installer or archive.
const DOWNLOAD_EXTENSIONS: &[&str] = &[
    ".exe",
    ".msi",
    ".dmg",
    ".pkg",
    ".app",
    ".scr",
    ".bat",
    ".cmd",
    ".ps1",
    ".vbs",
    ".jar",
    ".apk",
    ".sh",
    ".zip",
    ".7z",
    ".rar",
    ".tar.gz",
    ".tgz",
    ".iso",
    ".deb",
    ".rpm",
    ".appimage",
    ".lnk",
    ".hta",
];

fn report(segment: &Segment, text: &str, downloads: bool, keep: &mut dyn FnMut(Hit) -> bool) {
    if segment.language != Language::Markdown || segment.base != Context::MarkdownProse {
        return;
    }
    let body = &text[segment.start..segment.end];
    let markdown = markdown_links(body)
        .into_iter()
        .filter(|(_, _, _, _, image)| !image)
        .map(|(start, end, shown, target, _)| (start, end, shown, target));
    // Only a body that says `href` (in any case) can hold an HTML link: the pattern is not compiled
    // for the others.
    let html = contains_ignoring_ascii_case(body, "href")
        .then(|| {
            HTML_LINK.captures_iter(body).filter_map(|c| {
                let whole = c.get(0)?;
                Some((
                    whole.start(),
                    whole.end(),
                    c.get(2)?.as_str(),
                    c.get(1)?.as_str(),
                ))
            })
        })
        .into_iter()
        .flatten();
    let mut links: Vec<(usize, usize, &str, &str)> = markdown.chain(html).collect();
    links.sort_by_key(|link| link.0);
    for (start, end, shown, target) in links {
        let (start, end) = (segment.start + start, segment.start + end);
        if segment.context_at(text, start) != Context::MarkdownProse {
            continue;
        }
        let Some(shown_host) = shown_address(shown) else {
            continue;
        };
        let Some(target_host) = host_of(target) else {
            continue;
        };
        if same_site(&shown_host, &target_host) || is_download(target) != downloads {
            continue;
        }
        let hit = Hit {
            start,
            end,
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "The link shows {shown_host} but goes to {target_host} (\"{}\")",
                    cut(target, 120)
                ),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

/// The Markdown links of `body` as [`MARKDOWN_LINK`] finds them: `(start, end, text, target, image)`.
/// Read by hand ([`link_at`]): compiling the pattern cost more than reading a skill's links, and most
/// documents have one. A link whose text is over 200 characters is not one (the pattern's bound); the
/// search goes on from the next character, so a link inside that span's target is still found.
fn markdown_links(body: &str) -> Vec<(usize, usize, &str, &str, bool)> {
    let mut links = Vec::new();
    if !body.contains("](") {
        return links;
    }
    let bytes = body.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| b == b'[') {
        let open = from + offset;
        match link_at(body, open) {
            Some((end, shown, target)) => {
                let image = open > from && bytes[open - 1] == b'!';
                let start = if image { open - 1 } else { open };
                links.push((start, end, &body[shown], &body[target], image));
                from = end;
            }
            None => from = open + 1,
        }
    }
    links
}

/// The link that starts with the `[` at `open`, as [`MARKDOWN_LINK`] reads it from there: its end, and
/// the byte ranges of its text and target. Every part of the pattern has one way to match (each run
/// stops at a character the next part cannot start with), so reading left to right is what the regex
/// engine does.
fn link_at(
    body: &str,
    open: usize,
) -> Option<(usize, std::ops::Range<usize>, std::ops::Range<usize>)> {
    let bytes = body.as_bytes();
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
    let skip = |mut at: usize, keep: &dyn Fn(u8) -> bool| {
        while bytes.get(at).is_some_and(|&b| keep(b)) {
            at += 1;
        }
        at
    };
    let text_end = skip(open + 1, &|b| !matches!(b, b'[' | b']' | b'\n'));
    let shown = open + 1..text_end;
    if shown.is_empty()
        || bytes.get(text_end) != Some(&b']')
        || body[shown.clone()].chars().count() > 200
    {
        return None;
    }
    if bytes.get(text_end + 1) != Some(&b'(') {
        return None;
    }
    let mut at = skip(text_end + 2, &space);
    if bytes.get(at) == Some(&b'<') {
        at += 1;
    }
    let scheme = if body[at..].starts_with("https://") {
        8
    } else if body[at..].starts_with("http://") {
        7
    } else {
        return None;
    };
    let target_end = skip(at + scheme, &|b| !(b == b')' || b == b'>' || space(b)));
    if target_end == at + scheme {
        return None;
    }
    let target = at..target_end;
    at = target_end;
    if bytes.get(at) == Some(&b'>') {
        at += 1;
    }
    // An optional title: white space, then a quoted string on one line.
    let title_start = skip(at, &space);
    if title_start > at && bytes.get(title_start) == Some(&b'"') {
        let close = skip(title_start + 1, &|b| b != b'"' && b != b'\n');
        if bytes.get(close) == Some(&b'"') {
            at = close + 1;
        }
    }
    at = skip(at, &space);
    (bytes.get(at) == Some(&b')')).then_some((at + 1, shown, target))
}

fn contains_ignoring_ascii_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The host the link text shows, when the text reads as an address.
fn shown_address(shown: &str) -> Option<String> {
    let shown = shown
        .trim()
        .trim_matches(|c| matches!(c, '`' | '*' | '_' | '<' | '>'));
    Some(bare_host(address_host(shown)?))
}

/// The web TLDs that make `name.tld` link text read as an address.
const WEB_TLDS: &[&str] = &[
    "com", "net", "org", "io", "dev", "app", "ai", "co", "gov", "edu", "xyz", "me", "cloud",
    "site", "top", "info", "ru", "cn", "biz", "online", "store", "link", "click", "invalid",
    "test", "example",
];

/// The host `text` shows when the whole text reads as an address (what [`ADDRESS_TEXT`] captures as
/// `a`, `b` or `c`), read by hand: a scheme or `www.` and a host, or a host whose last label is a web
/// TLD; then an optional port and path. The host is the longest run of host characters (a shorter one
/// leaves a host character that nothing after it accepts), so each branch has one reading.
fn address_host(text: &str) -> Option<&str> {
    // `(?i)` lets `s` and `k` match two non-ASCII letters: such text pays for the pattern.
    if text.contains(skill_scan_rules::FOLDS_TO_ASCII) {
        let caps = ADDRESS_TEXT.captures(text)?;
        let host = caps.name("a").or(caps.name("b")).or(caps.name("c"))?;
        return Some(host.as_str());
    }
    let host_char = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
    let run = |from: usize| {
        from + text.as_bytes()[from..]
            .iter()
            .take_while(|b| host_char(b))
            .count()
    };
    let lower_prefix = |prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let host = if let Some(start) = ["https://", "http://", "www."]
        .into_iter()
        .find(|prefix| lower_prefix(prefix))
        .map(str::len)
    {
        let end = run(start);
        (end > start).then_some(start..end)?
    } else {
        let end = run(0);
        let labels: Vec<&str> = text[..end].split('.').collect();
        let tld = labels.last()?;
        let named = labels.len() >= 2
            && labels.iter().all(|label| !label.is_empty())
            && WEB_TLDS.iter().any(|known| known.eq_ignore_ascii_case(tld));
        named.then_some(0..end)?
    };
    address_tail_fits(&text[host.end..]).then(|| &text[host])
}

/// Whether what follows a shown host is an optional `:port` and an optional path, query or fragment
/// without white space.
fn address_tail_fits(tail: &str) -> bool {
    let mut rest = tail;
    if let Some(port) = rest.strip_prefix(':') {
        let digits = port.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &port[digits..];
    }
    rest.is_empty()
        || (rest.starts_with(['/', '?', '#'])
            && !rest
                .bytes()
                .any(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')))
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = host.split(':').next()?;
    (!host.is_empty()).then(|| bare_host(host))
}

fn bare_host(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host.strip_prefix("www.")
        .map(str::to_string)
        .unwrap_or(host)
}

/// One site: the same last two labels (`docs.example.com` and `example.com`).
fn same_site(a: &str, b: &str) -> bool {
    let site = |host: &str| {
        let labels: Vec<&str> = host.rsplit('.').take(2).collect();
        labels.join(".")
    };
    a == b || site(a) == site(b)
}

/// A link straight to a raw IP address or to a program, script or archive.
fn is_download(url: &str) -> bool {
    let host = host_of(url).unwrap_or_default();
    let raw_ip = !host.is_empty() && host.chars().all(|c| c.is_ascii_digit() || c == '.');
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .to_ascii_lowercase();
    let after_host = path.split_once("://").map_or("", |(_, rest)| rest);
    let file = after_host.split_once('/').map_or("", |(_, p)| p);
    raw_ip || DOWNLOAD_EXTENSIONS.iter().any(|ext| file.ends_with(ext))
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max).collect();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;

    fn found(text: &str, downloads: bool) -> Vec<String> {
        let mut messages = Vec::new();
        for segment in segment_file(text, Language::Markdown, "SKILL.md") {
            report(&segment, text, downloads, &mut |hit| {
                messages.push(hit.detail.map(|d| d.message).unwrap_or_default());
                true
            });
        }
        messages
    }

    #[test]
    fn a_shown_address_that_is_not_the_target_is_reported() {
        let text = "Get it from [https://tools.example.com/cli](https://cli-mirror.example.invalid/get).\n";
        assert_eq!(found(text, false).len(), 1, "{:?}", found(text, false));
        assert!(found(text, true).is_empty());
        let html = "<a href=\"http://203.0.113.9/setup.exe\">www.example.com/setup</a>\n";
        assert_eq!(found(html, true).len(), 1);
        assert!(found(html, false).is_empty());
    }

    #[test]
    fn same_site_file_names_images_and_code_blocks_are_quiet() {
        let text = concat!(
            "See [docs.example.com](https://example.com/docs) and [github.com/o/r](https://github.com/o/r).\n",
            "Read [README.md](https://github.com/o/r/blob/main/README.md) and [the guide](https://x.example.invalid/).\n",
            "![https://a.example.com](https://b.example.net/a.png)\n",
            "```md\n[https://a.example.com](http://203.0.113.9/a.exe)\n```\n",
        );
        assert!(found(text, false).is_empty(), "{:?}", found(text, false));
        assert!(found(text, true).is_empty(), "{:?}", found(text, true));
    }

    fn by_pattern(body: &str) -> Vec<(usize, usize, &str, &str, bool)> {
        MARKDOWN_LINK
            .captures_iter(body)
            .filter_map(|c| {
                Some((
                    c.get(0)?.start(),
                    c.get(0)?.end(),
                    c.get(2)?.as_str(),
                    c.get(3)?.as_str(),
                    c.get(1).is_some_and(|m| !m.as_str().is_empty()),
                ))
            })
            .collect()
    }

    #[test]
    fn the_address_reader_finds_the_host_the_pattern_captures() {
        let by_pattern = |text: &str| {
            let caps = ADDRESS_TEXT.captures(text)?;
            let host = caps.name("a").or(caps.name("b")).or(caps.name("c"))?;
            Some(host.as_str().to_string())
        };
        let tokens = [
            "http://", "https://", "HTTPS://", "www.", "WWW.", "a", "-", ".", "com", "Co",
            "example", "ex", ":", "80", "/", "?x", "#", " ", "é", "ſ",
        ];
        crate::token_texts::each_token_text(&tokens, 5, |text| {
            let ours = address_host(text).map(str::to_string);
            assert_eq!(ours, by_pattern(text), "{text:?}");
        });
    }

    #[test]
    fn the_link_reader_finds_what_the_pattern_finds() {
        // Every text of up to five tokens over an alphabet that reaches each part of a link and each way
        // out of it (a long text to pass the 200-character bound, non-ASCII text, titles, angle brackets).
        let (bound, over) = ("y".repeat(200), "y".repeat(201));
        let tokens = [
            "[",
            "]",
            "](",
            "(",
            ")",
            "!",
            " ",
            "\n",
            "<",
            ">",
            "\"t\"",
            "\"",
            "https://h",
            "http://h/p",
            "x",
            "é",
            "[x](",
            "](<",
            bound.as_str(),
            over.as_str(),
        ];
        crate::token_texts::each_token_text(&tokens, 5, |text| {
            if text.contains("](") {
                assert_eq!(markdown_links(text), by_pattern(text), "{text:?}");
            }
        });
    }

    #[test]
    fn over_long_link_texts_and_links_inside_them() {
        let long = "x".repeat(230);
        let bodies = [
            "[https://a.example.com](https://b.example.net/) and ![i](https://c.example.org/i.png)".to_string(),
            format!("[{long}](https://b.example.net/[https://a.example.com](http://203.0.113.9/a.exe))"),
            format!("[{}](https://a.example.com/) [é{}](https://b.example.net/)", "é".repeat(200), "é".repeat(200)),
            "[a](https://a.example.com/ \"title\") [b\n](https://b.example.net/) [](https://c.example.org/)".to_string(),
        ];
        for body in &bodies {
            let bounded = by_pattern(body);
            assert!(!bounded.is_empty(), "{body}");
            assert_eq!(markdown_links(body), bounded, "{body}");
        }
        // The link inside an over-long link's target is found, as the bounded pattern finds it.
        let text = format!(
            "[{long}](https://b.example.net/[https://a.example.com](http://203.0.113.9/a.exe))\n"
        );
        assert_eq!(found(&text, true).len(), 1, "{:?}", found(&text, true));
        assert!(contains_ignoring_ascii_case("<A HREF='x'>", "href"));
        assert!(!contains_ignoring_ascii_case("<a>", "href"));
    }
}
