//! User management: admins add users, change roles and reset passwords
//! over HTTP (with and without JavaScript) and on the command line; nobody
//! else may; a reset ends the old sign-ins; no password reaches the audit.

use app::{
    domain::vocab::Role,
    server::entities::{audit_entry, session, user},
};
use e2e::{TestApp, both, spawn_app};
use reqwest::{Client, StatusCode, redirect::Policy};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use server::{
    cli::user::{AddArgs, UserAction, execute, input_problem},
    config::{Cli, Command, DbArgs},
};

fn new_client() -> anyhow::Result<Client> {
    Ok(Client::builder().redirect(Policy::none()).cookie_store(true).build()?)
}

/// The fields an error body names.
fn fields(body: &Value) -> Vec<String> {
    let one = body["Validation"]["field"].as_str().map(str::to_string);
    let many = body["Fields"].as_array().into_iter().flatten().filter_map(|i| i["field"].as_str().map(str::to_string));
    one.into_iter().chain(many).collect()
}

/// Signs `client` in; returns where sign-in sent it (`/` on success).
async fn sign_in(app: &TestApp, client: &Client, username: &str, password: &str) -> anyhow::Result<String> {
    let res = client
        .post(format!("{}/login", app.base))
        .form(&[("username", username), ("password", password)])
        .send()
        .await?;
    Ok(res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string())
}

/// Who the server thinks `client` is (`null` for the public).
async fn viewer(app: &TestApp, client: &Client) -> anyhow::Result<Value> {
    let (_, body) = app.call_as(client, "viewer", &[]).await?;
    Ok(body["user"].clone())
}

const JANE: [(&str, &str); 5] = [
    ("username", "jane.doe"),
    ("name", "Jane Doe"),
    ("email", "jane@clinic.example"),
    ("role", "attorney"),
    ("organization", "border-privacy-clinic"),
];

fn with<'a>(base: &[(&'a str, &'a str)], field: &'a str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    base.iter().map(|&(k, v)| if k == field { (k, value) } else { (k, v) }).collect()
}

both!(admins_add_users_who_can_then_sign_in, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("admin", "admin-demo").await?;
    let (status, body) = app.call_as(&app.client, "users/add", &JANE).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let password = body["password"].as_str().unwrap_or_default().to_string();
    assert_eq!(password.len(), 20, "a generated password: {body}");

    let jane = new_client()?;
    assert_eq!(sign_in(&app, &jane, "jane.doe", &password).await?, "/");
    let me = viewer(&app, &jane).await?;
    assert_eq!((me["role"].as_str(), me["organization"].as_str()), (Some("attorney"), Some("Border Privacy Clinic")));

    let (status, list) = app.call_as(&app.client, "users/list", &[]).await?;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> =
        list["users"].as_array().into_iter().flatten().filter_map(|u| u["username"].as_str()).collect();
    assert!(names.contains(&"jane.doe") && names.contains(&"admin"), "{names:?}");

    for (field, value, named) in [
        ("username", "Jane Doe", "username"),
        ("username", "jd", "username"),
        ("username", "jane.doe", "username"),
        ("organization", "no-such-clinic", "organization"),
        ("email", "not-an-address", "email"),
        ("role", "boss", "role"),
        ("name", " ", "name"),
    ] {
        let (status, body) = app.call_as(&app.client, "users/add", &with(&JANE, field, value)).await?;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}: {body}");
        assert_eq!(fields(&body), vec![named.to_string()], "{field}={value}: {body}");
    }
    assert_eq!(user::Entity::find().filter(user::Column::Username.eq("jd")).one(&app.db).await?, None);

    let audit = audit_entry::Entity::find().filter(audit_entry::Column::Entity.eq("user")).all(&app.db).await?;
    let text = format!("{audit:?}");
    let hash = user::Entity::find().filter(user::Column::Username.eq("jane.doe")).one(&app.db).await?.expect("jane");
    assert!(!text.contains(&password) && !text.contains(&hash.password_hash), "no password in the audit");
    assert!(
        audit.iter().any(|a| a.action == "create" && a.new_value.as_deref().is_some_and(|v| v.contains("jane.doe")))
    );
    app.cleanup().await;
    Ok(())
});

