//! A bounded reader of CPython's `marshal` format, for one purpose: the string and bytes constants and the
//! names of a marshalled code object (`exec(marshal.loads(zlib.decompress(b64decode(…))))`). Bytecode is
//! not disassembled; the strings a payload carries (paths it reads, hosts it calls, modules it imports) are
//! what the rules need, and they are rendered as a tuple, one literal a line, for the rescan.
//!
//! Code object layouts differ by Python version; each known layout is tried and the first that reads the
//! whole input is kept. Nesting, object count and output are capped, so hostile bytes cost linear time.

/// Objects read before giving up.
const MAX_OBJECTS: usize = 200_000;
const MAX_DEPTH: usize = 64;
/// Strings shorter than this are names of locals and opcodes' noise.
const MIN_STRING_CHARS: usize = 3;

/// How a code object's fields are laid out in one range of Python versions.
#[derive(Debug, Clone, Copy)]
struct Layout {
    /// 32-bit integers before the first object field.
    leading_ints: usize,
    /// Object fields before `co_firstlineno`.
    objects_before_line: usize,
    /// Object fields after it.
    objects_after_line: usize,
}

const LAYOUTS: &[Layout] = &[
    // 3.11+: argcount, posonlyargcount, kwonlyargcount, stacksize, flags; code, consts, names,
    // localsplusnames, localspluskinds, filename, name, qualname; firstlineno; linetable, exceptiontable.
    Layout {
        leading_ints: 5,
        objects_before_line: 8,
        objects_after_line: 2,
    },
    // 3.8–3.10: argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize, flags; code, consts, names,
    // varnames, freevars, cellvars, filename, name; firstlineno; lnotab.
    Layout {
        leading_ints: 6,
        objects_before_line: 8,
        objects_after_line: 1,
    },
    // 3.0–3.7: as 3.8 without posonlyargcount.
    Layout {
        leading_ints: 5,
        objects_before_line: 8,
        objects_after_line: 1,
    },
    // 2.x: as 3.0 without kwonlyargcount (compiled files of old packages still ship).
    Layout {
        leading_ints: 4,
        objects_before_line: 8,
        objects_after_line: 1,
    },
];

