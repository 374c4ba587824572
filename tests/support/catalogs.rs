//! Catalogs written for the tests.

use std::collections::BTreeSet;

/// The atoms of [`overlapping_composites`]: `atom0` … `atom47`.
pub const ATOMS: usize = 48;

/// Overlapping composites over many atoms: 120 composites `set0` …, each of three to six
/// atoms. A cover problem too large to prove minimal quickly. A fixed linear
/// congruential generator makes it the same catalog on every run.
pub fn overlapping_composites() -> String {
    const COMPOSITES: usize = 120;
    let mut text = String::from("id = \"large\"\nname = \"Large\"\n\n");
    for a in 0..ATOMS {
        text.push_str(&format!(
            "[[scope]]\nname = \"atom{a}\"\ndescription = \"x\"\n\n"
        ));
    }
    for c in 0..COMPOSITES {
        text.push_str(&format!(
            "[[scope]]\nname = \"set{c}\"\ndescription = \"x\"\n\n"
        ));
    }
    let mut state: u64 = 0x5eed;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % bound
    };
    for c in 0..COMPOSITES {
        let size = 3 + next(4);
        let members: BTreeSet<usize> = (0..size).map(|_| next(ATOMS)).collect();
        let quoted: Vec<String> = members.iter().map(|a| format!("\"atom{a}\"")).collect();
        text.push_str(&format!(
            "[[implies]]\nfrom = \"set{c}\"\nto = [{}]\ncomposite = true\nevidence = \"documented\"\n\n",
            quoted.join(", ")
        ));
    }
    text
}
