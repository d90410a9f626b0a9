// Chat history for tests and benchmarks to seed through PocketBase's batch
// API, shared so every tier writes it the same way.

/**
 * The batch requests that write `count` text messages into `room`: 50
 * creates per batch (one transaction each), alternating the two senders.
 * Ids sort like the numbers (`<prefix><room's first 4 letters><n>`), so
 * messages saved within one millisecond still come in the order written.
 * `body(n)` is message n's text.
 */
export function messageBatches({ room, customer, provider }, count, { body = (n) => `history ${n}`, prefix = 's' } = {}) {
  const batches = [];
  for (let start = 0; start < count; start += 50) {
    const requests = [];
    for (let n = start; n < Math.min(start + 50, count); n++) {
      requests.push({
        method: 'POST',
        url: '/api/collections/messages/records',
        body: {
          id: `${prefix}${room.slice(0, 4)}${String(n).padStart(10, '0')}`,
          room,
          sender: n % 2 ? provider : customer,
          kind: 'text',
          body: body(n),
        },
      });
    }
    batches.push(requests);
  }
  return batches;
}
