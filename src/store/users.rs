//! Accounts: rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::fixed_in::in_fixed;
use super::kept::KeepPrepared;
use super::schema::users;
use super::{DbConnection, StoreError};
use crate::domain::{ContributorCategory, Locale, Role, User};

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub category: String,
    pub locale: String,
    pub email_confirmed_at: Option<NaiveDateTime>,
    pub session_generation: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub name_public: bool,
    pub banned_at: Option<NaiveDateTime>,
    pub ban_reason: Option<String>,
    pub category_verified: bool,
    pub banned_until: Option<NaiveDateTime>,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> User {
        User {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            // The CHECK constraints keep these columns to known values.
            role: row.role.parse().unwrap_or(Role::Citizen),
            category: row.category.parse().unwrap_or_default(),
            locale: row.locale.parse().unwrap_or_default(),
            email_confirmed_at: row.email_confirmed_at,
            session_generation: row.session_generation,
            created_at: row.created_at,
            deleted_at: row.deleted_at,
            name_public: row.name_public,
            banned_at: row.banned_at,
            ban_reason: row.ban_reason,
            banned_until: row.banned_until,
            category_verified: row.category_verified,
        }
    }
}

#[derive(Insertable, Debug)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub category: &'a str,
    pub locale: &'a str,
    pub email_confirmed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub name_key: Option<String>,
}

impl<'a> NewUser<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        email: &'a str,
        display_name: &'a str,
        password_hash: &'a str,
        role: Role,
        category: ContributorCategory,
        locale: Locale,
        confirmed_at: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Self {
        NewUser {
            email,
            display_name,
            password_hash,
            role: role.as_str(),
            category: category.as_str(),
            locale: locale.as_str(),
            email_confirmed_at: confirmed_at,
            created_at: now,
            updated_at: now,
            // Empty for names the finder ignores, so start-up does not fill them again.
            name_key: Some(
                crate::analysis::personal_data::name_key(display_name).unwrap_or_default(),
            ),
        }
    }
}

/// Inserts an account; `StoreError::Duplicate` when the email is taken.
pub fn insert(conn: &mut DbConnection, new: &NewUser) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(users::table)
        .values(new)
        .returning(users::id)
        .kept()
        .get_result(conn)?)
}

/// Takes the account's row lock for the rest of the transaction (a no-op
/// update), before what is read of it decides a change.
pub fn lock(conn: &mut DbConnection, id: i64) -> Result<(), StoreError> {
    super::locked(
        diesel::update(users::table.find(id))
            .set(users::updated_at.eq(users::updated_at))
            .kept()
            .execute(conn)?,
    )
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<UserRow, StoreError> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)?)
}

