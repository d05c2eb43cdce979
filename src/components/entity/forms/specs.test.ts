import { describe, expect, it } from "vitest";
import { CATALOG, ENTITY_TYPES, EVENT_TYPES } from "~/domain/events";
import { FORMS_FOR, FORM_OF } from "./specs";

describe("the forms of an entity's page", () => {
  it("are the forms of their event types, and each event type has at most one", () => {
    for (const type of ENTITY_TYPES) {
      for (const spec of FORMS_FOR[type]) expect(FORM_OF[spec.eventType]).toBe(spec);
    }
    for (const type of EVENT_TYPES) expect(FORM_OF[type]?.eventType ?? type).toBe(type);
  });

  it("record only events the catalog allows on the entity they are about", () => {
    for (const type of ENTITY_TYPES) {
      for (const spec of FORMS_FOR[type]) {
        const about = spec.newEntity ?? type;
        expect(CATALOG[spec.eventType].entity as readonly string[], `${spec.key} on a ${type}`).toContain(about);
      }
    }
  });

  it("offer every form somewhere, once per page", () => {
    const offered = ENTITY_TYPES.flatMap((t) => FORMS_FOR[t]);
    expect(new Set(offered)).toEqual(new Set(Object.values(FORM_OF).filter(Boolean)));
    for (const type of ENTITY_TYPES) {
      const keys = FORMS_FOR[type].map((s) => s.key);
      expect(new Set(keys).size, type).toBe(keys.length);
    }
  });
});
