#!/usr/bin/env python3
"""A client of Calm's REST API in another language than the server's, standard library only.

Run by src/server/rest/rest-api.int.test.ts: CALM_URL, CALM_KEY, CALM_PHASE ("append" or
"loops") and, for "loops", CALM_DEAL. Prints one JSON object of what it saw on stdout.
"""
import json
import os
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone

BASE = os.environ["CALM_URL"].rstrip("/") + "/api/v1"
KEY = os.environ["CALM_KEY"]


def call(method, path, body=None, query=None):
    url = BASE + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", "Bearer " + KEY)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req) as res:
            return res.status, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def now():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


ACTOR = {"id": str(uuid.uuid4()), "type": "system"}
out = {}

if os.environ["CALM_PHASE"] == "append":
    status, doc = call("GET", "/openapi.json")
    out["openapi"] = [status, doc["openapi"], sorted(doc["paths"].keys())]

    deal = {"type": "deal", "id": str(uuid.uuid4())}
    lead = {"id": str(uuid.uuid4()), "event_type": "lead_created", "occurred_at": now(), "actor": ACTOR,
            "primary_entity": deal, "payload": {"name": "Ada from Python", "source": "python"}}
    status, receipt = call("POST", "/events/append", lead)
    out["append"] = [status, receipt["duplicate"], receipt["event"]["entity_version"]]
    status, receipt = call("POST", "/events/append", lead)
    out["again"] = [status, receipt["duplicate"]]
    status, err = call("POST", "/events/append", dict(lead, payload={"name": "Someone else"}))
    out["clash"] = [status, err["error"]["code"]]

    notes = [{"id": str(uuid.uuid4()), "event_type": "note_added", "occurred_at": now(), "actor": ACTOR,
              "primary_entity": deal, "payload": {"text": "note %d" % i}} for i in range(2)]
    status, batch = call("POST", "/events/append-batch", {"events": notes})
    out["batch"] = [status, batch["appended"], batch["duplicates"]]

    stale = {"id": str(uuid.uuid4()), "event_type": "note_added", "occurred_at": now(), "actor": ACTOR,
             "primary_entity": deal, "payload": {"text": "stale"}, "expectedVersion": 1}
    status, err = call("POST", "/events/append", stale)
    out["expectedVersion"] = [status, err["error"]["code"]]

    bad = dict(lead, id=str(uuid.uuid4()), payload={"source": "no name"})
    status, err = call("POST", "/events/append", bad)
    out["bad"] = [status, err["error"]["code"], err["error"]["issues"][0]["path"]]

    status, page = call("GET", "/entities/timeline", query={"type": "deal", "id": deal["id"], "limit": 2})
    out["timeline"] = [status, [e["entity_version"] for e in page["items"]], page["nextCursor"]]
    status, page = call("GET", "/entities/timeline", query={"type": "deal", "id": deal["id"], "limit": 2, "cursor": page["nextCursor"]})
    out["timeline2"] = [status, [e["entity_version"] for e in page["items"]]]
    status, asof = call("GET", "/entities/as-of", query={"type": "deal", "id": deal["id"], "asOf": now(), "basis": "recorded"})
    out["asOf"] = [status, len(asof["events"]), [l["type"] for l in asof["loops"]]]
    status, err = call("GET", "/entities/timeline", query={"type": "deal", "id": deal["id"], "limit": "many"})
    out["badQuery"] = [status, err["error"]["issues"][0]["path"]]
    out["deal"] = deal["id"]
else:
    deal = os.environ["CALM_DEAL"]
    status, page = call("GET", "/loops/list", query={"type": "new_lead", "limit": 200})
    loop = next(l for l in page["items"] if l["entity_id"] == deal)
    out["loops"] = [status, loop["type"], loop["status"]]
    status, dismissed = call("POST", "/loops/dismiss", {"loopId": loop["id"], "reason": "handled by the Python client"})
    out["dismiss"] = [status, dismissed["event"]["event_type"]]
    status, err = call("POST", "/loops/resolve", {"loopId": loop["id"]})
    out["again"] = [status, err["error"]["code"]]
    status, summary = call("GET", "/loops/summary")
    out["summary"] = status

print(json.dumps(out))
