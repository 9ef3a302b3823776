//! `/admin/users`: admins add users, change roles and reset passwords. The
//! forms post without JavaScript; a generated password is shown once, in a
//! status message, right after the add or reset that made it.

use crate::{
    api::users::{AddUser, PasswordIssued, ResetPassword, SetRole, UserEntry, UsersAdmin, list_users},
    components::{
        form::{Choice, Field, FormProblem, Refused, Saved, field_error, typed},
        loading::Loading,
    },
    domain::vocab::Role,
    pages::render,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

fn role_options() -> Vec<(String, String)> {
    Role::ALL.iter().map(|r| (r.code().to_string(), r.label().to_string())).collect()
}

/// A password, shown once.
#[component]
fn Issued(issued: PasswordIssued) -> impl IntoView {
    let what = if issued.added {
        format!("Added {}. Their password, shown only this once:", issued.username)
    } else {
        format!("New password for {}, shown only this once (their sessions have ended):", issued.username)
    };
    view! {
        <div class="form-ok password-once" role="status">
            <p>{what}" "<code>{issued.password}</code></p>
            <p class="hint">"Give it to them over a channel you trust; it cannot be shown again."</p>
        </div>
    }
}

#[component]
fn AddUserForm(
    add: ServerAction<AddUser>,
    organizations: Vec<(String, String)>,
    issued: Option<PasswordIssued>,
) -> impl IntoView {
    let value = add.value();
    let err = move |field: &'static str| field_error(value, field);
    let orgs: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose an organisation…".to_string())).chain(organizations).collect();
    // Refused without JavaScript: the form comes back with what was typed.
    let t = typed::<AddUser>(AddUser::PATH).unwrap_or(AddUser {
        username: String::new(),
        name: String::new(),
        email: String::new(),
        role: Role::Student.code().to_string(),
        organization: String::new(),
    });
    view! {
        <section class="panel" aria-labelledby="add-user-h">
            <h2 id="add-user-h">"Add a user"</h2>
            <ActionForm action=add attr:class="stacked" attr:novalidate=true>
                <FormProblem value />
                <Field label="Username" name="username" value=t.username error=err("username") prefix="" required=true
                    hint="3 to 40 characters: lowercase letters, digits, dots, underscores and hyphens" />
                <Field label="Name" name="name" value=t.name error=err("name") prefix="" required=true />
                <Field label="Email" name="email" value=t.email error=err("email") prefix="" hint="Optional" />
                <Choice label="Role" name="role" options=role_options() selected=t.role error=err("role") prefix="" />
                <Choice label="Organisation" name="organization" options=orgs selected=t.organization
                    error=err("organization") prefix="" />
                <p class="hint">"Docket makes up the password and shows it once, here."</p>
                <div class="form-actions"><button type="submit">"Add user"</button></div>
            </ActionForm>
            {issued.map(|issued| view! { <Issued issued /> })}
        </section>
    }
}

#[component]
fn UserRow(u: UserEntry, me: bool, set: ServerAction<SetRole>, reset: ServerAction<ResetPassword>) -> impl IntoView {
    let current = u.role;
    let role_label = format!("Role of {}", u.username);
    let reset_cell = if me {
        view! { <span class="sub">"Yours: use "<code>"docket user reset-password"</code></span> }.into_any()
    } else {
        let (name, label) = (u.username.clone(), format!("Reset password of {}", u.username));
        view! {
            <ActionForm action=reset attr:class="inline">
                <input type="hidden" name="username" value=name />
                <button type="submit" class="link-button" aria-label=label>"Reset password"</button>
            </ActionForm>
        }
        .into_any()
    };
    let name = u.username.clone();
    view! {
        <tr>
            <td class="username">{u.username}</td>
            <td>{u.name}</td>
            <td>{u.email}</td>
            <td>{u.organization}</td>
            <td>
                <ActionForm action=set attr:class="user-role">
                    <input type="hidden" name="username" value=name />
                    <select name="role" aria-label=role_label>
                        {Role::ALL.iter().map(|r| view! {
                            <option value=r.code() selected=*r == current>{r.label()}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="secondary">"Save"</button>
                </ActionForm>
            </td>
            <td>{reset_cell}</td>
        </tr>
    }
}

#[component]
fn UserTable(
    users: Vec<UserEntry>,
    me: String,
    set: ServerAction<SetRole>,
    reset: ServerAction<ResetPassword>,
    issued: Option<PasswordIssued>,
) -> impl IntoView {
    let (set_value, reset_value) = (set.value(), reset.value());
    view! {
        <section class="panel" aria-labelledby="users-h">
            <h2 id="users-h">"Accounts"</h2>
            <Saved endpoint=SetRole::PATH text="Saved: the role below is the new one." />
            <Refused value=set_value outcome="Nothing was saved." />
            <Refused value=reset_value outcome="Nothing was reset." />
            {issued.map(|issued| view! { <Issued issued /> })}
            <table class="users">
                <thead><tr><th>"Username"</th><th>"Name"</th><th>"Email"</th><th>"Organisation"</th><th>"Role"</th><th>"Password"</th></tr></thead>
                <tbody>
                    {users.into_iter().map(|u| {
                        let mine = u.username == me;
                        view! { <UserRow u me=mine set reset /> }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn UsersView(
    d: UsersAdmin,
    add: ServerAction<AddUser>,
    set: ServerAction<SetRole>,
    reset: ServerAction<ResetPassword>,
) -> impl IntoView {
    let (added, was_reset) = match d.issued {
        Some(i) if i.added => (Some(i), None),
        other => (None, other),
    };
    view! {
        <Title text="Users · Docket" />
        <div class="page-head">
            <h1>"Users"</h1>
            <p class="lede">"Who may sign in, in which organisation, with which role. Resetting a password ends that user's sessions."</p>
        </div>
        <AddUserForm add organizations=d.organizations issued=added />
        <UserTable users=d.users me=d.me set reset issued=was_reset />
    }
}

/// `/admin/users`: user management (admins only).
#[component]
pub fn UsersPage() -> impl IntoView {
    let add = ServerAction::<AddUser>::new();
    let set = ServerAction::<SetRole>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let data = Resource::new(|| (), |()| list_users());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |d| view! { <UsersView d add set reset /> }) })}
        </Transition>
    }
}
