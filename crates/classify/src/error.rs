//! Why a manifest, a skill's frontmatter or an MCP config could not be read: one typed error for every
//! reader of this crate, shown to the user as a diagnostic (the text is what the user reads, so each
//! variant names the file kind as the user knows it).

use std::fmt;

/// The file kinds this crate's readers parse, as the user names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestFile {
    PackageJson,
    Pyproject,
    SetupCfg,
    CargoToml,
    Frontmatter,
    McpConfig,
}

impl ManifestFile {
    fn name(self) -> &'static str {
        match self {
            ManifestFile::PackageJson => "package.json",
            ManifestFile::Pyproject => "pyproject.toml",
            ManifestFile::SetupCfg => "setup.cfg",
            ManifestFile::CargoToml => "Cargo.toml",
            ManifestFile::Frontmatter => "frontmatter",
            ManifestFile::McpConfig => "MCP config",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestError {
    /// Not valid in its format (JSON, TOML, YAML); `detail` is the parser's own message.
    Malformed { file: ManifestFile, detail: String },
    /// `setup.cfg` that Python's `configparser` (and so pip) refuses.
    NotIni(String),
    /// A skill's frontmatter that parses but is not a mapping of keys.
    FrontmatterNotAMapping,
    /// YAML refused by the bounded reader: the parser's message, or aliases that expand past the limit.
    Yaml(String),
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestError::Malformed { file, detail } => {
                write!(f, "malformed {}: {detail}", file.name())
            }
            ManifestError::NotIni(detail) => write!(f, "setup.cfg is not valid INI ({detail})"),
            ManifestError::FrontmatterNotAMapping => f.write_str("frontmatter is not a mapping"),
            ManifestError::Yaml(detail) => f.write_str(detail),
        }
    }
}

impl std::error::Error for ManifestError {}

impl ManifestError {
    pub(crate) fn malformed(file: ManifestFile, detail: impl fmt::Display) -> ManifestError {
        ManifestError::Malformed {
            file,
            detail: detail.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_as_the_user_knows_it() {
        let e = ManifestError::malformed(ManifestFile::PackageJson, "expected ':' at byte 9");
        assert_eq!(
            e.to_string(),
            "malformed package.json: expected ':' at byte 9"
        );
        assert_eq!(
            ManifestError::malformed(ManifestFile::McpConfig, "x").to_string(),
            "malformed MCP config: x"
        );
        assert_eq!(
            ManifestError::NotIni("line 2".into()).to_string(),
            "setup.cfg is not valid INI (line 2)"
        );
    }
}
