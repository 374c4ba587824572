fn main() -> std::process::ExitCode {
    scopex::cli::main()
}

/// Runs before Rust's runtime replaces a closed standard output with `/dev/null`: a
/// command whose output goes nowhere must fail, not succeed in silence.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static LOOK_AT_STDOUT: extern "C" fn() = {
    extern "C" fn look() {
        // SAFETY: F_GETFD only reads the descriptor's flags; it fails (EBADF) when the
        // descriptor is not open.
        if unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1 {
            scopex::cli::mark_stdout_closed();
        }
    }
    look
};