/// The readable strings of the marshalled code object `bytes`, one Python literal a line; `None` when the
/// bytes are not a code object in any known layout or hold no readable string.
pub(crate) fn code_object_strings(bytes: &[u8]) -> Option<String> {
    if bytes.first().map(|b| b & 0x7f) != Some(b'c') {
        return None;
    }
    LAYOUTS.iter().find_map(|layout| {
        let mut reader = Reader {
            bytes,
            at: 0,
            layout: *layout,
            objects: 0,
            strings: Vec::new(),
        };
        reader.object(0)?;
        if reader.at != bytes.len() || reader.strings.is_empty() {
            return None;
        }
        // A tuple rather than bare lines: a string alone on a line reads as a docstring, not data.
        let mut text = String::from("# strings of a marshalled code object\nstrings = (\n");
        for string in reader.strings {
            text.push_str("    ");
            text.push_str(&python_literal(&string));
            text.push_str(",\n");
        }
        text.push_str(")\n");
        Some(text)
    })
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
    layout: Layout,
    objects: usize,
    strings: Vec<String>,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn int(&mut self) -> Option<i32> {
        let b = self.take(4)?;
        Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn length(&mut self) -> Option<usize> {
        let n = usize::try_from(self.int()?).ok()?;
        // A length past the end of the input is corrupt, not an allocation to make.
        (n <= self.bytes.len() - self.at).then_some(n)
    }

    fn string(&mut self, n: usize, keep: bool) -> Option<()> {
        let text = String::from_utf8_lossy(self.take(n)?).into_owned();
        if keep && is_worth_keeping(&text) && !self.strings.contains(&text) {
            self.strings.push(text);
        }
        Some(())
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        self.objects += 1;
        if depth > MAX_DEPTH || self.objects > MAX_OBJECTS {
            return None;
        }
        let kind = self.byte()? & 0x7f;
        match kind {
            b'0' | b'N' | b'F' | b'T' | b'S' | b'.' => {}
            // `R` is Python 2's reference to an interned string seen before.
            b'i' | b'r' | b'R' => {
                self.int()?;
            }
            b'g' => {
                self.take(8)?;
            }
            b'y' => {
                self.take(16)?;
            }
            b'f' => {
                let n = usize::from(self.byte()?);
                self.take(n)?;
            }
            b'x' => {
                for _ in 0..2 {
                    let n = usize::from(self.byte()?);
                    self.take(n)?;
                }
            }
            b'l' => {
                let digits = usize::try_from(self.int()?.unsigned_abs()).ok()?;
                self.take(digits.checked_mul(2)?)?;
            }
            b's' | b'u' | b't' | b'a' | b'A' => {
                let n = self.length()?;
                self.string(n, true)?;
            }
            b'z' | b'Z' => {
                let n = usize::from(self.byte()?);
                self.string(n, true)?;
            }
            b'(' | b'[' | b'<' | b'>' => {
                let n = self.length()?;
                for _ in 0..n {
                    self.object(depth + 1)?;
                }
            }
            b')' => {
                let n = self.byte()?;
                for _ in 0..n {
                    self.object(depth + 1)?;
                }
            }
            b'{' => loop {
                // Pairs until a NULL key.
                if self.bytes.get(self.at)? & 0x7f == b'0' {
                    self.at += 1;
                    break;
                }
                self.object(depth + 1)?;
                self.object(depth + 1)?;
            },
            b'c' => {
                let layout = self.layout;
                for _ in 0..layout.leading_ints {
                    self.int()?;
                }
                for _ in 0..layout.objects_before_line {
                    self.object(depth + 1)?;
                }
                self.int()?;
                for _ in 0..layout.objects_after_line {
                    self.object(depth + 1)?;
                }
            }
            _ => return None,
        }
        Some(())
    }
}

/// Text a reader would call a string: mostly printable, not bytecode or a line table.
fn is_worth_keeping(text: &str) -> bool {
    let total = text.chars().count();
    total >= MIN_STRING_CHARS
        && text
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        && !text.contains('\u{fffd}')
}

fn python_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3.11+ code object: `consts` holds a path and a URL, `names` two names, and a nested code object.
    fn code_object(inner: Option<Vec<u8>>) -> Vec<u8> {
        let mut out = vec![b'c' | 0x80];
        for _ in 0..5 {
            out.extend_from_slice(&0i32.to_le_bytes());
        }
        let bytes = |out: &mut Vec<u8>, kind: u8, data: &[u8]| {
            out.push(kind);
            out.extend_from_slice(&(data.len() as i32).to_le_bytes());
            out.extend_from_slice(data);
        };
        let short = |out: &mut Vec<u8>, text: &str| {
            out.push(b'z');
            out.push(text.len() as u8);
            out.extend_from_slice(text.as_bytes());
        };
        bytes(&mut out, b's', &[0x97, 0x00, 0x64, 0x00, 0x01, 0x02]); // code
        let consts = 3 + usize::from(inner.is_some());
        out.push(b')');
        out.push(consts as u8);
        short(&mut out, "~/.aws/credentials");
        bytes(&mut out, b'u', "https://x.example.invalid/c".as_bytes());
        out.push(b'N');
        if let Some(inner) = inner {
            out.extend(inner);
        }
        out.push(b')'); // names
        out.push(2);
        short(&mut out, "urlopen");
        out.push(b'r');
        out.extend_from_slice(&1i32.to_le_bytes());
        out.push(b')'); // localsplusnames
        out.push(0);
        bytes(&mut out, b's', b""); // localspluskinds
        short(&mut out, "<frozen>"); // filename
        short(&mut out, "<module>"); // name
        short(&mut out, "<module>"); // qualname
        out.extend_from_slice(&1i32.to_le_bytes()); // firstlineno
        bytes(&mut out, b's', &[0xf0, 0x03]); // linetable
        bytes(&mut out, b's', b""); // exceptiontable
        out
    }

    #[test]
    fn constants_and_names_of_nested_code_objects_are_read() {
        let text = code_object_strings(&code_object(Some(code_object(None)))).unwrap();
        assert!(text.contains("'~/.aws/credentials'"), "{text}");
        assert!(text.contains("'https://x.example.invalid/c'"), "{text}");
        assert!(text.contains("'urlopen'"), "{text}");
        // Each string once, bytecode and line tables left out.
        assert_eq!(text.matches("credentials").count(), 1, "{text}");
        assert!(!text.contains('\u{97}'));
    }

    #[test]
    fn truncated_corrupt_and_deep_input_is_refused() {
        let whole = code_object(None);
        // Every cut is read without a panic; one that ends inside the constants is refused (a cut near
        // the end may still read whole under an older layout with fewer trailing fields).
        for cut in 0..whole.len() {
            let read = code_object_strings(&whole[..cut]);
            assert!(cut > whole.len() / 2 || read.is_none(), "cut at {cut}");
        }
        let mut huge_length = vec![b'c'];
        huge_length.extend_from_slice(&[0; 20]);
        huge_length.push(b's');
        huge_length.extend_from_slice(&i32::MAX.to_le_bytes());
        assert!(code_object_strings(&huge_length).is_none());
        let mut deep = vec![b'c'];
        deep.extend_from_slice(&[0; 20]);
        deep.extend(std::iter::repeat_n([b')', 1], 100_000).flatten());
        assert!(code_object_strings(&deep).is_none());
        assert!(code_object_strings(b"not marshal").is_none());
    }
}
