//! Black-box test support: `spawn_app` starts the real server in-process on
//! port 0 over a fresh database (a temporary SQLite file, or a new PostgreSQL
//! database on 127.0.0.1:5432), migrated and seeded the way production is.

use anyhow::Context;
use reqwest::{Client, StatusCode, redirect::Policy};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::path::PathBuf;

/// The database engines the suite runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server the tests use (override with `DOCKET_TEST_PG`).
pub fn pg_server() -> String {
    std::env::var("DOCKET_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string())
}

/// A fresh, empty database that is removed by [`TestDb::cleanup`].
pub struct TestDb {
    pub engine: Engine,
    pub url: String,
    name: String,
    dir: Option<PathBuf>,
}

impl TestDb {
    /// Creates a new empty database on `engine`.
    ///
    /// # Errors
    /// When PostgreSQL is unreachable or the temp folder cannot be made.
    pub async fn create(engine: Engine) -> anyhow::Result<TestDb> {
        let name = format!("docket_t_{}", uuid::Uuid::new_v4().simple());
        match engine {
            Engine::Sqlite => {
                let dir = std::env::temp_dir().join(&name);
                std::fs::create_dir_all(&dir)?;
                let url = format!("sqlite://{}?mode=rwc", dir.join("docket.db").display());
                Ok(TestDb { engine, url, name, dir: Some(dir) })
            }
            Engine::Postgres => {
                let admin = Database::connect(format!("{}/postgres", pg_server()))
                    .await
                    .context("PostgreSQL must run on 127.0.0.1:5432 (user postgres, trust auth)")?;
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
                admin.close().await?;
                Ok(TestDb { engine, url: format!("{}/{name}", pg_server()), name, dir: None })
            }
        }
    }

    /// Connects to this database with the server's settings.
    ///
    /// # Errors
    /// When the connection fails.
    pub async fn connect(&self) -> anyhow::Result<DatabaseConnection> {
        server::db::connect(&self.url).await
    }

    /// Removes the database.
    pub async fn cleanup(self) {
        match self.engine {
            Engine::Sqlite => {
                if let Some(dir) = self.dir {
                    let _ = std::fs::remove_dir_all(dir);
                }
            }
            Engine::Postgres => {
                if let Ok(admin) = Database::connect(format!("{}/postgres", pg_server())).await {
                    let _ =
                        admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).await;
                }
            }
        }
    }
}

/// A running app and a cookie-keeping client that does not follow redirects.
pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub db: DatabaseConnection,
    pub test_db: TestDb,
    /// The folder uploaded documents go to (removed by `cleanup`).
    pub documents: PathBuf,
}

/// A page without Leptos's hydration markers (`<!>`), whose places change
/// with build settings such as `erase_components`: tests check the markup
/// a reader sees, not where hydration resumes.
pub fn unmarked(html: &str) -> String {
    html.replace("<!>", "")
}

/// Starts the app over a fresh, migrated and seeded database.
///
/// # Errors
/// When any step fails.
pub async fn spawn_app(engine: Engine) -> anyhow::Result<TestApp> {
    server::telemetry::init();
    let test_db = TestDb::create(engine).await?;
    let db = test_db.connect().await?;
    server::db::migrate(&db).await?;
    seed::load_dir(&db, std::path::Path::new(seed::DEFAULT_DIR)).await?;
    let site_root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    let documents = std::env::temp_dir().join(format!("docket_docs_{}", uuid::Uuid::new_v4().simple()));
    let store = app::server::services::documents::DocumentStore::new(&documents, 25);
    let app = server::startup::Application::build(db.clone(), "127.0.0.1:0".parse()?, &site_root, None).await?;
    let app = app.with_documents(store);
    let base = format!("http://{}", app.addr());
    tokio::spawn(app.run());
    let client = Client::builder().redirect(Policy::none()).cookie_store(true).build()?;
    Ok(TestApp { base, client, db, test_db, documents })
}

impl TestApp {
    /// GETs a path; returns the status and body.
    ///
    /// # Errors
    /// When the request fails.
    pub async fn get(&self, path: &str) -> anyhow::Result<(StatusCode, String)> {
        let res = self.client.get(format!("{}{path}", self.base)).send().await?;
        let status = res.status();
        Ok((status, res.text().await?))
    }

    /// GETs a path that must answer 200; returns the body without
    /// hydration markers (see [`unmarked`]).
    ///
    /// # Errors
    /// When the request fails or answers another status.
    pub async fn page(&self, path: &str) -> anyhow::Result<String> {
        let (status, body) = self.get(path).await?;
        anyhow::ensure!(status == StatusCode::OK, "GET {path} answered {status}");
        Ok(unmarked(&body))
    }

