//! The process boundary: parse the command line, run, turn the outcome into an exit status.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = culprit::cli::Cli::parse();
    match culprit::app::run(cli) {
        Ok(code) => code,
        Err(culprit::app::Fatal(what)) => {
            eprintln!("culprit: {what}");
            ExitCode::from(culprit::app::exit::ERROR)
        }
    }
}
