// Verifies a Calm webhook (Standard Webhooks 1.0): webhook-signature holds one or more
// "v1,<base64 HMAC-SHA256(key, `${webhook-id}.${webhook-timestamp}.${raw body}`)>", space-separated
// (two during a secret rotation); the key is the base64 part of the whsec_ secret, decoded.
const crypto = require('crypto');
const SECRET = 'paste-your-whsec-secret-here';
const TOLERANCE_SECONDS = 300; // refuse replays of old requests
const key = Buffer.from(SECRET.replace(/^whsec_/, ''), 'base64');

const items = $input.all();
const out = [];
for (let i = 0; i < items.length; i++) {
  const item = items[i];
  const headers = item.json.headers || {};
  const id = String(headers['webhook-id'] || '');
  const timestamp = String(headers['webhook-timestamp'] || '');
  const raw = item.binary && item.binary.data
    ? (await this.helpers.getBinaryDataBuffer(i, 'data')).toString('utf8')
    : JSON.stringify(item.json.body); // without Raw Body: the re-serialized body (same bytes for Calm's compact JSON)
  const expected = Buffer.from(crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${raw}`).digest('base64'));
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= TOLERANCE_SECONDS;
  const valid = fresh && String(headers['webhook-signature'] || '').split(' ').some((s) => {
    const [version, signature] = s.split(',');
    const given = Buffer.from(signature || '');
    return version === 'v1' && given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
  out.push({
    json: {
      valid,
      reason: valid ? null : fresh ? 'bad signature' : 'stale or missing timestamp',
      webhook_id: id,
      message: valid ? JSON.parse(raw) : null,
    },
  });
}
return out;
