/// <reference path="../pb_data/types.d.ts" />

// Admin view: how many bookings each source produced in the last 30 days.
//
// Every source appears, with 0 when it produced nothing, so the dashboard's
// bar chart always has the same six bars.
migrate((app) => {
  const collection = new Collection({
    id: "jnj_booking_sources",
    type: "view",
    name: "booking_sources",
    listRule: '@request.auth.role = "admin"',
    viewRule: '@request.auth.role = "admin"',
    viewQuery: `
      SELECT
        s.source AS id,
        CAST(s.source AS TEXT) AS source,
        COUNT(b.id) AS bookings
      FROM (
        SELECT 'bookingButton' AS source
        UNION ALL SELECT 'chatWindow'
        UNION ALL SELECT 'menuSlider'
        UNION ALL SELECT 'scheduled'
        UNION ALL SELECT 'priceSlider'
        UNION ALL SELECT 'direct'
      ) s
      LEFT JOIN bookings b
        ON b.source = s.source
        AND b.created >= strftime('%Y-%m-%d %H:%M:%fZ', 'now', '-30 days')
      GROUP BY s.source
    `,
  })

  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("booking_sources"))
})
