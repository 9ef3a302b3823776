//! Who sees what: the public, members of the organisation by role, and an
//! attorney of another organisation; sign-in and its refusals.

use crate::support::{html, seeded_matters};
use e2e::{both, spawn_app};
use reqwest::StatusCode;

both!(members_see_private_matters_and_privilege_follows_role, |engine| async move {
    let matters = seeded_matters()?;
    let private = matters
        .iter()
        .find(|m| !m.public && !m.privileged_notes.is_empty())
        .expect("a private matter with a privileged note");
    let public_with_note = matters.iter().find(|m| m.public && !m.privileged_notes.is_empty());
    let path = format!("/matters/{}", private.slug);

    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let page = app.page(&path).await?;
    assert!(page.contains(&html(&private.title)));
    assert!(page.contains(&html(&private.privileged_notes[0])), "attorneys read privileged notes");
    assert!(app.page("/matters").await?.contains(&html(&private.title)), "members see unpublished matters in the list");
    app.cleanup().await;

    let app = spawn_app(engine).await?;
    app.login("student", "student-demo").await?;
    let page = app.page(&path).await?;
    assert_eq!(
        page.contains(&html(&private.privileged_notes[0])),
        private.assigned.iter().any(|u| u == "student"),
        "students read privileged notes only on matters assigned to them"
    );
    app.cleanup().await;

    let app = spawn_app(engine).await?;
    app.login("otherattorney", "otherattorney-demo").await?;
    assert_eq!(app.get(&path).await?.0, StatusCode::NOT_FOUND, "another organisation's attorney cannot see it");
    if let Some(m) = public_with_note {
        let page = app.page(&format!("/matters/{}", m.slug)).await?;
        assert!(!page.contains(&html(&m.privileged_notes[0])), "nor its privileged notes on a published matter");
    }
    app.cleanup().await;
    anyhow::Ok(())
});

both!(sign_in_refusals, |engine| async move {
    let app = spawn_app(engine).await?;
    let res = app
        .client
        .post(format!("{}/login", app.base))
        .form(&[("username", "attorney"), ("password", "wrong")])
        .send()
        .await?;
    assert_eq!(res.headers()["location"], "/login?error=1");
    let res = app
        .client
        .post(format!("{}/login", app.base))
        .form(&[("username", "nobody"), ("password", "wrong")])
        .send()
        .await?;
    assert_eq!(res.headers()["location"], "/login?error=1", "unknown users get the same answer");
    let res = app
        .client
        .post(format!("{}/login", app.base))
        .header("origin", "http://evil.example")
        .form(&[("username", "attorney"), ("password", "attorney-demo")])
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "cross-origin sign-in is refused");
    app.login("attorney", "attorney-demo").await?;
    assert!(app.page("/").await?.contains("Sign out"));
    let res = app.client.post(format!("{}/logout", app.base)).send().await?;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(app.page("/").await?.contains("Sign in"), "signed out");
    app.cleanup().await;
    anyhow::Ok(())
});

both!(server_functions_refuse_cross_site_posts_and_gets, |engine| async move {
    let app = spawn_app(engine).await?;
    let url = format!("{}/api/dashboard", app.base);
    let res = app.client.post(&url).header("origin", "http://evil.example").send().await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a cross-origin call is refused");
    let res = app.client.post(&url).header("sec-fetch-site", "cross-site").send().await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a cross-site call is refused");
    let res = app.client.post(&url).header("origin", app.base.clone()).send().await?;
    assert_eq!(res.status(), StatusCode::OK, "a same-origin call is served");
    let res = app.client.get(&url).send().await?;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "server functions accept only POST");
    app.cleanup().await;
    anyhow::Ok(())
});
