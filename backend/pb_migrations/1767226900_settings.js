/// <reference path="../pb_data/types.d.ts" />

// Switches on the built-in rate limiter and the batch API (both are off by
// default in PocketBase).
//
// The limits mirror the client's own limits (DESIGN §5). PocketBase counts
// them per client IP, not per user, and superusers are never limited.
// Labels: "collection:action" for record APIs, "*:action" for any collection,
// and path prefixes ending in "/".
migrate((app) => {
  const settings = app.settings()

  settings.meta.appName = "janji"

  settings.batch.enabled = true
  settings.batch.maxRequests = 50
  settings.batch.timeout = 3
  settings.batch.maxBodySize = 0

  settings.rateLimits.enabled = true
  settings.rateLimits.rules = [
    // Chat: 30 messages a minute; edits (20) and soft deletes (10) are updates.
    { label: "messages:create", maxRequests: 30, duration: 60 },
    { label: "messages:update", maxRequests: 30, duration: 60 },
    { label: "reactions:create", maxRequests: 100, duration: 60 },
    { label: "reactions:delete", maxRequests: 100, duration: 60 },
    { label: "bookings:create", maxRequests: 20, duration: 60 },
    // Error reports arrive in batches of up to 20 every 10 s at most.
    { label: "client_errors:create", maxRequests: 60, duration: 60 },
    // Sign-up, and sign-in with password, OAuth2 or OTP (PocketBase tags all
    // three "auth"; a token refresh is not one of them and falls under /api/).
    { label: "users:create", maxRequests: 20, duration: 60 },
    { label: "*:auth", maxRequests: 30, duration: 60 },
    { label: "*:create", maxRequests: 20, duration: 5 },
    { label: "/api/batch", maxRequests: 3, duration: 1 },
    // The general default for everything else under /api/.
    { label: "/api/", maxRequests: 300, duration: 10 },
  ]

  app.save(settings)
}, (app) => {
  const settings = app.settings()
  settings.batch.enabled = false
  settings.rateLimits.enabled = false
  app.save(settings)
})
