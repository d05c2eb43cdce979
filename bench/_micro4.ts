import { initialEntityState } from "../src/domain/entities";
const s = initialEntityState("deal", "x", "y");
const n = 200000;
const cpu = (f: () => void, label: string) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); console.log(label, ((c.user + c.system) / n).toFixed(3), "µs cpu"); };
for (let r = 0; r < 3; r++) {
  let keep: unknown;
  cpu(() => { for (let i = 0; i < n; i++) keep = { ...s, version: i }; }, "spread first");
  cpu(() => { for (let i = 0; i < n; i++) keep = Object.assign({}, s, { version: i }); }, "assign");
  cpu(() => { for (let i = 0; i < n; i++) { const o = { ...s }; o.version = i; keep = o; } }, "spread then set");
  void keep;
}
