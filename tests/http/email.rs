//! Delivery over SMTP: retried while the server is down, never twice.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::helpers::*;
use crate::smtp_sink::SmtpSink;

#[test]
fn every_email_arrives_exactly_once_across_an_smtp_outage() {
    let received: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
    let sink = SmtpSink::start(0, received.clone());
    let port = sink.port;
    let app = spawn_app_with(&[("CODRAFT_SMTP_URL", &format!("smtp://127.0.0.1:{port}"))]);
    let client = Client::new(&app);
    let delivered = |received: &Arc<Mutex<Vec<Vec<u8>>>>| -> Vec<Delivered> {
        received
            .lock()
            .unwrap()
            .iter()
            .map(|raw| parse_message(raw))
            .collect()
    };

    assert_eq!(
        register(&client, "avant@example.org", "Avant", PASSWORD).status,
        201
    );
    assert!(
        eventually(20, || delivered(&received).len() == 1),
        "first email delivered"
    );

    sink.stop();
    for name in ["pendant1", "pendant2", "pendant3"] {
        let reply = register(&client, &format!("{name}@example.org"), name, PASSWORD);
        assert_eq!(reply.status, 201, "the change succeeds while mail is down");
    }
    // Let the worker fail a few times.
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(delivered(&received).len(), 1);

    let sink = SmtpSink::start(port, received.clone());
    assert!(
        eventually(30, || delivered(&received).len() >= 4),
        "queued emails delivered after the outage"
    );
    // Give a duplicate every chance to show up.
    std::thread::sleep(Duration::from_millis(1500));
    sink.stop();

    let mails = delivered(&received);
    let mut per_recipient: HashMap<String, usize> = HashMap::new();
    for m in &mails {
        *per_recipient.entry(m.to.clone()).or_default() += 1;
        assert!(m.text.contains("/account/confirm?token="), "text part");
        assert!(m.html.contains("/account/confirm?token="), "HTML part");
    }
    assert_eq!(mails.len(), 4, "{per_recipient:?}");
    for to in [
        "avant@example.org",
        "pendant1@example.org",
        "pendant2@example.org",
        "pendant3@example.org",
    ] {
        assert_eq!(per_recipient.get(to), Some(&1), "{to}: {per_recipient:?}");
    }
    let mut ids: Vec<&str> = mails.iter().map(|m| m.message_id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "distinct Message-IDs");
}
