//! A page's `<title>`, description and Open Graph tags, so a shared link
//! reads well in a chat or a feed reader.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// The longest description, in characters (search engines cut near here).
const DESCRIPTION_MAX: usize = 200;

/// `title` becomes "title · Docket"; `description` is cut to 200 characters
/// at a word boundary.
#[component]
pub fn PageMeta(#[prop(into)] title: String, #[prop(into)] description: String) -> impl IntoView {
    let full = format!("{title} · Docket");
    let description = shorten(description.trim(), DESCRIPTION_MAX);
    view! {
        <Title text=full.clone() />
        <Meta name="description" content=description.clone() />
        <Meta property="og:title" content=full />
        <Meta property="og:description" content=description />
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content="Docket" />
    }
}

/// `text` cut to at most `max` characters, at a space when there is one,
/// with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at_word = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn cuts_long_text_at_a_word() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 10), "one two…");
        assert!(shorten(&"word ".repeat(100), 200).chars().count() <= 200);
    }
}
