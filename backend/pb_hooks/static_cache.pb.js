/// <reference path="../pb_data/types.d.ts" />

// When PocketBase serves the built app (--publicDir), a file whose name
// carries its content hash (janji-<hash>_bg.wasm, the code chunks, their
// pack, the style sheet) never changes under that name: browsers may keep
// it a year without asking again, so a warm start takes its code straight
// from the cache instead of revalidating every chunk. Everything else outside the
// API (index.html above all) is asked for again each time, so a new
// release shows at once.
routerUse((e) => {
  const path = e.request.url.path
  if (e.request.method !== "GET" || path.startsWith("/api/") || path.startsWith("/_/")) {
    return e.next()
  }
  const hashed = /-[0-9a-f]{16}(_bg)?\.(wasm|js|css|bin)$/.test(path)
  e.response.header().set("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache")
  return e.next()
})
