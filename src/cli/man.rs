//! `scopex manpage`: the manual page.

use super::Failure;

/// The manual page, in roff: one page, `scopex(1)`, with a COMMANDS section that gives
/// each command's synopsis, description and options (no page of its own is installed, so
/// none is referred to).
pub fn manpage() -> Result<String, Failure> {
    let failed =
        |e: std::io::Error| Failure::bad_input(format!("cannot write the manual page: {e}"));
    let mut top = super::command();
    top.build();
    let man = clap_mangen::Man::new(top.clone());
    let mut page = Vec::new();
    man.render_title(&mut page).map_err(failed)?;
    man.render_name_section(&mut page).map_err(failed)?;
    man.render_synopsis_section(&mut page).map_err(failed)?;
    man.render_description_section(&mut page).map_err(failed)?;
    man.render_options_section(&mut page).map_err(failed)?;
    page.extend_from_slice(b".SH COMMANDS\n");
    for sub in top
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
    {
        // Each command's sections, rendered as a page of their own would have them, go
        // under one subsection: their own headings dropped.
        let man = clap_mangen::Man::new(sub.clone());
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part).map_err(failed)?;
        man.render_description_section(&mut part).map_err(failed)?;
        man.render_options_section(&mut part).map_err(failed)?;
        let part = String::from_utf8(part).map_err(Failure::bad_input)?;
        let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
        page.extend_from_slice(format!(".SS \"{name}\"\n").as_bytes());
        for line in part.lines() {
            match line.strip_prefix(".SH ") {
                Some("OPTIONS") => page.extend_from_slice(b".PP\nOptions:\n"),
                Some("SYNOPSIS") => {}
                Some(_) => page.extend_from_slice(b".PP\n"),
                None => {
                    page.extend_from_slice(line.as_bytes());
                    page.push(b'\n');
                }
            }
        }
    }
    man.render_extra_section(&mut page).map_err(failed)?;
    man.render_version_section(&mut page).map_err(failed)?;
    String::from_utf8(page).map_err(Failure::bad_input)
}
