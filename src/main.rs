fn main() -> std::process::ExitCode {
    scopex::cli::main()
}
