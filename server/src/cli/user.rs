//! `docket user`: add users, list them, change a role, reset a password or
//! a lost second factor, on the database of `DATABASE_URL`, through the same
//! services (and audit log) as the admin page. Bad input ends with a one-line error naming the
//! field and exit code 2.

use crate::db;
use anyhow::Context;
use app::{
    domain::vocab::Role,
    error::AppError,
    server::services::{
        second_factor,
        users::{self, NewAccount, UserRow},
    },
};
use clap::{Args, Subcommand};
use sea_orm::DatabaseConnection;
use std::{
    io::{BufRead, Write},
    process::ExitCode,
};

/// What to do with users.
#[derive(Debug, Clone, Subcommand)]
pub enum UserAction {
    /// Add a user; prints the generated password once (unless --password-stdin).
    Add(AddArgs),
    /// List every user, by organisation.
    List,
    /// Change a user's role.
    SetRole {
        /// The user's username.
        username: String,
        /// admin, attorney or student.
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// Give a user a new generated password (printed once) and end their sessions.
    ResetPassword {
        /// The user's username.
        username: String,
    },
    /// Turn off a user's two-factor sign-in (a lost phone) and end their sessions.
    ResetTwoFactor {
        /// The user's username.
        username: String,
    },
}

/// Options of `docket user add`.
#[derive(Debug, Clone, Args)]
pub struct AddArgs {
    /// 3 to 40 characters: lowercase letters, digits, `.`, `_` and `-`.
    pub username: String,
    /// The person's full name.
    #[arg(long)]
    pub name: String,
    /// admin, attorney or student.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// The slug of the user's organisation.
    #[arg(long, value_name = "ORG_SLUG")]
    pub org: String,
    /// Email address (optional).
    #[arg(long, default_value = "")]
    pub email: String,
    /// Read the password from the first line of standard input instead of
    /// generating one (at least 12 characters).
    #[arg(long)]
    pub password_stdin: bool,
}

fn parse_role(code: &str) -> Result<Role, String> {
    Role::parse(code).map_err(|e| e.to_string())
}

/// Runs `docket user …` on the database at `database_url` (migrated first).
///
/// # Errors
/// When the database cannot be reached or fails; bad input is not an error
/// here but exit code 2, with its message on standard error.
pub async fn run(database_url: &str, action: UserAction) -> anyhow::Result<ExitCode> {
    let conn = db::connect(database_url).await?;
    db::migrate(&conn).await?;
    let mut out = Vec::new();
    let result = execute(&conn, action, &mut std::io::stdin().lock(), &mut out).await;
    finish(result, &out)
}

/// Prints `out`, then turns `result` into the exit code: 0, or 2 with the
/// one-line message of bad input; any other failure stays an error.
///
/// # Errors
/// A failure that is not bad input, or one writing standard output.
pub fn finish(result: anyhow::Result<()>, out: &[u8]) -> anyhow::Result<ExitCode> {
    std::io::stdout().write_all(out)?;
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(err) => match input_problem(&err) {
            Some(problem) => {
                eprintln!("error: {problem}");
                Ok(ExitCode::from(2))
            }
            None => Err(err),
        },
    }
}

/// The one-line message of an error caused by bad input (a bad field, an
/// unknown user), or `None` for any other failure.
pub fn input_problem(err: &anyhow::Error) -> Option<String> {
    match err.downcast_ref::<AppError>()? {
        e @ (AppError::Validation { .. } | AppError::Fields(_)) => Some(e.to_string()),
        AppError::NotFound(what) => Some(format!("username: there is no {what}")),
        _ => None,
    }
}

/// Runs `action` on `db`: reads a password from `input` (for
/// `--password-stdin`), writes the results to `out`.
///
/// # Errors
/// [`AppError`] for bad input (see [`input_problem`]), or another failure.
pub async fn execute(
    db: &DatabaseConnection,
    action: UserAction,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match action {
        UserAction::Add(args) => add(db, args, input, out).await,
        UserAction::List => {
            let rows = users::list_users(db).await?;
            write_table(&rows, out)
        }
        UserAction::SetRole { username, role } => {
            users::set_role(db, None, &username, role).await?;
            writeln!(out, "{} is now {}", username.trim(), role.code())?;
            Ok(())
        }
        UserAction::ResetPassword { username } => {
            let password = users::reset_password(db, None, &username).await?;
            writeln!(out, "reset the password of {}; their sessions have ended", username.trim())?;
            writeln!(out, "password (shown only this once): {password}")?;
            Ok(())
        }
        UserAction::ResetTwoFactor { username } => {
            let was_on = second_factor::reset(db, None, &username).await?;
            let state = if was_on { "turned off the two-factor sign-in" } else { "two-factor sign-in was already off" };
            writeln!(out, "{state} of {}; their sessions have ended", username.trim())?;
            Ok(())
        }
    }
}

