//! Moderation pages: the queue, acting on one contribution or many, the
//! author's contest, bans, and each bill's public trash.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::domain::moderation::QueueReason;
use crate::domain::time;
use crate::error::AppError;
use crate::i18n;
use crate::service::moderation::{self as service, ActRequest, QueueRequest};
use crate::web::AppState;
use crate::web::confirm::{self, Confirmation};
use crate::web::forms::{CsrfForm, FormFields};
use crate::web::pages::contributions::{Failed, ListParams, render_show};
use crate::web::render::{
    back_to, base_context, is_form_error, login_redirect, page, page_with_status, redirect,
};
use crate::web::viewer::Viewer;
use crate::web::views::dates;
use crate::web::views::layout::insert_view;
use crate::web::views::moderation as views;

#[derive(Deserialize, Default)]
pub struct QueueParams {
    bill: Option<String>,
    reason: Option<String>,
    cursor: Option<String>,
}

pub async fn queue(
    state: web::Data<AppState>,
    viewer: Viewer,
    params: web::Query<QueueParams>,
) -> Result<HttpResponse, AppError> {
    render_queue(&state, &viewer, params.into_inner(), None).await
}

/// The queue; with `failed`, the bulk form as it was sent (items checked,
/// action, reason) and its errors.
async fn render_queue(
    state: &AppState,
    viewer: &Viewer,
    params: QueueParams,
    failed: Option<(&FormFields, &AppError)>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(viewer));
    };
    let reason = params.reason.filter(|r| !r.is_empty());
    let bill = params.bill.filter(|b| !b.is_empty());
    let page_data = service::queue(
        &state.ctx,
        &user,
        QueueRequest {
            bill: bill.clone(),
            reason: reason.clone(),
            cursor: params.cursor,
            limit: 50,
        },
    )
    .await?;
    let bills = crate::service::bills::list(&state.ctx, Some(&user), None).await?;
    let (return_to, bulk, status) = match failed {
        Some((fields, _)) => (
            fields.one("return_to").to_string(),
            views::BulkSent {
                ids: fields.ids("ids", "error-bulk-empty").unwrap_or_default(),
                action: fields.one("action").to_string(),
                reason: fields.one("reason").to_string(),
            },
            failed.map_or(200, |(_, e)| e.status()),
        ),
        None => (viewer.path.clone(), views::BulkSent::default(), 200),
    };
    let screen = views::QueueScreen {
        queue: views::queue(viewer.locale, &page_data),
        bills: bills
            .into_iter()
            .map(|b| views::BillChoice {
                slug: b.slug,
                title: b.title,
            })
            .collect(),
        reasons: QueueReason::ALL.iter().map(|r| r.as_str()).collect(),
        filter_bill: bill.unwrap_or_default(),
        filter_reason: reason.unwrap_or_default(),
        return_to,
        bulk,
    };
    let mut c = base_context(viewer);
    insert_view(&mut c, &screen)?;
    if let Some((_, e)) = failed {
        crate::web::render::insert_errors(&mut c, e, viewer.locale);
    }
    page_with_status(state, status, "moderation/queue.html", &c)
}

/// The moderation form of a contribution's page, kept as sent when it is
/// refused.
#[derive(Deserialize, Serialize)]
pub struct ActForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    redacted_title: Option<String>,
    redacted_body: Option<String>,
    redacted_proposed_text: Option<String>,
    redacted_url: Option<String>,
    #[serde(default)]
    return_to: String,
}

