//! Who is signed in and what they may do.

use super::ids::UserId;

/// A user's role. Sign-up only ever makes customers; providers and admins are
/// made by an operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Customer,
    Provider,
    Admin,
}

impl Role {
    /// The role's name, as the server and the stored session write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Provider => "provider",
            Self::Admin => "admin",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Customer, Self::Provider, Self::Admin]
            .into_iter()
            .find(|role| role.as_str() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
}

impl User {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_reads_back_from_its_name_and_nothing_else_does() {
        for role in [Role::Customer, Role::Provider, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("Admin"), None);
        assert_eq!(Role::parse(""), None);
    }
}
