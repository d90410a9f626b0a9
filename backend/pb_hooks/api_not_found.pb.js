/// <reference path="../pb_data/types.d.ts" />

// With --publicDir, PocketBase serves index.html (200, text/html) for every
// unknown GET path, /api/ ones included, so a typo in an API path looks like
// success. This more specific catch-all answers unknown GET /api/ paths with
// PocketBase's usual JSON 404 instead. (Clients still check the content
// type, for backends that lack this route.)
routerAdd("GET", "/api/{path...}", (e) => {
  throw new NotFoundError("The requested resource wasn't found.")
})
