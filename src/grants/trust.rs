//! Which kinds of evidence the grant model trusts.

use crate::catalog::Evidence;
use std::fmt;

/// The kinds of evidence the algebra uses. An edge whose evidence is not trusted is
/// dropped, and a composite that loses a member edge becomes atomic: it may grant what
/// the catalog cannot show. A wrong edge makes a minimal string ask for too little (a 403
/// in production); a missing one only costs a redundant token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Trust(u8);

impl Trust {
    /// The levels by name, weakest evidence last, with their bits.
    const LEVELS: [(&'static str, u8); 4] = [
        ("documented", 1),
        ("description", 2),
        ("derived", 4),
        ("inferred", 8),
    ];
    /// Nothing trusted: every edge dropped.
    pub const NONE: Trust = Trust(0);
    /// Everything the provider's own words or data support: all but `inferred`.
    pub const DEFAULT: Trust = Trust(1 | 2 | 4);
    pub const ALL: Trust = Trust(1 | 2 | 4 | 8);

    fn bit(evidence: Evidence) -> u8 {
        match evidence {
            Evidence::Documented => 1,
            Evidence::Description => 2,
            Evidence::Derived => 4,
            Evidence::Inferred => 8,
        }
    }

    pub fn trusts(self, evidence: Evidence) -> bool {
        self.0 & Trust::bit(evidence) != 0
    }

    /// This trust with `evidence` trusted or not.
    pub fn with(self, evidence: Evidence, trusted: bool) -> Trust {
        if trusted {
            Trust(self.0 | Trust::bit(evidence))
        } else {
            Trust(self.0 & !Trust::bit(evidence))
        }
    }

    /// Is everything `other` trusts trusted here too?
    pub fn includes(self, other: Trust) -> bool {
        other.0 & !self.0 == 0
    }

    /// The trusted levels by name, strongest evidence first.
    pub fn levels(self) -> Vec<&'static str> {
        Trust::LEVELS
            .iter()
            .filter(|&&(_, bit)| self.0 & bit != 0)
            .map(|&(name, _)| name)
            .collect()
    }

    /// Reads a comma-separated list of levels (`documented`, `description`, `derived`,
    /// `inferred`), or `all`.
    pub fn parse(text: &str) -> Result<Trust, String> {
        let names: Vec<&str> = text.split(',').map(str::trim).collect();
        if names.iter().all(|name| name.is_empty()) {
            return Err(
                "no evidence levels given: name some of documented, description, derived, \
                 inferred, or all"
                    .to_string(),
            );
        }
        let mut trust = Trust::NONE;
        for name in names.into_iter().filter(|name| !name.is_empty()) {
            if name.eq_ignore_ascii_case("all") {
                trust = Trust::ALL;
                continue;
            }
            match Trust::LEVELS
                .iter()
                .find(|(level, _)| level.eq_ignore_ascii_case(name))
            {
                Some(&(_, bit)) => trust.0 |= bit,
                None => {
                    let known = Trust::LEVELS.iter().map(|&(level, _)| level);
                    let suggestions = crate::catalog::suggest(name, known.chain(["all"]));
                    let hint = match suggestions.first() {
                        Some(best) => format!("; did you mean `{best}`?"),
                        None => String::new(),
                    };
                    return Err(format!(
                        "`{name}` is not an evidence level (documented, description, \
                         derived, inferred, or all){hint}"
                    ));
                }
            }
        }
        Ok(trust)
    }
}

impl Default for Trust {
    fn default() -> Trust {
        Trust::DEFAULT
    }
}

impl fmt::Display for Trust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let levels = self.levels();
        if levels.is_empty() {
            f.write_str("no implication")
        } else {
            f.write_str(&levels.join(", "))
        }
    }
}

impl std::str::FromStr for Trust {
    type Err = String;

    fn from_str(text: &str) -> Result<Trust, String> {
        Trust::parse(text)
    }
}
