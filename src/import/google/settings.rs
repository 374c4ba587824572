//! Where alone a scope can be used, read from its description.

/// Where alone a scope can be used, when its own description says so: Gmail's add-on
/// scopes ("… when you interact with the add-on", "… when the add-on is running") are
/// granted to Gmail add-ons only. `title` is the declaring API's ("Gmail API").
pub(super) fn only_in(description: &str, title: Option<&str>) -> Option<String> {
    const ADD_ON_ONLY: [&str; 2] = [
        "when you interact with the add-on",
        "when the add-on is running",
    ];
    let lower = description.to_lowercase();
    if !ADD_ON_ONLY.iter().any(|phrase| lower.contains(phrase)) {
        return None;
    }
    let product = title
        .map(|t| t.trim().trim_end_matches(" API").trim())
        .filter(|t| !t.is_empty());
    Some(match product {
        Some(product) => format!("{product} add-ons"),
        None => "add-ons".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_on_scopes_are_usable_only_in_add_ons() {
        assert_eq!(
            only_in(
                "Manage drafts and send emails when you interact with the add-on",
                Some("Gmail API")
            )
            .as_deref(),
            Some("Gmail add-ons")
        );
        assert_eq!(
            only_in("View your email messages when the add-on is running", None).as_deref(),
            Some("add-ons")
        );
        assert_eq!(
            only_in("Send email on your behalf", Some("Gmail API")),
            None
        );
    }
}
