//! Calibration for files a registry package ships that neither its install nor its import runs: the
//! browser assets of a Python package, and the shell scripts and tool settings a package carries for its
//! user or its developers to run by hand (a CLI's `curl | sh` installer, a dev container's set-up script).
//!
//! Both weigh one step less, never nothing: a block stays a review. A file an install hook runs (root
//! scope), or one the import graph reaches from the package's entry (`import_time`), is never lowered here.

use crate::groups::RootCauseGroup;
use skill_scan_model::{
    ArtifactScope, FileKind, Finding, Language, PackageKind, PackageSummary, RecommendedAction,
};

/// Whether installing the package runs code of its own: an npm install hook (a `preinstall.js` that spawns a
/// shipped `payload.sh` reaches it with no path in the manifest), or a review-level finding in a file the
/// installer runs (`setup.py` calling a script). Then no shipped file is taken as run by hand only.
pub(crate) fn install_runs_code(findings: &[Finding], package: &PackageSummary) -> bool {
    package
        .install_scripts
        .keys()
        .any(|hook| hook != "prepublish")
        || findings.iter().any(|f| {
            f.scope == ArtifactScope::PackageRootArtifact
                && f.file_kind != FileKind::NpmManifest
                && f.action >= RecommendedAction::Review
        })
}

/// Shipped, but outside what an install or an import runs.
fn outside_install_and_import(finding: &Finding) -> bool {
    finding.scope == ArtifactScope::SupportingArtifact && !finding.import_time
}

/// JavaScript in a Python package is served to a browser (a web UI's bundle, an API viewer's standalone
/// script); pip neither runs it on install nor does `import` load it.
pub(crate) fn browser_assets_of_a_python_package(
    group: &RootCauseGroup,
    members: &[&Finding],
    package: &PackageSummary,
) -> Option<(RecommendedAction, String)> {
    if package.kind != Some(PackageKind::Pypi) || package.install_runs_code {
        return None;
    }
    let to = weigh(group, members, |f| {
        matches!(f.language, Language::Javascript | Language::Typescript)
    })?;
    Some((
        to,
        "its stronger findings are in JavaScript a Python package serves to a browser; neither pip install nor import runs it"
            .to_string(),
    ))
}

/// The group's action when each member that `shipped_only` picks (and that neither install nor import
/// reaches) weighs one step less and every other member what it weighs: a group that mixes the two is not
/// lifted by the shipped part. `None` when nothing changes.
fn weigh(
    group: &RootCauseGroup,
    members: &[&Finding],
    shipped_only: impl Fn(&Finding) -> bool,
) -> Option<RecommendedAction> {
    let lowered = |f: &Finding| outside_install_and_import(f) && shipped_only(f);
    if !members.iter().any(|f| lowered(f)) {
        return None;
    }
    let weight = members
        .iter()
        .map(|f| {
            if lowered(f) {
                crate::calibration::one_step_down(f.action)
            } else {
                f.action
            }
        })
        .max()?;
    (weight < group.action).then_some(weight)
}

/// Tool settings a package manager obeys only in the folder it runs in: nested deep in a package, nothing
/// runs there on install.
const FOLDER_TOOL_SETTINGS: &[&str] = &[".yarnrc.yml", ".yarnrc", ".npmrc"];

