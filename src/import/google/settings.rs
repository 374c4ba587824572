//! Where alone a scope can be used, read from its name and description.

/// Where alone a scope can be used, when Google says so:
/// - Gmail's add-on scopes ("… when you interact with the add-on", "… when the add-on
///   is running") are granted to add-ons only (`title` is the declaring API's, "Gmail
///   API", and names them);
/// - scopes on what the app made itself: Google names them `….created`
///   (`calendar.app.created`: "Make secondary Google calendars, and … events on them";
///   `meetings.space.created`: "… conferences created by the app"), and describes
///   others as on the app's "own" data (`drive.appdata`: "its own configuration data").
///   They fail on everything else, such as the user's primary calendar; each API's
///   are a setting of their own;
/// - scopes of a partner process (`youtubepartner-channel-audit`: "… during the audit
///   process with a YouTube partner").
pub(super) fn only_in(name: &str, description: &str, title: Option<&str>) -> Option<String> {
    const ADD_ON_ONLY: [&str; 2] = [
        "when you interact with the add-on",
        "when the add-on is running",
    ];
    const APP_MADE: [&str; 3] = ["created by the app", "created by this app", "its own "];
    const PARTNER_AUDIT: &str = "audit process with a youtube partner";
    let lower = description.to_lowercase();
    let product = title
        .map(|t| t.trim().trim_end_matches(" API").trim())
        .filter(|t| !t.is_empty());
    if ADD_ON_ONLY.iter().any(|phrase| lower.contains(phrase)) {
        return Some(match product {
            Some(product) => format!("{product} add-ons"),
            None => "add-ons".to_string(),
        });
    }
    let last = name.rsplit(['/', '.']).next().unwrap_or(name);
    if last == "created" || APP_MADE.iter().any(|phrase| lower.contains(phrase)) {
        // Each product's own setting: a call only such a scope authorizes (creating a
        // Meet space) says nothing of the app's calendars.
        return Some(match product {
            Some(product) => format!("what the app itself created in {product}"),
            None => "what the app itself created".to_string(),
        });
    }
    if lower.contains(PARTNER_AUDIT) {
        return Some("audits with a YouTube partner".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUTH: &str = "https://www.googleapis.com/auth/";

    #[test]
    fn add_on_scopes_are_usable_only_in_add_ons() {
        assert_eq!(
            only_in(
                "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
                "Manage drafts and send emails when you interact with the add-on",
                Some("Gmail API")
            )
            .as_deref(),
            Some("Gmail add-ons")
        );
        assert_eq!(
            only_in(
                "x",
                "View your email messages when the add-on is running",
                None
            )
            .as_deref(),
            Some("add-ons")
        );
        assert_eq!(
            only_in(
                "https://www.googleapis.com/auth/gmail.send",
                "Send email on your behalf",
                Some("Gmail API")
            ),
            None
        );
    }

    #[test]
    fn scopes_on_what_the_app_made_are_usable_only_there() {
        let app_made = [
            (
                "calendar.app.created",
                "Make secondary Google calendars, and see, create, change, and delete events on them",
            ),
            (
                "meetings.space.created",
                "Create, edit, and see information about your Google Meet conferences created by the app.",
            ),
            (
                "drive.appdata",
                "See, create, and delete its own configuration data in your Google Drive",
            ),
        ];
        for (name, description) in app_made {
            assert_eq!(
                only_in(&format!("{AUTH}{name}"), description, None).as_deref(),
                Some("what the app itself created"),
                "{name}"
            );
        }
        let (name, description) = app_made[0];
        assert_eq!(
            only_in(&format!("{AUTH}{name}"), description, Some("Calendar API")).as_deref(),
            Some("what the app itself created in Calendar")
        );
        // Files the user opens with the app are not only those it made.
        let file = "See, edit, create, and delete only the specific Google Drive files you use with this app";
        assert_eq!(only_in(&format!("{AUTH}drive.file"), file, None), None);
        let calendars = "See and change the properties of Google calendars you have access to, and create secondary calendars";
        assert_eq!(
            only_in(&format!("{AUTH}calendar.calendars"), calendars, None),
            None
        );
    }

    #[test]
    fn partner_audit_scopes_are_usable_only_in_the_audit() {
        let audit = "View private information of your YouTube channel relevant during the audit process with a YouTube partner";
        assert_eq!(
            only_in(&format!("{AUTH}youtubepartner-channel-audit"), audit, None).as_deref(),
            Some("audits with a YouTube partner")
        );
        let partner = "View and manage your assets and associated content on YouTube";
        assert_eq!(
            only_in(&format!("{AUTH}youtubepartner"), partner, None),
            None
        );
    }
}
