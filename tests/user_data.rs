//! The user's own data in the config folder (config.toml, catalogs/) as every command
//! reads it: a config file that is not valid is refused by every command, as `config
//! --check` finds it, and what cannot be read is said, with the path, never taken for
//! nothing there.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `scopex ARGS` with `config_dir` as its config folder. Root reads anything, so as root
/// it runs as `nobody`, for whom permissions count.
fn scopex(config_dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scopex"));
    command
        .args(args)
        .env("SCOPEX_CONFIG_DIR", config_dir)
        .env("SCOPEX_CACHE_DIR", "")
        .stdin(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: geteuid only reads the process's effective user id.
        if unsafe { libc::geteuid() } == 0 {
            command.uid(65534).gid(65534);
        }
    }
    command.output().expect("scopex runs")
}

/// A config folder that any user may enter and read.
fn config_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod folder");
    }
    dir
}

/// A default catalog that does not open makes the config file not valid: `config
/// --check` says so, and every command but config, completions and manpage refuses it.
#[test]
fn a_default_catalog_that_does_not_open_is_refused_by_every_command() {
    let dir = config_folder();
    std::fs::write(
        dir.path().join("config.toml"),
        "[defaults]\ncatalog = \"githb\"\n",
    )
    .expect("write the config");
    for args in [
        &["minimize", "github", "repo"][..],
        &["catalogs"],
        &["check", "github", "repo"],
        &["github"],
    ] {
        let output = scopex(dir.path(), args);
        let err = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(text(&output.stdout), "", "{args:?}");
        assert!(
            err.contains("config.toml:2:11: the default catalog does not open: no catalog named `githb`; did you mean one of `github`"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("the config file is not valid"),
            "{args:?}: {err}"
        );
    }
    for args in [&["completions", "bash"][..], &["manpage"]] {
        let output = scopex(dir.path(), args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
    }
    // `scopex config` prints the path and warns, with the reason.
    let output = scopex(dir.path(), &["config"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        text(&output.stderr).contains("the default catalog does not open"),
        "{}",
        text(&output.stderr)
    );
    // A default catalog that opens is no problem.
    std::fs::write(
        dir.path().join("config.toml"),
        "[defaults]\ncatalog = \"github\"\n",
    )
    .expect("write the config");
    let output = scopex(dir.path(), &["minimize", "github", "repo"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

/// A config file scopex may not read is said to be unreadable, with its path and the
/// reason, not to be "not valid".
#[cfg(unix)]
#[test]
fn an_unreadable_config_file_is_told_as_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = config_folder();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[defaults]\nformat = \"query\"\n").expect("write the config");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let shown = format!(
        "{}: cannot read the config file: Permission denied",
        config.display()
    );
    for args in [&["minimize", "github", "repo"][..], &["config", "--check"]] {
        let output = scopex(dir.path(), args);
        let err = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(&shown), "{args:?}: {err}");
        assert!(!err.contains("not valid"), "{args:?}: {err}");
    }
}

/// A catalogs folder scopex may not read is said to be so, with its path: `catalogs`
/// fails rather than list no user catalog, and a catalog id is not called unknown.
#[cfg(unix)]
#[test]
fn an_unreadable_catalogs_folder_is_told_as_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = config_folder();
    let folder = dir.path().join("catalogs");
    std::fs::create_dir(&folder).expect("mkdir catalogs");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/valid_small.toml"
        ),
        folder.join("acme.toml"),
    )
    .expect("copy a catalog");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let shown = format!(
        "cannot read the catalog folder {}: Permission denied",
        folder.display()
    );
    for args in [
        &["catalogs"][..],
        &["catalogs", "--json"],
        &["minimize", "acme", "x"],
        &["list", "github"],
        &[],
    ] {
        let output = scopex(dir.path(), args);
        let err = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(text(&output.stdout), "", "{args:?}");
        assert!(err.contains(&shown), "{args:?}: {err}");
        assert!(!err.contains("no catalog named"), "{args:?}: {err}");
    }
    // A catalog given by its path does not need the folder.
    let output = scopex(
        dir.path(),
        &[
            "list",
            concat!(env!("CARGO_MANIFEST_DIR"), "/catalogs/github.toml"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}
