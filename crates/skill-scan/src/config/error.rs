//! A mistake in a configuration file, with its place: shown as `file:line:column: message; help` and
//! drawn by miette with the offending line.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, SourceSpan};
use std::fmt;
use std::path::{Path, PathBuf};

/// A mistake in a configuration file, with where it is.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub file: PathBuf,
    pub(super) text: String,
    /// Byte offset and length in `text`.
    pub(super) span: Option<(usize, usize)>,
    pub message: String,
    pub help: Option<String>,
}

impl ConfigError {
    pub(super) fn at_line(
        path: &Path,
        text: &str,
        line: usize,
        message: String,
        help: Option<String>,
    ) -> ConfigError {
        let offset: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let length = text[offset.min(text.len())..]
            .lines()
            .next()
            .map_or(0, str::len);
        ConfigError {
            file: path.to_path_buf(),
            text: text.to_string(),
            span: Some((offset, length)),
            message,
            help,
        }
    }

    /// 1-based line and column of the error, when it has a place.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        let (offset, _) = self.span?;
        let offset = skill_scan_model::floor_char_boundary(&self.text, offset);
        let index = skill_scan_model::LineIndex::new(&self.text);
        Some(index.position(&self.text, offset))
    }

    /// The error as miette draws it: the message, the offending line with a label, and the help.
    pub fn render(&self, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let mut out = String::new();
        let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
        if handler.render_report(&mut out, self).is_err() {
            out = format!("error: {self}");
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.line_column() {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

impl Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("skill-scan::config"))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.span.map(|_| &self.text as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let (offset, length) = self.span?;
        let span = SourceSpan::new(offset.min(self.text.len()).into(), length);
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some("here".into()), span),
        )))
    }
}
