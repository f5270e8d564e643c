//! Pure types and rules: no diesel, no actix.

pub mod account;
pub mod api_token;
pub mod audit;
pub mod ban;
pub mod bill;
pub mod contribution;
pub mod decision;
pub mod locale;
pub mod moderation;
pub mod notification;
pub mod permissions;
pub mod pseudonym;
pub mod role;
pub mod site_pages;
pub mod themes;
pub mod time;
pub mod validation;

pub use account::{ContributorCategory, DisplayName, Email, NewPassword, User};
pub use bill::BillStatus;
pub use locale::Locale;
pub use permissions::{Permission, allows};
pub use role::Role;
pub use validation::{FieldError, FieldErrors};