    /// Posts a form to the server function `endpoint` as `client`, asking
    /// for JSON; returns the status and the body (as JSON when it is).
    ///
    /// # Errors
    /// When the request fails.
    pub async fn call_as(
        &self,
        client: &Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> anyhow::Result<(StatusCode, serde_json::Value)> {
        let res = client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await?;
        let status = res.status();
        let text = res.text().await?;
        Ok((status, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))))
    }

    /// [`TestApp::call_as`] with this app's own client.
    ///
    /// # Errors
    /// When the request fails.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> anyhow::Result<(StatusCode, serde_json::Value)> {
        self.call_as(&self.client, endpoint, form).await
    }

    /// A new client of its own (own cookies), signed in with the demo
    /// account `username` (password `{username}-demo`).
    ///
    /// # Errors
    /// When sign-in does not redirect.
    pub async fn demo_client(&self, username: &str) -> anyhow::Result<Client> {
        signed_in(&self.base, username, &format!("{username}-demo")).await
    }

    /// Signs in with a demo account (sets the session cookie).
    ///
    /// # Errors
    /// When sign-in does not redirect to the dashboard.
    pub async fn login(&self, username: &str, password: &str) -> anyhow::Result<()> {
        let res = self
            .client
            .post(format!("{}/login", self.base))
            .form(&[("username", username), ("password", password)])
            .send()
            .await?;
        let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("").to_string();
        anyhow::ensure!(
            res.status() == StatusCode::SEE_OTHER && location == "/",
            "login as {username} failed: {} -> {location}",
            res.status()
        );
        Ok(())
    }

    /// Stops using the database and removes it.
    pub async fn cleanup(self) {
        let _ = self.db.close().await;
        let _ = std::fs::remove_dir_all(&self.documents);
        self.test_db.cleanup().await;
    }
}

/// The `docket` binary the process-level tests start: `DOCKET_BIN` when set
/// (`dev/test` sets it to the binary it has just built), else this test
/// build's profile's binary, built or brought up to date first.
///
/// # Errors
/// When the build fails.
pub fn docket_binary() -> anyhow::Result<PathBuf> {
    if let Some(bin) = std::env::var_os("DOCKET_BIN") {
        return Ok(PathBuf::from(bin));
    }
    let exe = std::env::current_exe()?;
    let profile_dir = exe.parent().and_then(std::path::Path::parent).ok_or_else(|| anyhow::anyhow!("no target dir"))?;
    let mut build = std::process::Command::new(env!("CARGO"));
    build.args(["build", "--quiet", "-p", "server", "--bin", "docket"]).current_dir(env!("CARGO_MANIFEST_DIR"));
    if profile_dir.file_name().is_some_and(|n| n == "release") {
        build.arg("--release");
    }
    anyhow::ensure!(build.status()?.success(), "could not build the docket binary");
    Ok(profile_dir.join("docket"))
}

/// Starts a `docket serve` process ([`docket_binary`]) on a free loopback
/// port over the database at `url`, without loading the demo data, with the
/// variables `env` added; its standard error goes to `log` (or nowhere).
/// Returns the process (killed when dropped) and its base URL once
/// `/healthz` answers.
///
/// # Errors
/// When the binary cannot be built or started, or does not come up in 20 s.
pub async fn serve_process(
    url: &str,
    env: &[(&str, &str)],
    log: Option<&std::path::Path>,
) -> anyhow::Result<(tokio::process::Child, String)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let site_root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    let stderr = match log {
        Some(path) => std::process::Stdio::from(std::fs::File::create(path)?),
        None => std::process::Stdio::null(),
    };
    let mut command = tokio::process::Command::new(docket_binary()?);
    command
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("DOCKET_ADDR", format!("127.0.0.1:{port}"))
        .env("DOCKET_SITE_ROOT", site_root)
        .env("DOCKET_NO_SEED", "1")
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(stderr)
        .kill_on_drop(true);
    let child = command.spawn()?;
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..400 {
        if reqwest::get(format!("{base}/healthz")).await.is_ok_and(|r| r.status().is_success()) {
            return Ok((child, base));
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let said = log.and_then(|path| std::fs::read_to_string(path).ok()).unwrap_or_default();
    anyhow::bail!("docket serve did not come up: {said}")
}

/// Declares one async test per engine: `both!(name, |engine| async { ... })`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() -> anyhow::Result<()> {
                ($body)(e2e::Engine::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() -> anyhow::Result<()> {
                ($body)(e2e::Engine::Postgres).await
            }
        }
    };
}

/// A new client (own cookies, redirects not followed) signed in to the app
/// at `base` as `username`.
///
/// # Errors
/// When the sign-in is not answered with a redirect.
pub async fn signed_in(base: &str, username: &str, password: &str) -> anyhow::Result<Client> {
    let client = Client::builder().redirect(Policy::none()).cookie_store(true).build()?;
    let res =
        client.post(format!("{base}/login")).form(&[("username", username), ("password", password)]).send().await?;
    anyhow::ensure!(res.status() == StatusCode::SEE_OTHER, "sign-in as {username}: {}", res.status());
    Ok(client)
}
