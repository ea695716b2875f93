//! What layers outside the file scan see about a package as a whole, as typed events: the archive reader's
//! issues, the registry's release signals, and what the scan sees of the package's manifests, file list and
//! file bytes. They name no rule; the package detectors (`skill-scan-detectors`, `package.rs`) map each to the
//! native detector its rule names.

/// Something about the archive itself that the user must hear about: a limit that stopped the read, or an
/// entry built to hurt whoever unpacks it. The archive reader (`skill-scan-archive`, as `IssueKind`) emits
/// these; the package detectors map each to its rule (`rules/archive.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ArchiveIssueKind {
    /// Decompresses far beyond its size: a decompression bomb.
    CompressionBomb,
    /// More bytes than `max_total_bytes`: the rest was not read.
    SizeLimit,
    /// More entries than `max_entries`: the rest was not read.
    EntryLimit,
    /// An archive nested deeper than `max_depth`: not opened.
    NestingLimit,
    /// An absolute entry name or one that climbs out with `..` (zip slip).
    PathEscape,
    /// A symbolic or hard link that points outside the package.
    LinkOutside,
    /// Cut short or corrupt: what follows the damage was not read.
    Unreadable,
    /// A password-protected entry, which cannot be read.
    Encrypted,
    /// A zip whose last central directory (what pip reads) is not its first: two archives joined end to
    /// end, where a front-to-back reader and the installer see different files.
    ZipReadingsDiffer,
    /// Bytes before a zip's first entry, which Python's `zipfile` skips and other readers refuse.
    DataBeforeZip,
}

impl ArchiveIssueKind {
    pub const ALL: [ArchiveIssueKind; 10] = [
        ArchiveIssueKind::CompressionBomb,
        ArchiveIssueKind::SizeLimit,
        ArchiveIssueKind::EntryLimit,
        ArchiveIssueKind::NestingLimit,
        ArchiveIssueKind::PathEscape,
        ArchiveIssueKind::LinkOutside,
        ArchiveIssueKind::Unreadable,
        ArchiveIssueKind::Encrypted,
        ArchiveIssueKind::ZipReadingsDiffer,
        ArchiveIssueKind::DataBeforeZip,
    ];
}

/// A fact about a release that the registry's metadata shows before any byte of its archive is read. The
/// registry layer (`skill-scan-registry`, as `SignalKind`) emits these; the package detectors map each to
/// its rule (`rules/registry.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrySignalKind {
    RecentVersion,
    YoungPackage,
    InstallScriptAdded,
    PublisherChanged,
}

impl RegistrySignalKind {
    pub const ALL: [RegistrySignalKind; 4] = [
        RegistrySignalKind::RecentVersion,
        RegistrySignalKind::YoungPackage,
        RegistrySignalKind::InstallScriptAdded,
        RegistrySignalKind::PublisherChanged,
    ];
}

/// What the scan finds about the package as a whole, from its root manifests, its file list and the bytes of
/// each file (checks no pattern over one file's text can make). The package detectors map each to its rule
/// (`rules/binaries.yaml`, `rules/package_names.yaml`, `rules/install_hooks.yaml`, `rules/remote_exec.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PackageCheckKind {
    /// The package's own name is one edit from a popular package's.
    TyposquatName,
    /// A dependency's name is one edit from a popular package's.
    TyposquatDependency,
    /// An unscoped, unlisted name at a major version of 99 or more.
    DependencyConfusionVersion,
    /// Install scripts, and no code of the package's own besides what they run.
    HollowPackage,
    /// A native executable in a skill or an MCP bundle.
    ExecutableFile,
    /// A native executable in an npm or PyPI package (prebuilt addons are normal there).
    ExecutableFileInCodePackage,
    /// Compiled Python next to its source.
    CompiledPython,
    /// Compiled Python without its source.
    CompiledPythonWithoutSource,
    /// A `#!` script that carries binary data.
    ScriptWithBinaryPayload,
    /// Code under a media file's name.
    CodeDisguisedAsMedia,
    /// A file named like data that the package's code loads and runs as code.
    CodeRunUnderDataName,
    /// A skill whose frontmatter `allowed-tools` is narrower than what its own code and instructions do.
    AllowedToolsNarrowerThanCode,
}

impl PackageCheckKind {
    pub const ALL: [PackageCheckKind; 12] = [
        PackageCheckKind::TyposquatName,
        PackageCheckKind::TyposquatDependency,
        PackageCheckKind::DependencyConfusionVersion,
        PackageCheckKind::HollowPackage,
        PackageCheckKind::ExecutableFile,
        PackageCheckKind::ExecutableFileInCodePackage,
        PackageCheckKind::CompiledPython,
        PackageCheckKind::CompiledPythonWithoutSource,
        PackageCheckKind::ScriptWithBinaryPayload,
        PackageCheckKind::CodeDisguisedAsMedia,
        PackageCheckKind::CodeRunUnderDataName,
        PackageCheckKind::AllowedToolsNarrowerThanCode,
    ];
}

/// What a project's own files show about how it gets its dependencies and servers (lockfiles, MCP client
/// configs), seen by the project layer (`skill-scan`'s `project/`). The package detectors map each to its
/// rule (`rules/project.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProjectCheckKind {
    /// A dependency fetched from a git repository instead of the registry.
    DependencyFromGit,
    /// A dependency fetched from a plain URL instead of the registry.
    DependencyFromUrl,
    /// A lockfile entry resolved to a host other than the ecosystem's registry.
    DependencyResolvedOffRegistry,
    /// The archive downloaded for a lockfile entry does not match the lockfile's hash.
    LockfileHashMismatch,
    /// A dependency taken from a local path.
    DependencyFromLocalPath,
    /// An MCP client config that connects to a remote server.
    McpRemoteServer,
    /// An MCP client config that launches a server package without a pinned version.
    McpServerUnpinnedPackage,
}

impl ProjectCheckKind {
    pub const ALL: [ProjectCheckKind; 7] = [
        ProjectCheckKind::DependencyFromGit,
        ProjectCheckKind::DependencyFromUrl,
        ProjectCheckKind::DependencyResolvedOffRegistry,
        ProjectCheckKind::LockfileHashMismatch,
        ProjectCheckKind::DependencyFromLocalPath,
        ProjectCheckKind::McpRemoteServer,
        ProjectCheckKind::McpServerUnpinnedPackage,
    ];
}
