// A dependency-free SVG of the scale curve: panels of lines over the log sizes (log-scaled x),
// each with its target drawn as a dashed line.

export type Series = { name: string; values: (number | null)[] };
export type Panel = { title: string; unit: string; log: boolean; series: Series[]; targets: { value: number; label: string }[] };

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
const W = 540, PLOT_H = 226, M = { l: 62, r: 12, t: 30 }, LEGEND_COLS = 3, LEGEND_ROW = 14;
/** A panel's height: the plot, the x labels, and as many legend rows as its series need. */
const heightOf = (p: Panel) => M.t + PLOT_H + 30 + Math.ceil(p.series.length / LEGEND_COLS) * LEGEND_ROW + 10;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (v: number) => (v >= 1000 ? `${Math.round(v / 1000)}k` : v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2));

function panel(p: Panel, sizes: number[], ox: number, oy: number): string {
  const vals = [...p.series.flatMap((s) => s.values.filter((v): v is number => v !== null && v > 0)), ...p.targets.map((t) => t.value)];
  let lo = Math.min(...vals), hi = Math.max(...vals);
  if (p.log) {
    lo = 10 ** Math.floor(Math.log10(lo));
    hi = 10 ** Math.ceil(Math.log10(hi));
  } else {
    lo = 0;
    hi = hi * 1.1;
  }
  const pw = W - M.l - M.r, ph = PLOT_H;
  const xOf = (i: number) => ox + M.l + (sizes.length === 1 ? pw / 2 : (pw * (Math.log10(sizes[i]!) - Math.log10(sizes[0]!))) / (Math.log10(sizes.at(-1)!) - Math.log10(sizes[0]!)));
  const yOf = (v: number) => oy + M.t + ph - (p.log ? (ph * (Math.log10(v) - Math.log10(lo))) / (Math.log10(hi) - Math.log10(lo)) : (ph * (v - lo)) / (hi - lo));
  const out: string[] = [`<text x="${ox + M.l}" y="${oy + 18}" font-size="14" font-weight="bold">${esc(p.title)}</text>`];
  // Axes and grid.
  const ticks = p.log ? Array.from({ length: Math.round(Math.log10(hi / lo)) + 1 }, (_, i) => lo * 10 ** i) : Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4);
  for (const v of ticks) {
    out.push(`<line x1="${ox + M.l}" x2="${ox + M.l + pw}" y1="${yOf(v)}" y2="${yOf(v)}" stroke="#eee"/>`);
    out.push(`<text x="${ox + M.l - 6}" y="${yOf(v) + 4}" font-size="11" text-anchor="end">${fmt(v)}</text>`);
  }
  out.push(`<text x="${ox + 14}" y="${oy + M.t + ph / 2}" font-size="11" transform="rotate(-90 ${ox + 14} ${oy + M.t + ph / 2})" text-anchor="middle">${esc(p.unit)}</text>`);
  sizes.forEach((s, i) => out.push(`<text x="${xOf(i)}" y="${oy + M.t + ph + 16}" font-size="11" text-anchor="middle">${s >= 1e6 ? `${s / 1e6}M` : `${s / 1e3}k`} events</text>`));
  out.push(`<rect x="${ox + M.l}" y="${oy + M.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  p.targets.forEach((t, k) => {
    if (t.value < lo || t.value > hi) return;
    out.push(`<line x1="${ox + M.l}" x2="${ox + M.l + pw}" y1="${yOf(t.value)}" y2="${yOf(t.value)}" stroke="#c00" stroke-dasharray="5 4"/>`);
    // Labels staggered leftwards: close targets (20 and 25 ms) would print over each other.
    out.push(`<text x="${ox + M.l + pw - 4 - k * 58}" y="${yOf(t.value) - 3}" font-size="10" fill="#c00" text-anchor="end">${esc(t.label)}</text>`);
  });
  p.series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    const pts = s.values.map((v, i) => (v === null || !(v > 0) ? null : `${xOf(i).toFixed(1)},${yOf(v).toFixed(1)}`)).filter((x): x is string => x !== null);
    if (pts.length > 1) out.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const pt of pts) out.push(`<circle cx="${pt.split(",")[0]}" cy="${pt.split(",")[1]}" r="3" fill="${color}"/>`);
    const col = k % LEGEND_COLS, row = Math.floor(k / LEGEND_COLS);
    const lx = ox + 8 + col * ((W - 16) / LEGEND_COLS), ly = oy + M.t + ph + 36 + row * LEGEND_ROW;
    out.push(`<line x1="${lx}" x2="${lx + 14}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"/><text x="${lx + 18}" y="${ly}" font-size="10">${esc(s.name)}</text>`);
  });
  return out.join("\n");
}

/** Panels two per row, each row as tall as its taller panel. */
export function scaleSvg(title: string, sizes: number[], panels: Panel[]): string {
  const parts: string[] = [];
  let y = 28;
  for (let i = 0; i < panels.length; i += 2) {
    const row = panels.slice(i, i + 2);
    row.forEach((p, j) => parts.push(panel(p, sizes, j * W, y)));
    y += Math.max(...row.map(heightOf));
  }
  const body = parts.join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${y}" font-family="sans-serif" viewBox="0 0 ${2 * W} ${y}">
<rect width="100%" height="100%" fill="#fff"/>
<text x="12" y="20" font-size="15" font-weight="bold">${esc(title)}</text>
${body}
</svg>
`;
}
