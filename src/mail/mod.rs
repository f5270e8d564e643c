//! Email: composing messages from templates, the outbox, and delivery.

pub mod messages;
pub mod transport;
pub mod worker;

use crate::auth::tokens;
use crate::domain::{Locale, time};
use crate::store::outbox::{self, NewOutboxEmail};
use crate::store::{DbConnection, StoreError};

/// A message ready for the outbox, in the recipient's language.
#[derive(Debug, Clone)]
pub struct Composed {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders `templates/emails/<name>/{subject.txt,body.txt,body.html}`.
pub fn compose(
    templates: &tera::Tera,
    name: &str,
    locale: Locale,
    to: &str,
    mut context: tera::Context,
) -> Result<Composed, String> {
    context.insert("lang", locale.as_str());
    let render = |part: &str| {
        templates
            .render(&format!("emails/{name}/{part}"), &context)
            .map_err(|e| format!("email template {name}/{part}: {e:?}"))
    };
    Ok(Composed {
        to: to.to_string(),
        subject: render("subject.txt")?.trim().to_string(),
        text: render("body.txt")?,
        html: render("body.html")?,
    })
}

/// Writes the message to the outbox; call it inside the transaction of the
/// change that causes the email.
pub fn enqueue(conn: &mut DbConnection, message: &Composed) -> Result<i64, StoreError> {
    let now = time::now();
    let message_id = format!("<{}@codraft>", tokens::generate());
    outbox::enqueue(
        conn,
        &NewOutboxEmail {
            message_id: &message_id,
            recipient: &message.to,
            subject: &message.subject,
            body_text: &message.text,
            body_html: &message.html,
            created_at: now,
            next_attempt_at: now,
        },
    )
}
