//! Accounts: adding a user, listing them, changing a role, resetting a
//! password. Each call is one transaction with its audit entry; passwords
//! and their hashes never reach the audit log.

use crate::{
    domain::vocab::Role,
    error::{AppError, AppResult},
    forms::Issues,
    server::{
        audit::{self, Change},
        auth::hash_password,
        entities::{organization, session, user},
        tx::begin_write,
    },
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, SqlErr, TransactionTrait,
};
use std::collections::HashMap;

/// The shortest password a person may choose (generated ones are longer).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// How long a generated password is.
pub const GENERATED_PASSWORD_CHARS: usize = 20;
/// The characters of generated passwords: 32 of them, without `l` and `o`
/// (and `0`, `1`), which are easily misread.
const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// A user to add.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub organization_slug: String,
    /// The password to set; `None` generates one.
    pub password: Option<String>,
}

/// One user, as the admin lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub username: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// The organisation's name.
    pub organization: String,
}

/// A new random password: [`GENERATED_PASSWORD_CHARS`] characters, 5 random
/// bits each (100 bits), from the operating system's generator via UUIDv4.
pub fn generate_password() -> String {
    (0..GENERATED_PASSWORD_CHARS)
        .map(|_| char::from(ALPHABET[usize::from(uuid::Uuid::new_v4().as_bytes()[0] % 32)]))
        .collect()
}

/// What is wrong with a username, if anything: 3 to 40 characters, each a
/// lowercase letter, digit, `.`, `_` or `-`.
pub fn username_problem(username: &str) -> Option<String> {
    let len = username.chars().count();
    if !(3..=40).contains(&len) {
        return Some(format!("must be 3 to 40 characters long (`{username}` has {len})"));
    }
    let bad = |c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    username
        .chars()
        .find(|c| bad(*c))
        .map(|c| format!("`{c}` is not allowed; use lowercase letters a-z, digits, `.`, `_` and `-`"))
}

/// Checks the fields that need no database; trims what should be trimmed.
fn check(new: &mut NewAccount) -> AppResult<()> {
    let mut issues = Issues::default();
    new.username = new.username.trim().to_string();
    if let Some(problem) = username_problem(&new.username) {
        issues.add("username", problem);
    }
    new.name = issues.text("name", &new.name, true, 200);
    new.email = new.email.trim().to_string();
    if !new.email.is_empty() && (!new.email.contains('@') || new.email.chars().any(char::is_whitespace)) {
        issues.add("email", format!("`{}` is not an email address", new.email));
    } else if new.email.len() > 254 {
        issues.add("email", "is too long (at most 254 characters)");
    }
    new.organization_slug = new.organization_slug.trim().to_string();
    if new.organization_slug.is_empty() {
        issues.add("organization", "is required");
    }
    if let Some(p) = &new.password
        && p.chars().count() < MIN_PASSWORD_CHARS
    {
        issues.add("password", format!("must be at least {MIN_PASSWORD_CHARS} characters long"));
    }
    issues.finish(())
}

/// Hashes off the async workers (argon2id takes tens of milliseconds).
async fn hash(password: &str) -> AppResult<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(|e| {
        tracing::error!(error = %e, "password hashing panicked");
        AppError::Internal
    })
}

fn taken(username: &str) -> AppError {
    AppError::invalid("username", format!("`{username}` is taken; choose another username"))
}

/// Adds a user, as `actor` (`None`: the command line); returns its id and
/// its password (the one given, or a generated one to hand over once).
///
/// # Errors
/// `Validation`/`Fields` naming each bad field (`username`, `name`,
/// `email`, `organization`, `password`), including a taken username or an
/// unknown organisation.
pub async fn add_user(db: &DatabaseConnection, actor: Option<i32>, mut new: NewAccount) -> AppResult<(i32, String)> {
    check(&mut new)?;
    let password = new.password.take().unwrap_or_else(generate_password);
    let hashed = hash(&password).await?;
    let txn = begin_write(db).await?;
    let org = organization::Entity::find()
        .filter(organization::Column::Slug.eq(new.organization_slug.as_str()))
        .one(&txn)
        .await?
        .ok_or_else(|| {
            AppError::invalid("organization", format!("there is no organisation `{}`", new.organization_slug))
        })?;
    if find(&txn, &new.username).await?.is_some() {
        return Err(taken(&new.username));
    }
    let inserted = user::ActiveModel {
        organization_id: Set(org.id),
        username: Set(new.username.clone()),
        name: Set(new.name.clone()),
        email: Set(new.email.clone()),
        role: Set(new.role.code().into()),
        password_hash: Set(hashed),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => taken(&new.username),
        _ => e.into(),
    })?;
    let value = serde_json::json!({
        "username": new.username, "name": new.name, "email": new.email,
        "role": new.role.code(), "organization": org.slug,
    });
    audit::record(&txn, Change::created(actor, "user", inserted.id, None, value.to_string())).await?;
    txn.commit().await?;
    Ok((inserted.id, password))
}

async fn find(db: &impl ConnectionTrait, username: &str) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find().filter(user::Column::Username.eq(username.trim())).one(db).await?)
}

