//! A small JSON reader that remembers where every key and value sits, so a finding in `package.json` or an
//! MCP config can point at the exact line. It accepts the comments and trailing commas of JSONC (VS Code's
//! `mcp.json` uses them). A value nested deeper than [`MAX_DEPTH`] is read without recursion and kept as
//! raw text, so nesting can neither overflow the stack nor make the whole document (and the install
//! scripts in it) unreadable: JavaScript's `JSON.parse` accepts such a file, so must we.

use std::fmt;

pub const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    Object(Vec<JsonMember>),
    Array(Vec<JsonNode>),
    String(String),
    /// Numbers, `true`, `false` and `null`, as written.
    Scalar(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct JsonNode {
    pub value: JsonValue,
    /// Byte range of the value in the source.
    pub span: (usize, usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct JsonMember {
    pub key: String,
    pub key_span: (usize, usize),
    pub value: JsonNode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for JsonError {}

impl JsonNode {
    /// The member `key` of an object; the LAST one when the key is repeated, as `JSON.parse` (npm) and
    /// Python's `json` read it, so a decoy first `"scripts"` cannot hide the one the installer runs.
    pub fn get(&self, key: &str) -> Option<&JsonNode> {
        self.members()
            .iter()
            .rev()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }

    pub fn members(&self) -> &[JsonMember] {
        match &self.value {
            JsonValue::Object(members) => members,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// Text of a string or scalar value; `None` for objects and arrays.
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.value {
            JsonValue::String(s) | JsonValue::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn items(&self) -> &[JsonNode] {
        match &self.value {
            JsonValue::Array(items) => items,
            _ => &[],
        }
    }

    /// Every member reached by a dotted path whose segments are keys or `*` (any key), e.g. `mcpServers.*.url`.
    pub fn select<'a>(&'a self, path: &str) -> Vec<&'a JsonMember> {
        let segments: Vec<&str> = path.split('.').collect();
        let mut found = Vec::new();
        select_into(self, &segments, &mut found);
        found
    }
}

fn select_into<'a>(node: &'a JsonNode, segments: &[&str], found: &mut Vec<&'a JsonMember>) {
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    for member in node.members() {
        if *first == "*" || member.key == *first {
            if rest.is_empty() {
                found.push(member);
            } else {
                select_into(&member.value, rest, found);
            }
        }
    }
}

pub fn parse_json(text: &str) -> Result<JsonNode, JsonError> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    parser.skip_trivia()?;
    let node = parser.value(0)?;
    parser.skip_trivia()?;
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("unexpected text after the JSON value"));
    }
    Ok(node)
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> JsonError {
        JsonError {
            offset: self.pos,
            message: message.to_string(),
        }
    }

    fn skip_trivia(&mut self) -> Result<(), JsonError> {
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    let rest = &self.text[self.pos + 2..];
                    let end = rest
                        .find("*/")
                        .ok_or_else(|| self.error("unclosed comment"))?;
                    self.pos += 2 + end + 2;
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<JsonNode, JsonError> {
        let start = self.pos;
        let value = match self.bytes.get(self.pos) {
            Some(b'{' | b'[') if depth >= MAX_DEPTH => self.skip_nested()?,
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => JsonValue::String(self.string()?),
            Some(_) => self.scalar()?,
            None => return Err(self.error("unexpected end of input")),
        };
        Ok(JsonNode {
            value,
            span: (start, self.pos),
        })
    }

    /// Steps over one object or array, however deep, with a counter instead of recursion; its text is
    /// kept as a scalar.
    fn skip_nested(&mut self) -> Result<JsonValue, JsonError> {
        let start = self.pos;
        let mut open = 0usize;
        loop {
            match self.bytes.get(self.pos) {
                Some(b'{' | b'[') => {
                    open += 1;
                    self.pos += 1;
                }
                Some(b'}' | b']') => {
                    open = open.saturating_sub(1);
                    self.pos += 1;
                    if open == 0 {
                        return Ok(JsonValue::Scalar(self.text[start..self.pos].to_string()));
                    }
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b'/') => {
                    let before = self.pos;
                    self.skip_trivia()?;
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
                Some(_) => self.pos += 1,
                None => return Err(self.error("unexpected end of input")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        self.pos += 1;
        let mut members = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.bytes.get(self.pos) {
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(JsonValue::Object(members));
                }
                Some(b'"') => {}
                _ => return Err(self.error("expected a key or '}'")),
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = (key_start, self.pos);
            self.skip_trivia()?;
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected ':'"));
            }
            self.pos += 1;
            self.skip_trivia()?;
            let value = self.value(depth + 1)?;
            members.push(JsonMember {
                key,
                key_span,
                value,
            });
            self.skip_trivia()?;
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            if self.bytes.get(self.pos) == Some(&b']') {
                self.pos += 1;
                return Ok(JsonValue::Array(items));
            }
            items.push(self.value(depth + 1)?);
            self.skip_trivia()?;
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {}
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while self.pos < self.bytes.len() && !matches!(self.bytes[self.pos], b'"' | b'\\') {
                self.pos += 1;
            }
            out.push_str(&self.text[run_start..self.pos]);
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                _ => return Err(self.error("unterminated string")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let c = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.error("unterminated escape"))?;
        self.pos += 1;
        match c {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let high = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&high)
                    && self.text[self.pos..].starts_with("\\u")
                {
                    self.pos += 2;
                    let low = self.hex4()?;
                    0x10000 + ((high - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF)
                } else {
                    high
                };
                out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            _ => return Err(self.error("invalid escape")),
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("short \\u escape"))?;
        let value =
            u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(value)
    }

    fn scalar(&mut self) -> Result<JsonValue, JsonError> {
        let start = self.pos;
        while self.pos < self.bytes.len()
            && matches!(self.bytes[self.pos], b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'+' | b'-' | b'.')
        {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.error("unexpected character"));
        }
        Ok(JsonValue::Scalar(self.text[start..self.pos].to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let text = r#"{"scripts": {"postinstall": "node x.js"}, "n": 1}"#;
        let root = parse_json(text).unwrap();
        let hits = root.select("scripts.*");
        assert_eq!(hits.len(), 1);
        let (start, end) = hits[0].key_span;
        assert_eq!(&text[start..end], "\"postinstall\"");
        assert_eq!(hits[0].value.as_str(), Some("node x.js"));
        assert_eq!(root.get("n").and_then(|n| n.scalar_text()), Some("1"));
    }

    #[test]
    fn accepts_jsonc_comments_and_trailing_commas() {
        let text = "{\n // servers\n \"servers\": {\"a\": {\"url\": \"http://x\",},}, /* end */\n}";
        let root = parse_json(text).unwrap();
        assert_eq!(
            root.select("servers.*.url")[0].value.as_str(),
            Some("http://x")
        );
    }

    #[test]
    fn decodes_escapes() {
        let root = parse_json(r#"{"k": "a\"b\u0041\ud83d\ude00"}"#).unwrap();
        assert_eq!(root.get("k").and_then(|v| v.as_str()), Some("a\"bA😀"));
    }

    #[test]
    fn deep_nesting_neither_overflows_nor_hides_the_rest() {
        let err = parse_json(&"[".repeat(100_000)).unwrap_err();
        assert!(err.message.contains("end of input"));
        let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let text = format!(
            r#"{{"a": {deep}, "scripts": {{"preinstall": "curl x | sh"}}, "b": {{"s": "]]}}"}}}}"#
        );
        let root = parse_json(&text).unwrap();
        let hook = root.get("scripts").and_then(|s| s.get("preinstall"));
        assert_eq!(hook.and_then(|v| v.as_str()), Some("curl x | sh"));
        let deep_text = format!("[{deep}, \"]\", /* ] */ 2]");
        let wrapped = format!(
            "{}{deep_text}{}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        );
        assert!(parse_json(&wrapped).is_ok());
    }

    #[test]
    fn malformed_input_reports_where() {
        let err = parse_json("{\"a\": }").unwrap_err();
        assert_eq!(err.offset, 6);
        assert!(parse_json("{\"a\": 1} x").is_err());
        assert!(parse_json("\"open").is_err());
    }
}