async fn add(
    db: &DatabaseConnection,
    args: AddArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let password = if args.password_stdin {
        let mut line = String::new();
        input.read_line(&mut line).context("reading the password from standard input")?;
        Some(line.trim_end_matches(['\r', '\n']).to_string())
    } else {
        None
    };
    let chosen = password.is_some();
    let new = NewAccount {
        username: args.username,
        name: args.name,
        email: args.email,
        role: args.role,
        organization_slug: args.org,
        password,
    };
    let username = new.username.trim().to_string();
    let (_, password) = users::add_user(db, None, new).await?;
    writeln!(out, "added {username} ({})", args.role.code())?;
    if !chosen {
        writeln!(out, "password (shown only this once): {password}")?;
    }
    Ok(())
}

/// Writes `rows` as a table with aligned columns.
fn write_table(rows: &[UserRow], out: &mut dyn Write) -> anyhow::Result<()> {
    let header = ["USERNAME", "NAME", "ROLE", "ORGANIZATION", "EMAIL"].map(String::from);
    let lines: Vec<[String; 5]> = std::iter::once(header)
        .chain(rows.iter().map(|r| {
            [r.username.clone(), r.name.clone(), r.role.code().to_string(), r.organization.clone(), r.email.clone()]
        }))
        .collect();
    let mut widths = [0usize; 5];
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for line in &lines {
        let cells: Vec<String> = line.iter().zip(widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Cli, Command};
    use clap::{Parser, error::ErrorKind};

    fn parse(args: &[&str]) -> Result<UserAction, clap::Error> {
        let cli = Cli::try_parse_from(std::iter::once("docket").chain(args.iter().copied()))?;
        match cli.command {
            Command::User { action } => Ok(action),
            other => panic!("not a user command: {other:?}"),
        }
    }

    #[test]
    fn parses_every_subcommand() {
        let add = parse(&[
            "user",
            "add",
            "ana",
            "--name",
            "Ana",
            "--role",
            "attorney",
            "--org",
            "clinic",
            "--password-stdin",
        ]);
        assert!(
            matches!(add, Ok(UserAction::Add(AddArgs { ref username, role: Role::Attorney, password_stdin: true, .. })) if username == "ana")
        );
        assert!(matches!(parse(&["user", "list"]), Ok(UserAction::List)));
        assert!(matches!(
            parse(&["user", "set-role", "ana", "admin"]),
            Ok(UserAction::SetRole { role: Role::Admin, .. })
        ));
        assert!(matches!(parse(&["user", "reset-password", "ana"]), Ok(UserAction::ResetPassword { .. })));
    }

    #[test]
    fn a_bad_role_names_the_field_and_exits_with_2() {
        let err = parse(&["user", "set-role", "ana", "boss"]).expect_err("refused");
        assert_eq!((err.kind(), err.exit_code()), (ErrorKind::ValueValidation, 2));
        assert!(err.to_string().contains("role: unknown value `boss`"), "{err}");
        let err = parse(&["user", "add", "ana", "--role", "student", "--org", "clinic"]).expect_err("no name");
        assert_eq!((err.kind(), err.exit_code()), (ErrorKind::MissingRequiredArgument, 2));
    }

    #[test]
    fn the_list_is_aligned() {
        let row = |username: &str, name: &str, role| UserRow {
            username: username.into(),
            name: name.into(),
            email: String::new(),
            role,
            organization: "Clinic".into(),
        };
        let mut out = Vec::new();
        write_table(&[row("ana", "Ana Álvarez", Role::Admin), row("bartholomew", "B", Role::Student)], &mut out)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "USERNAME     NAME         ROLE     ORGANIZATION  EMAIL\n\
             ana          Ana Álvarez  admin    Clinic\n\
             bartholomew  B            student  Clinic\n"
        );
    }

    #[test]
    fn input_problems_name_the_field() {
        let bad: anyhow::Error = AppError::invalid("username", "is required").into();
        assert_eq!(input_problem(&bad).as_deref(), Some("username: is required"));
        let gone: anyhow::Error = AppError::NotFound("user `x`".into()).into();
        assert_eq!(input_problem(&gone).as_deref(), Some("username: there is no user `x`"));
        assert_eq!(input_problem(&AppError::Internal.into()), None);
    }
}
