//! Classification: a file's [`FileKind`](skill_scan_model::FileKind) and
//! [`ArtifactScope`](skill_scan_model::ArtifactScope), the package's kind, and what its manifests declare.
//! Pure functions over paths and text.

mod adopted;
pub mod bounded_yaml;
pub mod cargo_manifest;
mod error;
mod file_kind;
mod file_role;
pub mod frontmatter;
pub mod json_tree;
pub mod manifests;
pub mod npm_variables;
mod package;
mod setup_cfg;

pub use adopted::{adopted_ci_files, followed_documents, is_ci_path, is_document_path};
pub use error::{ManifestError, ManifestFile};
pub use file_kind::{
    classify_file, has_media_extension, is_mcp_config_text, language_of, sniff_code_kind,
};
pub use file_role::file_role;
pub use package::{PackageFacts, RootManifests};
