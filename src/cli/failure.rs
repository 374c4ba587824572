//! How a command fails: the exit code, the message printed on stderr, and what failed
//! where a caller decides by it.

/// A failure with its exit code; the message is printed on stderr.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
    /// What failed, where a caller says more about some causes than the message does.
    pub cause: Cause,
}

/// What a [`Failure`] was, beyond its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cause {
    /// Anything not named below.
    #[default]
    Other,
    /// A name given where a catalog goes names none; `near` when some catalog's name is
    /// close to it (and the message suggests it).
    UnknownCatalog { near: bool },
}

impl Failure {
    pub fn bad_input(message: impl std::fmt::Display) -> Failure {
        Failure {
            code: 2,
            message: message.to_string(),
            cause: Cause::Other,
        }
    }

    pub fn check_failed(message: impl std::fmt::Display) -> Failure {
        Failure {
            code: 1,
            message: message.to_string(),
            cause: Cause::Other,
        }
    }

    /// A catalog that could not be opened: bad input, with the cause kept.
    pub fn load(error: crate::catalog::LoadError) -> Failure {
        let cause = match &error {
            crate::catalog::LoadError::UnknownCatalog { suggestions, .. } => {
                Cause::UnknownCatalog {
                    near: !suggestions.is_empty(),
                }
            }
            _ => Cause::Other,
        };
        Failure {
            cause,
            ..Failure::bad_input(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Cause, Failure};
    use crate::catalog::LoadError;

    /// A name that is no catalog is told apart by the error's kind, whatever its words.
    #[test]
    fn an_unknown_catalog_keeps_its_cause() {
        let unknown = |suggestions: &[&str]| {
            Failure::load(LoadError::UnknownCatalog {
                name: "x".to_string(),
                known: vec!["github".to_string()],
                suggestions: suggestions.iter().map(ToString::to_string).collect(),
            })
        };
        assert_eq!(unknown(&[]).cause, Cause::UnknownCatalog { near: false });
        assert_eq!(
            unknown(&["github"]).cause,
            Cause::UnknownCatalog { near: true }
        );
        assert_eq!(unknown(&[]).code, 2);
        let unreadable = Failure::load(LoadError::Io {
            path: "x.toml".into(),
            source: std::io::Error::other("no"),
        });
        assert_eq!(unreadable.cause, Cause::Other);
    }
}