pub fn find_by_email(conn: &mut DbConnection, email: &str) -> Result<Option<UserRow>, StoreError> {
    Ok(users::table
        .filter(users::email.eq(email))
        .filter(users::deleted_at.is_null())
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn count(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(users::table.count().get_result(conn)?)
}

/// One page of accounts ordered by id, starting after `after_id`.
pub fn list(
    conn: &mut DbConnection,
    after_id: Option<i64>,
    limit: i64,
) -> Result<Vec<UserRow>, StoreError> {
    let mut query = users::table
        .filter(users::deleted_at.is_null())
        .select(UserRow::as_select())
        .order(users::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = after_id {
        query = query.filter(users::id.gt(after));
    }
    Ok(query.load(conn)?)
}

pub fn set_role(
    conn: &mut DbConnection,
    id: i64,
    role: Role,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let n = diesel::update(users::table.find(id))
        .set((users::role.eq(role.as_str()), users::updated_at.eq(now)))
        .kept()
        .execute(conn)?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub fn set_locale(conn: &mut DbConnection, id: i64, locale: Locale) -> Result<(), StoreError> {
    diesel::update(users::table.find(id))
        .set(users::locale.eq(locale.as_str()))
        .kept()
        .execute(conn)?;
    Ok(())
}

pub fn confirm_email(
    conn: &mut DbConnection,
    id: i64,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(users::table.find(id))
        .filter(users::email_confirmed_at.is_null())
        .set((users::email_confirmed_at.eq(now), users::updated_at.eq(now)))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Replaces the password hash and ends every existing session.
pub fn set_password(
    conn: &mut DbConnection,
    id: i64,
    password_hash: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::session_generation.eq(users::session_generation + 1),
            users::updated_at.eq(now),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Ends every session of the account without changing anything else.
pub fn end_sessions(conn: &mut DbConnection, id: i64) -> Result<(), StoreError> {
    diesel::update(users::table.find(id))
        .set(users::session_generation.eq(users::session_generation + 1))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Deletes an account: the row stays so that what it wrote keeps a valid
/// author, but every personal field is wiped and every session ends.
pub fn anonymise(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> Result<(), StoreError> {
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(format!("deleted-{id}@deleted.invalid")),
            users::display_name.eq(""),
            users::name_key.eq(None::<String>),
            users::name_public.eq(false),
            users::ban_reason.eq(None::<String>),
            users::password_hash.eq(""),
            users::role.eq(Role::Citizen.as_str()),
            users::session_generation.eq(users::session_generation + 1),
            users::updated_at.eq(now),
            users::deleted_at.eq(now),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Bans (Some(reason), until a time or for good) or unbans (None) an
/// account.
pub fn set_ban(
    conn: &mut DbConnection,
    id: i64,
    ban: Option<(&str, Option<NaiveDateTime>)>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(users::table.find(id))
        .set((
            users::banned_at.eq(ban.map(|_| now)),
            users::ban_reason.eq(ban.map(|(reason, _)| reason)),
            users::banned_until.eq(ban.and_then(|(_, until)| until)),
            users::updated_at.eq(now),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

pub fn set_name_public(
    conn: &mut DbConnection,
    id: i64,
    public: bool,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(users::table.find(id))
        .set((users::name_public.eq(public), users::updated_at.eq(now)))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Records an admin's verification of the category an account declared
/// (or takes it back).
pub fn set_category_verified(
    conn: &mut DbConnection,
    id: i64,
    verified: bool,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(users::table.find(id))
        .set((
            users::category_verified.eq(verified),
            users::updated_at.eq(now),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Keys looked up by one statement of [`names_with_keys`].
const NAME_KEYS_PER_STATEMENT: usize = 64;

/// The display names of open accounts whose lookup key is among `keys`.
///
/// Every text asks for a different number of keys; an `IN` list of that
/// many values would be a statement of its own, parsed and planned for
/// each post. So keys are asked for [`NAME_KEYS_PER_STATEMENT`] at a
/// time, in a statement the connection keeps prepared (see
/// [`super::fixed_in`]).
pub fn names_with_keys(
    conn: &mut DbConnection,
    keys: &[String],
) -> Result<Vec<String>, StoreError> {
    let mut names = Vec::new();
    for keys in keys.chunks(NAME_KEYS_PER_STATEMENT) {
        let found: Vec<String> = users::table
            .filter(in_fixed::<NAME_KEYS_PER_STATEMENT, _, _>(
                users::name_key,
                keys,
            ))
            .filter(users::deleted_at.is_null())
            // People, not organisations (whatever they declared), nor the
            // sponsors, whose names are public in their office.
            .filter(users::category.eq("citizen"))
            .filter(users::role.ne("sponsor"))
            .select(users::display_name)
            .limit(1000)
            .load(conn)?;
        names.extend(found);
    }
    names.sort_unstable();
    names.dedup();
    Ok(names)
}

/// Fills the lookup keys of accounts that have none (accounts made before
/// keys existed); the number filled.
pub fn fill_name_keys(conn: &mut DbConnection) -> Result<usize, StoreError> {
    let mut filled = 0;
    loop {
        let batch: Vec<(i64, String)> = users::table
            .filter(users::name_key.is_null())
            .filter(users::deleted_at.is_null())
            .filter(users::display_name.ne(""))
            .filter(users::id.gt(0))
            .select((users::id, users::display_name))
            .order(users::id.asc())
            .limit(1000)
            .load(conn)?;
        if batch.is_empty() {
            return Ok(filled);
        }
        super::write_tx(conn, |c| -> Result<(), StoreError> {
            for (id, name) in &batch {
                // Names the finder ignores get an empty key, so they are not read again.
                let key = crate::analysis::personal_data::name_key(name).unwrap_or_default();
                diesel::update(users::table.find(id))
                    .set(users::name_key.eq(key))
                    .kept()
                    .execute(c)?;
            }
            Ok(())
        })?;
        filled += batch.len();
    }
}
