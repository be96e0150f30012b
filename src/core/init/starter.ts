/**
 * What `perfctl init` writes without --from-db: a spec that validates as it
 * is (no index yet) and shows every section in comments, ready to uncomment.
 */
export const STARTER_SPEC = `# perfctl spec: the indexes this database should have, sample queries and budgets.
# Docs: docs/spec.md. Check it offline with \`perfctl validate\`, then run
# \`perfctl indexes plan\` to see what apply would build.
# Starting from a database that already has indexes? \`perfctl init --from-db --force\`.
version: 1

# The server: --db, this url, DATABASE_URL, or the PG* variables, in that order.
# database:
#   url: \${DATABASE_URL}

# The connection pool; DB_POOL_SIZE, DB_MAX_OVERFLOW, DB_POOL_TIMEOUT and DB_QUERY_TIMEOUT override it.
pool: { size: 10, max_overflow: 20, timeout: 30s, query_timeout: 60s, recycle: 1h }
defaults: { schema: public }

# true: apply also drops indexes on the spec's tables that the spec does not name.
prune: false

indexes: []
#  - name: idx_users_email_active      # optional; a stable name is derived if absent
#    table: users
#    columns: [email, is_active]
#  - name: idx_users_created_at_desc
#    table: users
#    columns: [{ column: created_at, order: desc }]
#  - name: idx_users_name_search
#    table: users
#    using: gin
#    columns: [{ expression: "to_tsvector('simple', name)" }]
#  - name: idx_projects_open
#    table: projects
#    columns: [user_id]
#    include: [title]
#    where: "status <> 'archived'"

queries: []
#  - name: user_by_email
#    sql: SELECT * FROM users WHERE email = $1 AND is_active
#    params: ["ada@example.com"]
#    expect: { uses_index: idx_users_email_active, max_ms: 50 }

# What report and check hold the database to.
budgets:
  slow_query_ms: 1000 # a statement slower than this on average is slow
  p95_ms: 100 # sample queries, measured by check --analyze --repeat
  slow_query_share: 0.01 # share of calls that may be slow
  cache_hit_ratio: 0.99 # shared buffers hit ratio
  pool_usage: 0.8 # connections in use / available
  index_coverage: 1.0 # share of sample queries that use an index
`;