pub async fn act(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ActForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let result = async {
        let action = service::parse_action(&form.action)?;
        service::act(
            &state.ctx,
            &user,
            *id,
            ActRequest {
                action,
                reason: form.reason.clone(),
                redacted_title: form.redacted_title.clone(),
                redacted_body: form.redacted_body.clone(),
                redacted_proposed_text: form.redacted_proposed_text.clone(),
                redacted_url: form.redacted_url.clone(),
            },
        )
        .await
    }
    .await;
    match result {
        Ok(_) => {
            viewer.session.set_flash("flash-moderation-done");
            Ok(redirect(&back_to(
                &form.return_to,
                format!("/contributions/{id}"),
            )))
        }
        // The contribution's page again, the form as it was filled.
        Err(e) if is_form_error(&e) || e.status() == 409 => {
            render_show(
                &state,
                &viewer,
                *id,
                &ListParams::default(),
                Failed::Moderation(&form, &e),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// The queue's bulk form: checked `ids`, or a whole group, one action and
/// one reason.
pub async fn bulk(
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let f = FormFields(fields);
    let result = async {
        let ids = f.ids("ids", "error-bulk-empty")?;
        let group = match f.one("group") {
            "" => None,
            _ => Some(f.id("group", "error-bulk-empty")?),
        };
        let action = service::parse_action(f.one("action"))?;
        service::act_on_many(&state.ctx, &user, ids, group, action, f.one("reason")).await
    }
    .await;
    match result {
        Ok(outcome) => {
            viewer.session.set_flash(if outcome.skipped > 0 {
                "flash-moderation-partial"
            } else {
                "flash-moderation-done"
            });
            Ok(redirect(&back_to(f.one("return_to"), "/moderation".into())))
        }
        Err(e) if is_form_error(&e) || e.status() == 409 => {
            // The queue as it was filtered, the form as it was filled.
            let back = back_to(f.one("return_to"), "/moderation".into());
            let params = back
                .split_once('?')
                .and_then(|(_, q)| serde_urlencoded::from_str::<QueueParams>(q).ok())
                .unwrap_or_default();
            render_queue(&state, &viewer, params, Some((&f, &e))).await
        }
        Err(e) => Err(e),
    }
}

/// The author's contest of a moderation, kept as sent when it is refused.
#[derive(Deserialize, Serialize)]
pub struct ContestForm {
    #[serde(default)]
    text: String,
}

pub async fn contest(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ContestForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    match service::contest(&state.ctx, &user, *id, &form.text).await {
        Ok(()) => {
            viewer.session.set_flash("flash-contest-received");
            Ok(redirect(&format!("/contributions/{id}")))
        }
        Err(e) if is_form_error(&e) || e.status() == 409 => {
            // The use case names the contest's text `contest`; the form's
            // field is `text`.
            let e = match e {
                AppError::Invalid(mut errors) => {
                    for f in &mut errors.0 {
                        if f.field == "contest" {
                            f.field = "text";
                        }
                    }
                    AppError::Invalid(errors)
                }
                other => other,
            };
            render_show(
                &state,
                &viewer,
                *id,
                &ListParams::default(),
                Failed::Contest(&form, &e),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct BanForm {
    #[serde(default)]
    reason: String,
    /// "ban" or "unban".
    #[serde(default)]
    action: String,
    /// 7d, 30d or permanent.
    #[serde(default)]
    duration: String,
    #[serde(default)]
    return_to: String,
    confirm: Option<String>,
}

pub async fn ban(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<BanForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let banning = form.action != "unban";
    let back = back_to(&form.return_to, "/moderation".into());
    if banning && !confirm::confirmed(form.confirm.as_deref()) {
        return ban_confirmation(&state, &viewer, &user, *id, &form, &back).await;
    }
    let ban = banning.then_some((form.reason.as_str(), form.duration.as_str()));
    service::set_ban(&state.ctx, &user, *id, ban).await?;
    viewer.session.set_flash(if banning {
        "flash-user-banned"
    } else {
        "flash-user-unbanned"
    });
    Ok(redirect(&back_to(&form.return_to, "/moderation".into())))
}

/// What a ban will do, before it is done; a 422 with the messages when the
/// reason or the duration is missing.
async fn ban_confirmation(
    state: &AppState,
    viewer: &Viewer,
    user: &crate::domain::User,
    id: i64,
    form: &BanForm,
    back: &str,
) -> Result<HttpResponse, AppError> {
    let target = service::ban_target(&state.ctx, user, id).await?;
    let l = viewer.locale;
    let name = if target.display_name.is_empty() {
        format!("n° {}", target.id)
    } else {
        target.display_name.clone()
    };
    let checked = service::check_ban(&form.reason, &form.duration);
    let mut lines = Vec::new();
    let mut blocked = Vec::new();
    match &checked {
        Ok((reason, duration)) => {
            lines.push(match duration.until(time::now()) {
                Some(until) => i18n::t_args(
                    l,
                    "confirm-ban-until",
                    &[("name", name.clone()), ("until", dates::long(l, until))],
                ),
                None => i18n::t_args(l, "confirm-ban-permanent", &[("name", name.clone())]),
            });
            lines.push(i18n::t(l, "confirm-ban-effect"));
            lines.push(i18n::t_args(
                l,
                "confirm-ban-reason",
                &[("reason", reason.clone())],
            ));
        }
        Err(AppError::Invalid(errors)) => {
            lines.push(i18n::t_args(
                l,
                "confirm-ban-who",
                &[("name", name.clone())],
            ));
            for e in &errors.0 {
                let args: Vec<(&str, String)> =
                    e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
                blocked.push(i18n::t_args(l, e.message, &args));
            }
        }
        Err(other) => return Err(other.clone()),
    }
    let confirmation = Confirmation {
        title: i18n::t_args(l, "confirm-ban-title", &[("name", name)]),
        lines,
        figures: Vec::new(),
        action: format!("/users/{id}/ban"),
        fields: vec![
            ("action".into(), "ban".into()),
            ("reason".into(), form.reason.clone()),
            ("duration".into(), form.duration.clone()),
            ("return_to".into(), back.to_string()),
        ],
        confirm_label: i18n::t(l, "confirm-ban-button"),
        cancel: back.to_string(),
        blocked,
    };
    let mut res = confirm::show(state, viewer, &confirmation)?;
    if checked.is_err() {
        *res.status_mut() = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

pub async fn trash(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let trash = service::trash(&state.ctx, viewer.user.as_ref(), &slug).await?;
    let mut c = base_context(&viewer);
    c.insert("trash", &views::trash(viewer.locale, &trash));
    page(&state, "moderation/trash.html", &c)
}

#[derive(Deserialize)]
pub struct AuditParams {
    before: Option<i64>,
}

/// The whole audit chain, newest first, for moderators and admins.
pub async fn audit(
    state: web::Data<AppState>,
    viewer: Viewer,
    params: web::Query<AuditParams>,
) -> Result<HttpResponse, AppError> {
    if viewer.user.is_none() {
        return Ok(login_redirect(&viewer));
    }
    viewer.require(crate::domain::Permission::Moderate)?;
    const PAGE: i64 = 100;
    let entries = crate::service::audit_log::page(&state.ctx, None, params.before, PAGE).await?;
    let mut c = base_context(&viewer);
    insert_view(
        &mut c,
        &crate::web::views::audit::screen(viewer.locale, entries),
    )?;
    page(&state, "moderation/audit.html", &c)
}
