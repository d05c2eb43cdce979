// Verifies X-Calm-Signature: sha256=HMAC-SHA256(secret, `${X-Calm-Timestamp}.${raw body}`).
// Needs NODE_FUNCTION_ALLOW_BUILTIN=crypto on the n8n instance, and the Webhook node's
// "Raw Body" option on (the signature covers the exact bytes sent).
const crypto = require('crypto');
const SECRET = 'paste-your-N8N_WEBHOOK_SECRET-here';
const TOLERANCE_SECONDS = 300; // refuse replays of old requests

const items = $input.all();
const out = [];
for (let i = 0; i < items.length; i++) {
  const item = items[i];
  const headers = item.json.headers || {};
  const timestamp = String(headers['x-calm-timestamp'] || '');
  const signature = String(headers['x-calm-signature'] || '');
  const raw = item.binary && item.binary.data
    ? (await this.helpers.getBinaryDataBuffer(i, 'data')).toString('utf8')
    : JSON.stringify(item.json.body); // without Raw Body: the re-serialized body (same bytes for Calm's compact JSON)
  const expected = 'sha256=' + crypto.createHmac('sha256', SECRET).update(timestamp + '.' + raw).digest('hex');
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= TOLERANCE_SECONDS;
  const valid = fresh && signature.length === expected.length &&
    crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  out.push({
    json: {
      valid,
      reason: valid ? null : fresh ? 'bad signature' : 'stale or missing timestamp',
      event_id: headers['x-calm-event-id'] || null,
      attempt: Number(headers['x-calm-delivery-attempt'] || 1),
      event: valid ? JSON.parse(raw) : null,
    },
  });
}
return out;
