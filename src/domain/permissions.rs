//! Who may do what: the one place where roles turn into rights.

use super::account::User;
use super::role::Role;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Use one's own account: profile, tokens, data export, deletion.
    ManageOwnAccount,
    /// Contribute, vote, report, follow (needs a confirmed email).
    Participate,
    /// Draft and import bills, run their consultation, arbitrate.
    Sponsor,
    /// Work the moderation queue, hide, restore, redact, ban.
    Moderate,
    /// Group contributions into themes and write synthesis notes.
    Synthesise,
    /// See the list of accounts and change roles.
    AdministerUsers,
}

/// Whether `actor` (None: a visitor) holds `permission`.
pub fn allows(actor: Option<&User>, permission: Permission) -> bool {
    let Some(user) = actor.filter(|u| !u.is_deleted()) else {
        return false;
    };
    // A ban takes every power but one's own account away, whatever the role.
    if user.is_banned() {
        return permission == Permission::ManageOwnAccount;
    }
    match permission {
        Permission::ManageOwnAccount => true,
        Permission::Participate => user.email_confirmed(),
        Permission::Sponsor => matches!(user.role, Role::Sponsor | Role::Admin),
        Permission::Moderate | Permission::Synthesise => {
            matches!(user.role, Role::Moderator | Role::Admin)
        }
        Permission::AdministerUsers => user.role == Role::Admin,
    }
}

/// Why `user` may not participate: the message key to show.
pub fn participation_refusal(user: &User) -> &'static str {
    if user.is_banned() {
        "error-banned"
    } else {
        "error-confirm-email-first"
    }
}

/// Whether `user` may see the themes suggested for a bill's contributions:
/// the moderation team, who write the synthesis, and those who manage the
/// bill (its sponsors and the admins), who arbitrate from it.
pub fn may_see_theme_suggestions(user: &User, manages_bill: bool) -> bool {
    manages_bill || allows(Some(user), Permission::Synthesise)
}

/// Whether `moderator` may moderate a contribution written by `author_id`:
/// never their own.
pub fn may_moderate(moderator: &User, author_id: i64) -> bool {
    allows(Some(moderator), Permission::Moderate) && moderator.id != author_id
}

/// Whether `actor` may ban or unban `target`. Moderators ban participants;
/// only admins ban staff; nobody bans themselves.
pub fn may_ban(actor: &User, target: &User) -> bool {
    allows(Some(actor), Permission::Moderate)
        && actor.id != target.id
        && !target.is_deleted()
        && (target.role == Role::Citizen || actor.role == Role::Admin)
}

