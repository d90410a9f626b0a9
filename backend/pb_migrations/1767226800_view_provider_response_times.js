/// <reference path="../pb_data/types.d.ts" />

// Admin view: how fast each provider answers (accepts or declines) bookings.
//
// SQLite has no percentile function, so the query ranks each provider's
// response times with window functions and picks ranks by hand:
//   - median: the mean of the middle one or two values (ranks (n+1)/2 and
//     (n+2)/2 with integer division);
//   - p90: nearest rank, the first value whose rank is at least 0.9 * n.
// Times are in seconds between `created` and `respondedAt`.
migrate((app) => {
  const collection = new Collection({
    id: "jnj_provider_response_times",
    type: "view",
    name: "provider_response_times",
    listRule: '@request.auth.role = "admin"',
    viewRule: '@request.auth.role = "admin"',
    viewQuery: `
      SELECT
        p.id AS id,
        p.id AS provider,
        p.name AS providerName,
        CAST(ranked.n AS INTEGER) AS responded,
        CAST(AVG(CASE WHEN ranked.rn IN ((ranked.n + 1) / 2, (ranked.n + 2) / 2) THEN ranked.secs END) AS REAL) AS medianSeconds,
        CAST(MIN(CASE WHEN ranked.rn >= 0.9 * ranked.n THEN ranked.secs END) AS REAL) AS p90Seconds,
        CAST(SUM(CASE WHEN ranked.secs < 300 THEN 1 ELSE 0 END) AS INTEGER) AS under5m,
        CAST(SUM(CASE WHEN ranked.secs < 900 THEN 1 ELSE 0 END) AS INTEGER) AS under15m,
        CAST(SUM(CASE WHEN ranked.secs < 3600 THEN 1 ELSE 0 END) AS INTEGER) AS under60m
      FROM (
        SELECT
          r.provider AS provider,
          r.secs AS secs,
          ROW_NUMBER() OVER (PARTITION BY r.provider ORDER BY r.secs) AS rn,
          COUNT(*) OVER (PARTITION BY r.provider) AS n
        FROM (
          SELECT
            b.provider AS provider,
            (julianday(b.respondedAt) - julianday(b.created)) * 86400.0 AS secs
          FROM bookings b
          WHERE b.respondedAt != ''
        ) r
      ) ranked
      JOIN providers p ON p.id = ranked.provider
      GROUP BY p.id
    `,
  })

  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("provider_response_times"))
})