/// A shell script or a folder's tool settings that an npm or PyPI package ships but no install hook runs:
/// the user runs the CLI's own installer by hand, a developer's container runs its set-up script. A script
/// under `bin/` is a command the package installs for its user, and keeps its weight.
pub(crate) fn scripts_shipped_for_the_user(
    group: &RootCauseGroup,
    members: &[&Finding],
    package: &PackageSummary,
) -> Option<(RecommendedAction, String)> {
    if !matches!(package.kind, Some(PackageKind::Npm | PackageKind::Pypi))
        || package.install_runs_code
    {
        return None;
    }
    let to = weigh(group, members, |f| {
        let name = f.path.rsplit('/').next().unwrap_or(&f.path);
        let shipped_script = f.file_kind == FileKind::Shell
            && f.language == Language::Shell
            && !f.path.split('/').any(|dir| dir == "bin");
        shipped_script || FOLDER_TOOL_SETTINGS.contains(&name)
    })?;
    Some((
        to,
        "its stronger findings are in scripts or tool settings the package ships for someone to run by hand; no install hook runs them"
            .to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use crate::calibration::calibrate;
    use crate::groups::group_findings;
    use crate::groups::tests::finding;
    use skill_scan_model::{
        ArtifactScope, Context, FileKind, Finding, Language, PackageKind, PackageSummary,
        RecommendedAction,
    };

    fn action(findings: &[Finding], kind: PackageKind) -> RecommendedAction {
        let package = PackageSummary {
            kind: Some(kind),
            ..PackageSummary::default()
        };
        let calibrated = calibrate(&group_findings(findings), findings, &package);
        let strongest = calibrated.groups.iter().map(|g| g.action).max();
        strongest.unwrap_or(RecommendedAction::Log)
    }

    /// A shell-script hit of `rule` on `path`.
    fn at(rule: &str, path: &str, action: RecommendedAction) -> Finding {
        finding("f1", rule, path, 1, action)
    }

    fn javascript(path: &str, action: RecommendedAction) -> Finding {
        let mut hit = at("DEO002", path, action);
        hit.language = Language::Javascript;
        hit.file_kind = FileKind::Javascript;
        hit.context = Context::Code;
        hit
    }

    #[test]
    fn a_python_packages_browser_bundle_weighs_one_step_less() {
        let bundle = javascript("pkg/static/assets/vendor-psd.js", RecommendedAction::Review);
        assert_eq!(
            action(std::slice::from_ref(&bundle), PackageKind::Pypi),
            RecommendedAction::Log
        );
        // The same bundle is an npm package's own code.
        assert_eq!(
            action(std::slice::from_ref(&bundle), PackageKind::Npm),
            RecommendedAction::Review
        );
        // A block stays a review.
        let strong = javascript("pkg/static/app.js", RecommendedAction::Block);
        assert_eq!(
            action(&[strong], PackageKind::Pypi),
            RecommendedAction::Review
        );
        // Reached from the import graph or an install hook, it keeps its weight.
        let mut imported = bundle.clone();
        imported.import_time = true;
        assert_eq!(
            action(&[imported], PackageKind::Pypi),
            RecommendedAction::Review
        );
        let mut hooked = bundle;
        hooked.scope = ArtifactScope::PackageRootArtifact;
        assert_eq!(
            action(&[hooked], PackageKind::Pypi),
            RecommendedAction::Review
        );
    }

    #[test]
    fn a_python_finding_beside_the_bundle_keeps_the_group_whole() {
        let bundle = javascript("pkg/static/app.js", RecommendedAction::Review);
        let mut python = finding("f2", "DEO002", "pkg/app.py", 1, RecommendedAction::Review);
        python.language = Language::Python;
        python.file_kind = FileKind::Python;
        python.signal = bundle.signal;
        python.category = bundle.category;
        assert_eq!(
            action(&[bundle, python], PackageKind::Pypi),
            RecommendedAction::Review
        );
    }

    #[test]
    fn a_shipped_installer_or_dev_container_script_weighs_one_step_less() {
        // `finding` builds a shell-script hit.
        let installer = at(
            "PER003",
            "rust/cli/install/install.sh",
            RecommendedAction::Review,
        );
        assert_eq!(
            action(std::slice::from_ref(&installer), PackageKind::Pypi),
            RecommendedAction::Log
        );
        assert_eq!(
            action(std::slice::from_ref(&installer), PackageKind::Npm),
            RecommendedAction::Log
        );
        let dev = at(
            "PER003",
            ".devcontainer/post_create.sh",
            RecommendedAction::Review,
        );
        assert_eq!(action(&[dev], PackageKind::Pypi), RecommendedAction::Log);
        let nested = {
            let mut hit = at(
                "SUP021",
                "bindings/js/.yarnrc.yml",
                RecommendedAction::Review,
            );
            hit.language = Language::Yaml;
            hit.file_kind = FileKind::Yaml;
            hit
        };
        assert_eq!(action(&[nested], PackageKind::Pypi), RecommendedAction::Log);
        // A skill's scripts are what the agent is told to run.
        assert_eq!(
            action(std::slice::from_ref(&installer), PackageKind::Skill),
            RecommendedAction::Review
        );
        // A command the package installs for its user, or a script an install hook runs, keeps its weight.
        let command = at("PER003", "bin/setup-path", RecommendedAction::Review);
        assert_eq!(
            action(&[command], PackageKind::Npm),
            RecommendedAction::Review
        );
        let mut hooked = installer;
        hooked.scope = ArtifactScope::PackageRootArtifact;
        assert_eq!(
            action(&[hooked], PackageKind::Npm),
            RecommendedAction::Review
        );
        // A block stays a review.
        let dropper = at("RCE007", "scripts/get.sh", RecommendedAction::Block);
        assert_eq!(
            action(&[dropper], PackageKind::Npm),
            RecommendedAction::Review
        );
    }

    #[test]
    fn nothing_is_taken_as_run_by_hand_when_the_install_runs_code() {
        let script = at("MIN001", "payload.sh", RecommendedAction::Block);
        let hooked = |hook: &str| {
            let mut package = PackageSummary {
                kind: Some(PackageKind::Npm),
                ..PackageSummary::default()
            };
            package
                .install_scripts
                .insert(hook.into(), "node setup.js".into());
            let findings = [script.clone()];
            calibrate(&group_findings(&findings), &findings, &package).groups[0].action
        };
        assert_eq!(hooked("preinstall"), RecommendedAction::Block);
        assert_eq!(hooked("prepublish"), RecommendedAction::Review);
        // `setup.py` running a command at review or above.
        let setup = Finding {
            scope: ArtifactScope::PackageRootArtifact,
            file_kind: FileKind::PythonBuild,
            language: Language::Python,
            ..finding("f2", "RCE009", "setup.py", 9, RecommendedAction::Review)
        };
        assert_eq!(
            action(&[script.clone(), setup], PackageKind::Pypi),
            RecommendedAction::Block
        );
        assert_eq!(
            action(&[script], PackageKind::Pypi),
            RecommendedAction::Review
        );
    }

    #[test]
    fn the_shipped_script_does_not_lift_the_rest_of_its_group() {
        let script = at(
            "PER003",
            "src/adapters/install.sh",
            RecommendedAction::Review,
        );
        let mut code = finding(
            "f2",
            "PER004",
            "src/adapters/service.ts",
            81,
            RecommendedAction::Log,
        );
        code.language = Language::Typescript;
        code.file_kind = FileKind::Typescript;
        code.signal = script.signal;
        let findings = [script, code.clone()];
        assert_eq!(action(&findings, PackageKind::Npm), RecommendedAction::Log);
        // Code of the package's own at review keeps the group at review.
        code.action = RecommendedAction::Review;
        let findings = [findings[0].clone(), code];
        assert_eq!(
            action(&findings, PackageKind::Npm),
            RecommendedAction::Review
        );
    }
}
