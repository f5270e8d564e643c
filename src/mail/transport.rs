//! Where mail goes: an SMTP server, or `.eml` files when none is set.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart, header};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::store::outbox::OutboxRow;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Transport {
    pub fn from_settings(smtp_url: Option<&str>, outbox_dir: PathBuf) -> Result<Self, String> {
        match smtp_url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|b| Transport::Smtp(b.timeout(Some(Duration::from_secs(15))).build()))
                .map_err(|e| format!("CODRAFT_SMTP_URL: {e}")),
            None => Ok(Transport::Files(outbox_dir)),
        }
    }

    pub async fn send(&self, from: &str, row: &OutboxRow) -> Result<(), String> {
        let message = build(from, row)?;
        match self {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Transport::Files(dir) => {
                let path = dir.join(format!("{:08}.eml", row.id));
                let tmp = dir.join(format!(".{:08}.eml.tmp", row.id));
                let bytes = message.formatted();
                // Write then rename, so a reader never sees half a message.
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| e.to_string())?;
                tokio::fs::write(&tmp, bytes)
                    .await
                    .map_err(|e| e.to_string())?;
                tokio::fs::rename(&tmp, &path)
                    .await
                    .map_err(|e| e.to_string())
            }
        }
    }
}

fn build(from: &str, row: &OutboxRow) -> Result<Message, String> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| format!("CODRAFT_MAIL_FROM: {e}"))?;
    let to: Mailbox = row
        .recipient
        .parse()
        .map_err(|e| format!("recipient: {e}"))?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(row.subject.clone())
        .message_id(Some(row.message_id.clone()))
        .header(header::Date::new(row.created_at.and_utc().into()))
        .multipart(MultiPart::alternative_plain_html(
            row.body_text.clone(),
            row.body_html.clone(),
        ))
        .map_err(|e| e.to_string())
}
