//! Byte offset → line/column, built once per file in one linear pass.

/// Line starts of a text. `\n`, `\r\n` and a lone `\r` each end a line, so line numbers agree with what an
/// editor shows for files with old Mac or mixed line endings.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            starts,
            len: bytes.len(),
        }
    }

    /// 0-based line number holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of line `line` (0-based), without its terminator.
    pub fn line_range(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        (start, end)
    }

    /// 1-based (line, column) of `offset`; the column counts characters, not bytes.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        let column = text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// Byte offset of a 1-based (line, column) position, the inverse of [`LineIndex::position`].
    pub fn offset_of(&self, text: &str, line: usize, column: usize) -> usize {
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.len);
        text[start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| start + i)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// The nearest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The nearest char boundary at or after `offset`.
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_line_endings_count() {
        let text = "a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.position(text, text.find('d').unwrap()), (4, 1));
        assert_eq!(index.position(text, text.find('c').unwrap()), (3, 1));
        assert_eq!(index.line_range(text, 1), (2, 3));
    }

    #[test]
    fn columns_count_characters() {
        let text = "é = curl";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, text.find("curl").unwrap()), (1, 5));
    }

    #[test]
    fn offset_of_inverts_position() {
        let text = "ab\r\né x\ny";
        let index = LineIndex::new(text);
        for offset in [0, 1, 4, 7, 9] {
            let (line, column) = index.position(text, offset);
            assert_eq!(index.offset_of(text, line, column), offset);
        }
    }

    #[test]
    fn boundaries_snap_out_of_multibyte_characters() {
        let text = "aé b";
        assert_eq!(floor_char_boundary(text, 2), 1);
        assert_eq!(ceil_char_boundary(text, 2), 3);
        assert_eq!(ceil_char_boundary(text, 99), text.len());
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let text = "ab";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 99), (1, 3));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text built from pieces that stress the mapping: every line ending, multi-byte characters, empties.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("\n".to_string()),
                Just("\r\n".to_string()),
                Just("\r".to_string()),
                Just("é".to_string()),
                Just("😀".to_string()),
                Just("\u{202e}".to_string()),
                "[a-z ]{0,6}",
                any::<char>().prop_map(String::from),
            ],
            0..60,
        )
        .prop_map(|pieces| pieces.concat())
    }

    /// Line and column by the definition: a line ends at LF, CRLF or a lone CR; columns count chars.
    fn reference(text: &str, offset: usize) -> (usize, usize) {
        let (mut line, mut column) = (1, 1);
        let mut chars = text[..offset].chars().peekable();
        let mut rest = text[offset..].chars();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => {}
                '\r' if chars.peek().is_none() && rest.next() == Some('\n') => column += 1,
                '\n' | '\r' => {
                    line += 1;
                    column = 1;
                }
                _ => column += 1,
            }
        }
        (line, column)
    }

    proptest! {
        #[test]
        fn offsets_round_trip_through_line_and_column(text in text(), pick in any::<prop::sample::Index>()) {
            let index = LineIndex::new(&text);
            let boundaries: Vec<usize> =
                (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let offset = boundaries[pick.index(boundaries.len())];
            let (line, column) = index.position(&text, offset);
            prop_assert_eq!(index.offset_of(&text, line, column), offset);
            prop_assert_eq!((line, column), reference(&text, offset));
        }

        #[test]
        fn line_ranges_hold_no_terminators_and_stay_in_bounds(text in text()) {
            let index = LineIndex::new(&text);
            let mut previous_end = 0;
            for line in 0..index.line_count() {
                let (start, end) = index.line_range(&text, line);
                prop_assert!(previous_end <= start && start <= end && end <= text.len());
                prop_assert!(!text[start..end].contains(['\n', '\r']));
                prop_assert_eq!(index.line_of(start), line);
                previous_end = end;
            }
            let terminators = text.matches("\r\n").count()
                + text.matches('\n').count()
                + text.matches('\r').count()
                - 2 * text.matches("\r\n").count();
            prop_assert_eq!(index.line_count(), terminators + 1);
        }

        #[test]
        fn any_offset_even_inside_a_character_maps_somewhere_valid(text in text(), offset in 0usize..400) {
            let index = LineIndex::new(&text);
            let (line, column) = index.position(&text, offset);
            prop_assert!(line >= 1 && line <= index.line_count());
            prop_assert!(column >= 1);
            prop_assert!(index.offset_of(&text, line, column) <= text.len());
            prop_assert!(floor_char_boundary(&text, offset) <= ceil_char_boundary(&text, offset));
        }
    }
}
