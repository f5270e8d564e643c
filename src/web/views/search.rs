//! Search results for templates: what each hit is, where, and its stance.

use serde_json::{Value, json};

use crate::service::search::Found;

pub fn result(f: &Found) -> Value {
    json!({
        "kind": f.kind,
        "id": f.id,
        "article_id": f.article_id,
        "label": f.label,
        "article_title": f.article_title,
        "stance": f.stance,
        "bill_slug": f.bill_slug,
        "bill_title": f.bill_title,
        "excerpt": f.excerpt,
    })
}
