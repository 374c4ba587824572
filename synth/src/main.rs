//! Writes a synthetic catalog to stdout, for benchmarks:
//! `cargo run --release -p scopex-synth -- --scopes 100000 --seed 0 --shape chain`.

use scopex_synth::{Shape, generate_shape};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: scopex-synth [--scopes N] [--seed S] [--shape realistic|chain|cycle]\n\
    A synthetic catalog (TOML) on stdout, the same for the same arguments; \
    10000 scopes, seed 1 and realistic names unless told.";

fn main() -> ExitCode {
    match run(std::env::args().skip(1)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("scopex-synth: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(mut args: impl Iterator<Item = String>) -> Result<(), String> {
    let (mut scopes, mut seed, mut shape) = (10_000_usize, 1_u64, Shape::Realistic);
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            return Ok(());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--scopes" => scopes = value.parse().map_err(|e| bad(&e))?,
            "--seed" => seed = value.parse().map_err(|e| bad(&e))?,
            "--shape" => shape = value.parse().map_err(|e: String| bad(&e))?,
            _ => return Err(format!("unknown argument `{flag}`")),
        }
    }
    let text = generate_shape(shape, scopes, seed);
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A closed pipe (`| head`) is a reader that has seen enough.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}