/// The user `username`.
///
/// # Errors
/// `NotFound` naming the user when there is none.
pub(crate) async fn existing(db: &impl ConnectionTrait, username: &str) -> AppResult<user::Model> {
    find(db, username).await?.ok_or_else(|| AppError::NotFound(format!("user `{}`", username.trim())))
}

/// Every user with their organisation, by organisation name, then username.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn list_users(db: &DatabaseConnection) -> AppResult<Vec<UserRow>> {
    let txn = db.begin().await?;
    let orgs: HashMap<i32, String> =
        organization::Entity::find().all(&txn).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let users = user::Entity::find().order_by_asc(user::Column::Username).all(&txn).await?;
    txn.commit().await?;
    let mut rows = users
        .into_iter()
        .map(|u| {
            let role = Role::parse(&u.role).map_err(|e| {
                tracing::error!(error = %e, user = u.id, "stored role is invalid");
                AppError::Internal
            })?;
            let organization = orgs.get(&u.organization_id).cloned().unwrap_or_default();
            Ok(UserRow { username: u.username, name: u.name, email: u.email, role, organization })
        })
        .collect::<AppResult<Vec<_>>>()?;
    rows.sort_by(|a, b| (&a.organization, &a.username).cmp(&(&b.organization, &b.username)));
    Ok(rows)
}

/// Every organisation, as `(slug, name)`, by name.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn organizations(db: &impl ConnectionTrait) -> AppResult<Vec<(String, String)>> {
    let orgs = organization::Entity::find().order_by_asc(organization::Column::Name).all(db).await?;
    Ok(orgs.into_iter().map(|o| (o.slug, o.name)).collect())
}

/// Gives `username` the role `role`, as `actor`. Nothing changes (and
/// nothing is recorded) when they already hold it.
///
/// # Errors
/// `NotFound` for an unknown user; `Validation` on `role` when it would
/// leave no admin.
pub async fn set_role(db: &DatabaseConnection, actor: Option<i32>, username: &str, role: Role) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let u = existing(&txn, username).await?;
    if u.role == role.code() {
        return Ok(());
    }
    if u.role == Role::Admin.code() {
        let admins = user::Entity::find().filter(user::Column::Role.eq(Role::Admin.code())).count(&txn).await?;
        if admins <= 1 {
            return Err(AppError::invalid(
                "role",
                format!("`{}` is the only admin; make someone else admin first", u.username),
            ));
        }
    }
    user::Entity::update_many()
        .col_expr(user::Column::Role, sea_orm::sea_query::Expr::value(role.code()))
        .filter(user::Column::Id.eq(u.id))
        .exec(&txn)
        .await?;
    let change = Change {
        user_id: actor,
        action: "update",
        entity: "user",
        entity_id: u.id,
        matter_id: None,
        old_value: Some(serde_json::json!({ "role": u.role }).to_string()),
        new_value: Some(serde_json::json!({ "role": role.code() }).to_string()),
    };
    audit::record(&txn, change).await?;
    txn.commit().await?;
    Ok(())
}

/// Gives `username` a new generated password, as `actor`, and ends all
/// their sessions (old sign-ins stop working); returns the password.
///
/// # Errors
/// `NotFound` for an unknown user.
pub async fn reset_password(db: &DatabaseConnection, actor: Option<i32>, username: &str) -> AppResult<String> {
    existing(db, username).await?;
    let password = generate_password();
    let hashed = hash(&password).await?;
    let txn = begin_write(db).await?;
    let u = existing(&txn, username).await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, sea_orm::sea_query::Expr::value(hashed))
        .filter(user::Column::Id.eq(u.id))
        .exec(&txn)
        .await?;
    let ended = session::Entity::delete_many().filter(session::Column::UserId.eq(u.id)).exec(&txn).await?;
    let change = Change {
        user_id: actor,
        action: "reset_password",
        entity: "user",
        entity_id: u.id,
        matter_id: None,
        old_value: None,
        new_value: Some(serde_json::json!({ "sessions_ended": ended.rows_affected }).to_string()),
    };
    audit::record(&txn, change).await?;
    txn.commit().await?;
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_short_lowercase_words() {
        for ok in ["ana", "ana.lopez", "a_b-c9", &"x".repeat(40)] {
            assert_eq!(username_problem(ok), None, "{ok}");
        }
        for bad in ["ab", "Ana", "ana lopez", "ana@clinic", &"x".repeat(41), ""] {
            assert!(username_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate_password();
        assert_eq!(a.len(), GENERATED_PASSWORD_CHARS);
        assert!(a.bytes().all(|b| ALPHABET.contains(&b)));
        assert_ne!(a, generate_password());
    }

    #[test]
    fn bad_fields_are_each_named() {
        let mut new = NewAccount {
            username: "No Good".into(),
            name: " ".into(),
            email: "nobody".into(),
            role: Role::Student,
            organization_slug: String::new(),
            password: Some("short".into()),
        };
        let err = check(&mut new).unwrap_err();
        for field in ["username", "name", "email", "organization", "password"] {
            assert!(err.about(field).is_some(), "{field}: {err}");
        }
    }
}
