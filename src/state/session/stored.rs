//! The session as local storage keeps it: JSON text of
//! `{token, user: {id, name, email, role}}`, the shape serde wrote in
//! earlier releases, so a session saved by one still restores. Read and
//! written through the browser's JSON (`platform::json`): the vault runs
//! at every start, and serde_json would bring its parser into the first
//! load.

use crate::backend::AuthToken;
use crate::domain::ids::UserId;
use crate::domain::user::{Role, User};
use crate::platform::json::{self, BadField, Fields, Writer};

/// The stored session in `text`, or `None` when it cannot be read.
pub fn read(text: &str) -> Option<(AuthToken, User)> {
    let value = json::parse(text)?;
    let at = Fields(&value);
    let user = at.get("user").ok()?;
    let read_user = |at: Fields| -> Result<User, BadField> {
        Ok(User {
            id: UserId::parse(at.text("id")?).map_err(|_| BadField("id"))?,
            name: at.text("name")?,
            email: at.text("email")?,
            role: Role::parse(&at.text("role")?).ok_or(BadField("role"))?,
        })
    };
    Some((
        AuthToken::new(at.text("token").ok()?),
        read_user(Fields(&user)).ok()?,
    ))
}

/// The text a session is stored as; `None` only if the browser could not
/// write JSON.
pub fn write(token: &AuthToken, user: &User) -> Option<String> {
    let user = Writer::new()
        .text("id", user.id.as_str())
        .text("name", &user.name)
        .text("email", &user.email)
        .text("role", user.role.as_str())
        .finish();
    json::stringify(
        &Writer::new()
            .text("token", token.expose())
            .value("user", &user)
            .finish(),
    )
}