/// Whether `admin` may give `target` the role `to`. Admins cannot demote
/// themselves, so a platform never loses its last way in by accident.
pub fn may_change_role(admin: &User, target: &User, to: Role) -> bool {
    allows(Some(admin), Permission::AdministerUsers)
        && !target.is_deleted()
        && !(admin.id == target.id && to != Role::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContributorCategory, Locale};
    use chrono::NaiveDateTime;

    fn user(id: i64, role: Role, confirmed: bool) -> User {
        let t = NaiveDateTime::default();
        User {
            id,
            email: format!("u{id}@example.fr"),
            display_name: format!("U{id}"),
            role,
            category: ContributorCategory::Citizen,
            locale: Locale::Fr,
            email_confirmed_at: confirmed.then_some(t),
            session_generation: 0,
            created_at: t,
            deleted_at: None,
            name_public: false,
            banned_at: None,
            ban_reason: None,
            banned_until: None,
            category_verified: false,
        }
    }

    #[test]
    fn matrix_of_roles_and_permissions() {
        use Permission::*;
        // (permission, visitor, citizen, moderator, sponsor, admin)
        let expected = [
            (ManageOwnAccount, false, true, true, true, true),
            (Participate, false, true, true, true, true),
            (Sponsor, false, false, false, true, true),
            (Moderate, false, false, true, false, true),
            (Synthesise, false, false, true, false, true),
            (AdministerUsers, false, false, false, false, true),
        ];
        for (p, visitor, citizen, moderator, sponsor, admin) in expected {
            assert_eq!(allows(None, p), visitor, "visitor {p:?}");
            assert_eq!(
                allows(Some(&user(1, Role::Citizen, true)), p),
                citizen,
                "citizen {p:?}"
            );
            assert_eq!(
                allows(Some(&user(1, Role::Moderator, true)), p),
                moderator,
                "moderator {p:?}"
            );
            assert_eq!(
                allows(Some(&user(1, Role::Sponsor, true)), p),
                sponsor,
                "sponsor {p:?}"
            );
            assert_eq!(
                allows(Some(&user(1, Role::Admin, true)), p),
                admin,
                "admin {p:?}"
            );
        }
    }

    #[test]
    fn unconfirmed_accounts_cannot_participate() {
        assert!(!allows(
            Some(&user(1, Role::Citizen, false)),
            Permission::Participate
        ));
        assert!(allows(
            Some(&user(1, Role::Citizen, false)),
            Permission::ManageOwnAccount
        ));
    }

    #[test]
    fn a_ban_takes_every_power_of_every_role() {
        use Permission::*;
        for role in [Role::Citizen, Role::Moderator, Role::Sponsor, Role::Admin] {
            let mut banned = user(1, role, true);
            banned.banned_at = Some(NaiveDateTime::default());
            for p in [Participate, Sponsor, Moderate, Synthesise, AdministerUsers] {
                assert!(!allows(Some(&banned), p), "banned {role:?} keeps {p:?}");
            }
            assert!(allows(Some(&banned), ManageOwnAccount));
            assert!(!crate::domain::bill::can_manage(Some(&banned), true));
            // A banned sponsor still sees the drafts they sponsor.
            assert_eq!(
                crate::domain::bill::can_view(
                    crate::domain::BillStatus::Draft,
                    Some(&banned),
                    true
                ),
                matches!(role, Role::Sponsor | Role::Admin)
            );
        }
        let mut banned_moderator = user(1, Role::Moderator, true);
        banned_moderator.banned_at = Some(NaiveDateTime::default());
        assert!(!may_ban(&banned_moderator, &user(2, Role::Citizen, true)));
        assert!(!may_moderate(&banned_moderator, 2));
    }

    #[test]
    fn deleted_accounts_hold_nothing() {
        let mut admin = user(1, Role::Admin, true);
        admin.deleted_at = Some(NaiveDateTime::default());
        assert!(!allows(Some(&admin), Permission::AdministerUsers));
        assert!(!allows(Some(&admin), Permission::ManageOwnAccount));
    }

    #[test]
    fn theme_suggestions_are_for_moderators_and_the_bill_s_managers() {
        assert!(may_see_theme_suggestions(
            &user(1, Role::Moderator, true),
            false
        ));
        assert!(may_see_theme_suggestions(
            &user(1, Role::Sponsor, true),
            true
        ));
        assert!(!may_see_theme_suggestions(
            &user(1, Role::Sponsor, true),
            false
        ));
        assert!(!may_see_theme_suggestions(
            &user(1, Role::Citizen, true),
            false
        ));
        let mut banned = user(1, Role::Moderator, true);
        banned.banned_at = Some(NaiveDateTime::default());
        assert!(!may_see_theme_suggestions(&banned, false));
    }

    #[test]
    fn role_changes() {
        let admin = user(1, Role::Admin, true);
        let citizen = user(2, Role::Citizen, true);
        assert!(may_change_role(&admin, &citizen, Role::Moderator));
        assert!(!may_change_role(&admin, &admin, Role::Citizen));
        assert!(may_change_role(&admin, &admin, Role::Admin));
        assert!(!may_change_role(&citizen, &admin, Role::Citizen));
        assert!(!may_change_role(
            &user(3, Role::Moderator, true),
            &citizen,
            Role::Sponsor
        ));
    }
}
