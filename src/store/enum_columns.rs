//! Domain enums stored as text: each reads and writes its own code, on
//! both backends, so rows carry `BillStatus` rather than a string. An
//! unknown code in the database is an error, never a silent default.
//! `domain/` stays free of diesel: the impls live here.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

use crate::domain::BillStatus;
use crate::domain::api_token::TokenScope;
use crate::domain::contribution::{ContributionKind, ContributionState, Stance, VoteValue};
use crate::domain::decision::Decision;
use crate::domain::moderation::State;

macro_rules! text_column {
    ($($ty:ty => $proxy:ident, $what:literal;)+) => {$(
        // The proxy only carries the derives onto the domain type.
        #[derive(AsExpression, FromSqlRow)]
        #[diesel(foreign_derive, sql_type = Text)]
        #[allow(dead_code)]
        struct $proxy($ty);

        impl<DB> FromSql<Text, DB> for $ty
        where
            DB: Backend,
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let code = String::from_sql(bytes)?;
                code.parse()
                    .map_err(|_| format!(concat!("unknown ", $what, " {:?} in the database"), code).into())
            }
        }

        impl<DB> ToSql<Text, DB> for $ty
        where
            DB: Backend,
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.as_str().to_sql(out)
            }
        }
    )+};
}

text_column! {
    BillStatus => BillStatusColumn, "bill status";
    ContributionKind => ContributionKindColumn, "contribution kind";
    ContributionState => ContributionStateColumn, "contribution state";
    Stance => StanceColumn, "stance";
    State => ModerationStateColumn, "moderation state";
    Decision => DecisionColumn, "decision";
    VoteValue => VoteValueColumn, "vote value";
    TokenScope => TokenScopeColumn, "token scope";
}

#[cfg(test)]
mod tests {
    use diesel::dsl::sql;
    use diesel::prelude::*;
    use diesel::sqlite::SqliteConnection;

    use super::*;
    use crate::store::DbConnection;

    fn read<T>(code: &str) -> QueryResult<T>
    where
        T: diesel::deserialize::FromSqlRow<Text, crate::store::connection::MultiBackend> + 'static,
    {
        let mut conn = DbConnection::Sqlite(SqliteConnection::establish(":memory:").unwrap());
        diesel::select(sql::<Text>(&format!("'{code}'"))).get_result::<T>(&mut conn)
    }

    #[test]
    fn a_known_code_reads_as_its_enum() {
        assert_eq!(read::<BillStatus>("closed").unwrap(), BillStatus::Closed);
        assert_eq!(read::<State>("redacted").unwrap(), State::Redacted);
        assert_eq!(
            read::<Decision>("partially_accepted").unwrap(),
            Decision::PartiallyAccepted
        );
    }

    #[test]
    fn an_unknown_code_is_an_error_not_a_default() {
        let err = format!("{:?}", read::<BillStatus>("archived").unwrap_err());
        assert!(err.contains("unknown bill status"), "{err}");
        assert!(read::<ContributionKind>("petition").is_err());
    }
}
