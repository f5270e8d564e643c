//! User and bill text is Markdown; rendered HTML is cleaned so that no
//! script, style or event handler can come through.

use pulldown_cmark::{Options, Parser, html};

pub fn to_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    let parser = Parser::new_ext(markdown, options);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alineas_become_paragraphs_and_scripts_vanish() {
        let html = to_html("Premier alinéa.\n\nDeuxième « alinéa ».");
        assert_eq!(html.matches("<p>").count(), 2);
        assert!(html.contains("« alinéa »"));
        let evil = to_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>",
        );
        assert!(
            !evil.contains("<script")
                && !evil.contains("href=\"javascript:")
                && !evil.contains("onerror"),
            "{evil}"
        );
        let link = to_html("[la loi](https://www.legifrance.gouv.fr/)");
        assert!(
            link.contains("href=\"https://www.legifrance.gouv.fr/\"") && link.contains("nofollow"),
            "{link}"
        );
    }
}