both!(only_admins_manage_users, |engine| async move {
    let app = spawn_app(engine).await?;
    let public = new_client()?;
    let attorney = new_client()?;
    assert_eq!(sign_in(&app, &attorney, "attorney", "attorney-demo").await?, "/");
    for endpoint in ["users/list", "users/add", "users/set_role", "users/reset_password"] {
        let form: &[(&str, &str)] = if endpoint == "users/list" { &[] } else { &JANE };
        assert_eq!(app.call_as(&public, endpoint, form).await?.0, StatusCode::UNAUTHORIZED, "public {endpoint}");
        assert_eq!(app.call_as(&attorney, endpoint, form).await?.0, StatusCode::FORBIDDEN, "attorney {endpoint}");
    }
    assert_eq!(attorney.get(format!("{}/admin/users", app.base)).send().await?.status(), StatusCode::FORBIDDEN);
    assert_eq!(user::Entity::find().filter(user::Column::Username.eq("jane.doe")).one(&app.db).await?, None);
    app.cleanup().await;
    Ok(())
});

both!(roles_change_and_resets_end_old_sign_ins, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("admin", "admin-demo").await?;
    let student = new_client()?;
    assert_eq!(sign_in(&app, &student, "student", "student-demo").await?, "/");

    let (status, body) =
        app.call_as(&app.client, "users/set_role", &[("username", "student"), ("role", "attorney")]).await?;
    assert_eq!((status, body["role"].as_str()), (StatusCode::OK, Some("attorney")), "{body}");
    assert_eq!(viewer(&app, &student).await?["role"], "attorney", "the new role applies at once");
    let (status, body) =
        app.call_as(&app.client, "users/set_role", &[("username", "admin"), ("role", "student")]).await?;
    assert_eq!((status, fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["role".to_string()]), "last admin");
    let (status, _) =
        app.call_as(&app.client, "users/set_role", &[("username", "nobody"), ("role", "student")]).await?;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, body) = app.call_as(&app.client, "users/reset_password", &[("username", "student")]).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let password = body["password"].as_str().unwrap_or_default().to_string();
    assert_eq!(viewer(&app, &student).await?, Value::Null, "the old session has ended");
    let student_id =
        user::Entity::find().filter(user::Column::Username.eq("student")).one(&app.db).await?.expect("student").id;
    assert!(session::Entity::find().filter(session::Column::UserId.eq(student_id)).all(&app.db).await?.is_empty());
    let fresh = new_client()?;
    assert_eq!(sign_in(&app, &fresh, "student", "student-demo").await?, "/login?error=1", "the old password fails");
    assert_eq!(sign_in(&app, &fresh, "student", &password).await?, "/");
    let (status, body) = app.call_as(&app.client, "users/reset_password", &[("username", "admin")]).await?;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["username".to_string()]),
        "own account"
    );
    let (status, _) = app.call_as(&app.client, "users/reset_password", &[("username", "nobody")]).await?;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let audit = audit_entry::Entity::find().filter(audit_entry::Column::EntityId.eq(student_id)).all(&app.db).await?;
    assert!(audit.iter().any(|a| a.entity == "user" && a.action == "update"), "the role change is recorded");
    assert!(audit.iter().any(|a| a.entity == "user" && a.action == "reset_password"), "the reset is recorded");
    assert!(!format!("{audit:?}").contains(&password));
    app.cleanup().await;
    Ok(())
});

