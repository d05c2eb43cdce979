import { initialEntityState } from "../src/domain/entities";
import { loopId } from "../src/domain/loops";
import { randomUUID } from "node:crypto";
const ids = Array.from({ length: 100000 }, () => randomUUID());
const types = ["deal", "invoice", "followup", "client"] as const;
const cpu = (f: () => void, label: string, n: number) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); console.log(label, ((c.user + c.system) / n).toFixed(2), "µs cpu"); };
for (let r = 0; r < 2; r++) {
cpu(() => { for (let i = 0; i < ids.length; i++) initialEntityState(types[i % 4]!, ids[i]!, ids[0]!); }, "initial", ids.length);
cpu(() => { for (let i = 0; i < ids.length; i++) loopId(ids[i]!, "new_lead"); }, "loopId", ids.length);
cpu(() => { const out = []; for (let i = 0; i < ids.length; i++) { const base = { a: 1, b: ids[i], c: 0 }; out.push({ ...base, x: null, y: [] }); } }, "literal", ids.length);
cpu(() => { for (let i = 0; i < ids.length; i++) new Date(Date.parse("2026-11-20T12:00:00.000Z") + i).toISOString(); }, "date", ids.length);
}
