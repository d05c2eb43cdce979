// Turns a verified Calm notification into the reminder to send and the note that records it in
// Calm. Acts on `loop.opened` for an `invoice_overdue` loop only; anything else is answered 200
// and left alone (an endpoint may subscribe to more than this workflow handles).
const crypto = require('crypto');
const CALM_URL = 'https://calm.example.com'; // your Calm's address, without /api/v1
// The note's actor: a system actor standing for this workflow (API keys must name one).
const ACTOR = { id: 'fe2c9fca-57b4-4da1-97e7-6c25b19ce47f', type: 'system' };
// The note's event id is a UUID v5 of the notification id in this namespace, and every field of
// the note comes from the notification: a retried or redelivered notification appends the same
// event again, which Calm answers as a duplicate instead of writing a second note.
const NAMESPACE = '7d472d50-ef57-4880-b114-08689ade1584';

function uuidV5(name) {
  const ns = Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex');
  const b = crypto.createHash('sha1').update(Buffer.concat([ns, Buffer.from(name, 'utf8')])).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const out = [];
for (const item of $input.all()) {
  const message = item.json.message || {};
  const data = message.data || {};
  const webhookId = item.json.webhook_id;
  const act = message.type === 'loop.opened' && data.loop_type === 'invoice_overdue' && data.entity_type === 'invoice' &&
    typeof data.entity_id === 'string' && typeof data.notification_id === 'string' && data.notification_id !== '';
  if (!act) {
    out.push({ json: { act: false, webhook_id: webhookId, reason: `ignored: ${message.type} ${data.loop_type || ''}`.trim() } });
    continue;
  }
  const due = data.due_at ? String(data.due_at).slice(0, 10) : 'its due date';
  const text = `Payment reminder sent by n8n: invoice overdue since ${due}.`;
  out.push({
    json: {
      act: true,
      webhook_id: webhookId,
      reminder: { subject: 'Payment reminder: your invoice is overdue', text: `Hello, our invoice was due on ${due} and is still open. Could you look into it?` },
      request: {
        url: CALM_URL.replace(/\/+$/, '') + '/api/v1/events/append',
        body: {
          id: uuidV5(`invoice-overdue-reminder:${data.notification_id}`),
          event_type: 'note_added',
          // When the loop opened, not "now": a retry must send the same content to be a duplicate.
          occurred_at: new Date(data.changed_at || message.timestamp).toISOString(),
          actor: ACTOR,
          primary_entity: { type: 'invoice', id: data.entity_id },
          payload: { text, source: 'n8n', loop_id: data.loop_id, notification_id: data.notification_id },
        },
      },
    },
  });
}
return out;
