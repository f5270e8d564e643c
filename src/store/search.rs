//! Full-text search within a bill. The terms are normalised in the
//! application (French stemming, accents folded: `analysis::search`), so
//! both databases only match tokens: an FTS5 table on SQLite, a GIN index
//! on `to_tsvector('simple', search_terms)` on PostgreSQL. This file is the
//! one place where the two differ.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::{DbConnection, StoreError};

pub const ARTICLE: &str = "article";
pub const CONTRIBUTION: &str = "contribution";

/// The FTS5 row of an item: deleting by rowid is a lookup, deleting by an
/// unindexed column a scan of the whole table.
fn rowid(kind: &str, id: i64) -> i64 {
    id * 2 + i64::from(kind == CONTRIBUTION)
}

/// Fills an empty SQLite index from the rows (after the migration that
/// keyed it by rowid); the number of rows indexed.
pub fn rebuild_if_empty(conn: &mut DbConnection) -> Result<usize, StoreError> {
    let DbConnection::Sqlite(c) = conn else {
        return Ok(0);
    };
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let n: N = diesel::sql_query("SELECT COUNT(*) AS n FROM search_index").get_result(c)?;
    if n.n > 0 {
        return Ok(0);
    }
    let articles = diesel::sql_query(
        "INSERT INTO search_index (rowid, terms, bill_id, item_kind, item_id) \
         SELECT id * 2, search_terms, bill_id, 'article', id FROM articles",
    )
    .execute(c)?;
    let contributions = diesel::sql_query(
        "INSERT INTO search_index (rowid, terms, bill_id, item_kind, item_id) \
         SELECT id * 2 + 1, search_terms, bill_id, 'contribution', id FROM contributions \
         WHERE status = 'published' AND (moderation IS NULL OR moderation = 'redacted')",
    )
    .execute(c)?;
    Ok(articles + contributions)
}

/// (Re)indexes one item. PostgreSQL indexes the `search_terms` column
/// itself, so there is nothing more to do there.
pub fn index(
    conn: &mut DbConnection,
    bill_id: i64,
    kind: &str,
    id: i64,
    terms: &str,
) -> Result<(), StoreError> {
    if let DbConnection::Sqlite(c) = conn {
        unindex_sqlite(c, kind, id)?;
        diesel::sql_query(
            "INSERT INTO search_index (rowid, terms, bill_id, item_kind, item_id) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind::<BigInt, _>(rowid(kind, id))
        .bind::<Text, _>(terms)
        .bind::<BigInt, _>(bill_id)
        .bind::<Text, _>(kind)
        .bind::<BigInt, _>(id)
        .execute(c)?;
    }
    Ok(())
}

pub fn unindex(conn: &mut DbConnection, kind: &str, id: i64) -> Result<(), StoreError> {
    if let DbConnection::Sqlite(c) = conn {
        unindex_sqlite(c, kind, id)?;
    }
    Ok(())
}

fn unindex_sqlite(
    c: &mut diesel::sqlite::SqliteConnection,
    kind: &str,
    id: i64,
) -> Result<(), StoreError> {
    diesel::sql_query("DELETE FROM search_index WHERE rowid = ?")
        .bind::<BigInt, _>(rowid(kind, id))
        .execute(c)?;
    Ok(())
}

#[derive(QueryableByName, Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    #[diesel(sql_type = Text)]
    pub item_kind: String,
    #[diesel(sql_type = BigInt)]
    pub item_id: i64,
    #[diesel(sql_type = BigInt)]
    pub bill_id: i64,
}

/// Where to search: one bill (whatever its status: the caller checked the
/// reader may see it), or every bill the public reads (never a draft).
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    Bill(i64),
    Public,
}

/// Items of one kind (`ARTICLE` or `CONTRIBUTION`) matching every term,
/// best first. Only published contributions count: hidden, trashed and
/// withdrawn ones are left out (on SQLite they are also taken out of the
/// index; PostgreSQL indexes the column itself). Each kind is asked on its
/// own so that many contributions never push an article out of the list.
pub fn search(
    conn: &mut DbConnection,
    scope: Scope,
    kind: &str,
    fts5_match: &str,
    tsquery: &str,
    limit: i64,
) -> Result<Vec<Hit>, StoreError> {
    if fts5_match.is_empty() {
        return Ok(Vec::new());
    }
    // 0 stands for every public bill.
    let bill_id = match scope {
        Scope::Bill(id) => id,
        Scope::Public => 0,
    };
    let hits = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT s.item_kind AS item_kind, s.item_id AS item_id, s.bill_id AS bill_id \
             FROM search_index s \
             JOIN bills b ON b.id = s.bill_id \
             LEFT JOIN contributions c ON s.item_kind = 'contribution' AND c.id = s.item_id \
             WHERE search_index MATCH ?1 AND s.item_kind = ?2 \
               AND ((?3 > 0 AND s.bill_id = ?3) OR (?3 = 0 AND b.status <> 'draft')) \
               AND (s.item_kind = 'article' OR (c.status = 'published' \
                    AND (c.moderation IS NULL OR c.moderation = 'redacted'))) \
             ORDER BY rank, s.item_id LIMIT ?4",
        )
        .bind::<Text, _>(fts5_match)
        .bind::<Text, _>(kind)
        .bind::<BigInt, _>(bill_id)
        .bind::<BigInt, _>(limit)
        .load(c)?,
        DbConnection::Postgresql(c) => {
            let (table, published) = if kind == ARTICLE {
                ("articles", "TRUE")
            } else {
                (
                    "contributions",
                    "i.status = 'published' AND (i.moderation IS NULL OR i.moderation = 'redacted')",
                )
            };
            diesel::sql_query(format!(
                "SELECT $2 AS item_kind, i.id AS item_id, i.bill_id AS bill_id \
                 FROM {table} i JOIN bills b ON b.id = i.bill_id, to_tsquery('simple', $1) q \
                 WHERE to_tsvector('simple', i.search_terms) @@ q AND {published} \
                   AND (($3 > 0 AND i.bill_id = $3) OR ($3 = 0 AND b.status <> 'draft')) \
                 ORDER BY ts_rank(to_tsvector('simple', i.search_terms), q) DESC, i.id \
                 LIMIT $4"
            ))
            .bind::<Text, _>(tsquery)
            .bind::<Text, _>(kind)
            .bind::<BigInt, _>(bill_id)
            .bind::<BigInt, _>(limit)
            .load(c)?
        }
    };
    Ok(hits)
}