both!(the_page_shows_a_new_password_once_without_javascript, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("admin", "admin-demo").await?;
    let page = app.page("/admin/users").await?;
    assert!(page.contains("Add a user") && page.contains("otherattorney"), "the list");
    let referer = format!("{}/admin/users", app.base);
    let post = |endpoint: &str, form: Vec<(&'static str, &'static str)>| {
        app.client
            .post(format!("{}/api/{endpoint}", app.base))
            .header("accept", "text/html")
            .header("referer", referer.clone())
            .form(&form)
            .send()
    };
    let res = post("users/add", JANE.to_vec()).await?;
    assert_eq!(res.status(), StatusCode::FOUND);
    let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    assert!(location.starts_with(&referer), "back to the page: {location}");
    let page = app.page("/admin/users").await?;
    let start = page.find("shown only this once:").expect("the password is shown");
    assert!(page[start..].contains("role=\"status\"") || page[..start].contains("role=\"status\""));
    let password = page[start..].split("<code>").nth(1).and_then(|s| s.split("</code>").next()).unwrap_or_default();
    assert_eq!(password.len(), 20, "{password}");
    assert!(!app.page("/admin/users").await?.contains(password), "only once");
    assert_eq!(sign_in(&app, &new_client()?, "jane.doe", password).await?, "/");

    let res = post("users/add", with(&JANE, "username", "X")).await?;
    let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    assert!(location.contains("__err="), "the error goes back to the page: {location}");
    let page = app.page(location.trim_start_matches(&app.base)).await?;
    assert!(page.contains("must be 3 to 40 characters"), "the field's message is on the page");
    app.cleanup().await;
    Ok(())
});

fn add_args(username: &str, org: &str) -> AddArgs {
    AddArgs {
        username: username.into(),
        name: "Cli User".into(),
        role: Role::Student,
        org: org.into(),
        email: String::new(),
        password_stdin: true,
    }
}

both!(the_command_line_manages_users, |engine| async move {
    let app = spawn_app(engine).await?;
    let mut out = Vec::new();
    let chosen = "correct horse battery";
    let add = UserAction::Add(add_args("cli.user", "second-clinic"));
    execute(&app.db, add, &mut format!("{chosen}\n").as_bytes(), &mut out).await?;
    assert_eq!(
        String::from_utf8(std::mem::take(&mut out))?,
        "added cli.user (student)\n",
        "a chosen password is not echoed"
    );
    assert_eq!(sign_in(&app, &new_client()?, "cli.user", chosen).await?, "/");

    execute(&app.db, UserAction::List, &mut &b""[..], &mut out).await?;
    let table = String::from_utf8(std::mem::take(&mut out))?;
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("USERNAME") && lines.len() == 6, "{table}");
    let role_column = lines[0].find("ROLE").expect("ROLE");
    assert!(lines[1..].iter().all(|l| l[role_column..].starts_with(['a', 's'])), "aligned:\n{table}");

    let set = UserAction::SetRole { username: "cli.user".into(), role: Role::Attorney };
    execute(&app.db, set, &mut &b""[..], &mut out).await?;
    let u = user::Entity::find().filter(user::Column::Username.eq("cli.user")).one(&app.db).await?.expect("cli.user");
    assert_eq!(u.role, "attorney");
    execute(&app.db, UserAction::ResetPassword { username: "cli.user".into() }, &mut &b""[..], &mut out).await?;
    let text = String::from_utf8(std::mem::take(&mut out))?;
    let password = text.lines().find_map(|l| l.strip_prefix("password (shown only this once): ")).expect(&text);
    assert_eq!(sign_in(&app, &new_client()?, "cli.user", password).await?, "/");

    let bad = execute(
        &app.db,
        UserAction::Add(add_args("Bad Name", "second-clinic")),
        &mut &b"long enough password\n"[..],
        &mut out,
    )
    .await;
    let problem = input_problem(&bad.expect_err("refused")).expect("bad input");
    assert!(problem.starts_with("username: "), "{problem}");
    let gone = execute(&app.db, UserAction::ResetPassword { username: "nobody".into() }, &mut &b""[..], &mut out).await;
    assert!(input_problem(&gone.expect_err("refused")).is_some_and(|p| p.starts_with("username: ")));

    let cli = Cli {
        db: DbArgs { database_url: app.test_db.url.clone() },
        log_format: Default::default(),
        command: Command::User {
            action: UserAction::Add(AddArgs { password_stdin: false, ..add_args("cli.user", "no-such-clinic") }),
        },
    };
    assert_eq!(server::cli::run(cli).await?, std::process::ExitCode::from(2), "bad input exits with 2");
    app.cleanup().await;
    Ok(())
});
