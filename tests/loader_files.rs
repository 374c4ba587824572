//! What scopex reads: only regular files up to a size limit, never a FIFO or device, and
//! never a line of a file that is not a catalog or profile in its errors. Run as a user
//! runs it: the real binary, with a config folder of its own.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn folder() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

fn spawn(args: &[&str], config: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(args)
        .env("SCOPEX_CONFIG_DIR", config)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the scopex binary runs")
}

/// Runs scopex; a run that hangs is killed and fails the test.
fn run(args: &[&str], config: &Path) -> Output {
    let mut child = spawn(args, config);
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("scopex {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("scopex finishes")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

fn write(path: &Path, text: &[u8]) -> PathBuf {
    std::fs::write(path, text).expect("write");
    path.to_path_buf()
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

#[test]
fn a_fifo_is_refused_not_waited_on() {
    let dir = folder();
    let fifo = dir.path().join("x.toml");
    mkfifo(&fifo);
    let output = run(&["validate", arg(&fifo)], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
    let output = run(&["list", arg(&fifo)], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_fifo_in_the_catalogs_folder_does_not_hang_the_list() {
    let config = folder();
    let catalogs = config.path().join("catalogs");
    std::fs::create_dir(&catalogs).expect("mkdir");
    mkfifo(&catalogs.join("x.toml"));
    let output = run(&["catalogs"], config.path());
    // Listed as a file that fails to load, never opened.
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let shown = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(shown.contains("outreach"), "{shown}");
    assert!(shown.contains("not a regular file"), "{shown}");
}

#[test]
fn a_profile_naming_a_device_or_a_fifo_fails_at_once() {
    let dir = folder();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    for catalog in ["/dev/zero", arg(&fifo)] {
        let profile = write(
            &dir.path().join("p.toml"),
            format!("name = \"p\"\ncatalog = \"{catalog}\"\n").as_bytes(),
        );
        let output = run(&["check", arg(&profile), "a"], dir.path());
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains("not a regular file"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let dir = folder();
    let path = dir.path().join("huge.toml");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: no disk is used.
    file.set_len(scopex::catalog::MAX_FILE_BYTES + 1)
        .expect("set_len");
    let output = run(&["validate", arg(&path)], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("larger than 256 MiB"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_profile_naming_a_file_that_is_no_catalog_never_shows_its_content() {
    let dir = folder();
    let secret = write(&dir.path().join("env"), b"API_TOKEN=abc123secret\n");
    let profile = write(
        &dir.path().join("p.toml"),
        format!("name = \"p\"\ncatalog = \"{}\"\n", arg(&secret)).as_bytes(),
    );
    let output = run(&["check", arg(&profile), "a"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let shown = stderr(&output);
    assert!(shown.contains("not a catalog file"), "{shown}");
    assert!(
        !shown.contains("abc123secret") && !shown.contains("API_TOKEN"),
        "{shown}"
    );
}

#[test]
fn non_utf8_text_is_located_in_catalogs_and_profiles() {
    let dir = folder();
    let catalog = write(
        &dir.path().join("c.toml"),
        b"id = \"c\"\nname = \"C\"\n\n[[scope]]\nname = \"a\"\ndescription = \"caf\xe9\"\n",
    );
    let output = run(&["validate", arg(&catalog)], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let shown = stderr(&output);
    assert!(
        shown.contains("c.toml:6:19: invalid UTF-8 (byte 0xe9)"),
        "{shown}"
    );
    let profile = write(
        &dir.path().join("p.toml"),
        b"name = \"p\"\ncatalog = \"outreach\"\n# \xff\n",
    );
    let output = run(&["check", arg(&profile), "users.read"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let shown = stderr(&output);
    assert!(
        shown.contains("p.toml:3:3: invalid UTF-8 (byte 0xff)"),
        "{shown}"
    );
}

#[test]
fn a_catalog_given_as_a_profile_and_a_profile_as_a_catalog_say_what_they_are() {
    let dir = folder();
    let root = env!("CARGO_MANIFEST_DIR");
    let catalog = format!("{root}/catalogs/github.toml");
    let output = run(&["report", &catalog], dir.path());
    let shown = stderr(&output);
    assert!(
        shown.contains("this is a catalog, not an integration profile"),
        "{shown}"
    );
    assert!(!shown.contains("unknown field"), "{shown}");
    let profile = format!("{root}/catalogs/integrations/opensense.toml");
    let output = run(&["list", &profile], dir.path());
    let shown = stderr(&output);
    assert!(
        shown.contains("this is an integration profile, not a catalog"),
        "{shown}"
    );
    assert!(!shown.contains("unknown field"), "{shown}");
}

fn config_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let config = folder();
    let catalogs = config.path().join("catalogs");
    std::fs::create_dir(&catalogs).expect("mkdir");
    for (name, text) in files {
        write(&catalogs.join(name), text.as_bytes());
    }
    config
}

const BROKEN: &str =
    "id = \"broken\"\nname = \"Broken\"\n\n[[scope]]\nname = \"a b\"\ndescription = \"x\"\n";

#[test]
fn a_broken_user_catalog_is_listed_with_its_error() {
    let config = config_with(&[("broken.toml", BROKEN), ("nameless.toml", "[[scope\n")]);
    let output = run(&["catalogs"], config.path());
    // A file that does not load is bad input (exit 2), though the rest is listed.
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("2 files in the catalog folder failed to load"),
        "{}",
        stderr(&output)
    );
    let shown = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(shown.starts_with("outreach "), "{shown}");
    let row = |id: &str| {
        shown
            .lines()
            .any(|l| l.starts_with(&format!("{id} ")) && l.contains("failed to load:"))
    };
    assert!(row("broken"), "{shown}");
    assert!(
        shown.contains("broken.toml:5:8: `a b` is not a valid scope name"),
        "{shown}"
    );
    assert!(row("nameless"), "{shown}");
    let output = run(&["catalogs", "--json"], config.path());
    assert_eq!(output.status.code(), Some(2));
    let shown = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(shown.contains("\"error\""), "{shown}");
    // Without a broken file the listing is a success.
    let output = run(&["catalogs"], config_with(&[]).path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_command_on_a_broken_user_catalog_says_the_file_failed_to_load() {
    let config = config_with(&[("broken.toml", BROKEN)]);
    let output = run(&["minimize", "broken", "a"], config.path());
    assert_eq!(output.status.code(), Some(2));
    let shown = stderr(&output);
    assert!(shown.contains("exists but failed to load"), "{shown}");
    assert!(shown.contains("broken.toml:5:8"), "{shown}");
    // A file whose id cannot be read answers to its file name.
    let config = config_with(&[("nameless.toml", "[[scope\n")]);
    let output = run(&["list", "nameless"], config.path());
    assert!(
        stderr(&output).contains("exists but failed to load"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_user_catalog_with_a_builtin_id_replaces_it_everywhere() {
    let mine = "id = \"github\"\nname = \"My GitHub\"\n\n[[scope]]\nname = \"only\"\ndescription = \"x\"\n";
    let config = config_with(&[("github.toml", mine)]);
    let output = run(&["list", "github"], config.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .lines()
            .count(),
        1
    );
    let output = run(&["catalogs"], config.path());
    let shown = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(shown.matches("github ").count(), 1, "{shown}");
    assert!(
        shown.contains("My GitHub") && shown.contains("(replaces the built-in)"),
        "{shown}"
    );
}

#[test]
fn an_imported_document_that_is_a_fifo_or_a_device_fails_at_once() {
    let dir = folder();
    let fifo = dir.path().join("doc.json");
    mkfifo(&fifo);
    for (kind, source) in [
        ("openapi", "/dev/zero"),
        ("openapi", arg(&fifo)),
        ("oidc", arg(&fifo)),
        ("google-discovery", arg(&fifo)),
    ] {
        let output = run(&["import", kind, source], dir.path());
        assert_eq!(output.status.code(), Some(2), "{kind} {source}");
        assert!(
            stderr(&output).contains("not a regular file"),
            "{kind} {source}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_config_file_that_is_a_fifo_fails_at_once() {
    let config = folder();
    let file = config.path().join("config.toml");
    mkfifo(&file);
    for args in [
        &["list", "outreach"][..],
        &["config", "--check", arg(&file)],
    ] {
        let output = run(args, config.path());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("not a regular file"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn non_utf8_text_is_located_in_imported_documents_and_config_files() {
    let dir = folder();
    let document = write(
        &dir.path().join("doc.json"),
        b"{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"\xff\"}}",
    );
    let output = run(&["import", "openapi", arg(&document)], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("doc.json:1:41: invalid UTF-8 (byte 0xff)"),
        "{}",
        stderr(&output)
    );
    let config = write(&dir.path().join("config.toml"), b"[defaults]\n# \xe9\n");
    let output = run(&["config", "--check", arg(&config)], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("config.toml:2:3: invalid UTF-8 (byte 0xe9)"),
        "{}",
        stderr(&output)
    );
}

/// `diff` takes a side for a profile when it is one, even one with a byte that is not
/// UTF-8: the error then says where that byte is, not that a catalog is missing.
#[test]
fn a_profile_with_a_byte_that_is_not_utf8_is_still_read_as_a_profile() {
    let dir = folder();
    let profile = write(
        &dir.path().join("p.toml"),
        b"name = \"p\"\ncatalog = \"outreach\"\n\n[[scope]]\nname = \"users.read\"\nreason = \"\xff\"\n",
    );
    let output = run(&["diff", arg(&profile), "users.read"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("p.toml:6:11: invalid UTF-8 (byte 0xff)"),
        "{}",
        stderr(&output)
    );
}

/// Scopes and operations read from stdin: a byte that is not UTF-8 is placed.
#[test]
fn non_utf8_text_on_stdin_is_located() {
    for (args, what) in [
        (&["minimize", "outreach"][..], "scopes"),
        (&["need", "google"], "operations"),
    ] {
        let output = support::cli::scopex_with_stdin(args, b"users.read\nusers.\xffwrite\n");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&output),
            format!(
                "scopex: cannot read {what} from stdin: line 2, column 7: invalid UTF-8 (byte 0xff)\n"
            )
        );
    }
}

/// A file scopex may not read is told as such wherever it is given, also where `diff`
/// decides between a profile and a scope string (it named no profile and asked for a
/// catalog). Root reads anything, so as root the runs are made as `nobody`.
#[cfg(unix)]
#[test]
fn a_file_without_read_permission_is_told_as_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = folder();
    // Open to everyone: the runs may be another user's.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
        .expect("chmod folder");
    let profile = write(
        &dir.path().join("p.toml"),
        b"name = \"p\"\ncatalog = \"outreach\"\n\n[[scope]]\nname = \"users.read\"\n",
    );
    std::fs::set_permissions(&profile, std::fs::Permissions::from_mode(0o000))
        .expect("chmod profile");
    let profile = arg(&profile);
    for args in [
        &["diff", profile, "users.all"][..],
        &["diff", "users.all", profile],
        &["diff", "outreach", profile, "users.all"],
        &["report", profile],
        &["validate", profile],
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_scopex"));
        command
            .args(args)
            .env("SCOPEX_CONFIG_DIR", dir.path())
            .stdin(Stdio::null());
        // SAFETY: geteuid only reads the process's effective user id.
        if unsafe { libc::geteuid() } == 0 {
            command.uid(65534).gid(65534);
        }
        let output = command.output().expect("scopex runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let shown = stderr(&output);
        assert!(
            shown.starts_with("scopex: cannot read ")
                && shown.contains(&format!("{profile}: Permission denied")),
            "{args:?}: {shown}"
        );
    }
}
