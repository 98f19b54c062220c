import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { TimelineRecord } from '../fhir';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

/** A vital sign or lab value over time, from the quantity observations of a timeline; one series at a time. */
export function TrendChart({ records }: { records: TimelineRecord[] }) {
  const series = useMemo(() => {
    const byCode = new Map<string, { label: string; unit: string; points: Array<{ date: string; value: number }> }>();
    for (const r of records) {
      if (!r.quantity || !r.date) continue;
      const entry = byCode.get(r.quantity.code) ?? { label: r.quantity.label, unit: r.quantity.unit, points: [] };
      entry.points.push({ date: r.date, value: r.quantity.value });
      byCode.set(r.quantity.code, entry);
    }
    for (const s of byCode.values()) s.points.sort((a, b) => a.date.localeCompare(b.date));
    return [...byCode.entries()].sort((a, b) => b[1].points.length - a[1].points.length);
  }, [records]);
  const [selected, setSelected] = useState<string | null>(null);
  const code = selected && series.some(([c]) => c === selected) ? selected : series[0]?.[0];
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const current = series.find(([c]) => c === code)?.[1];
    if (!canvas.current || !current) return undefined;
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels: current.points.map(p => new Date(p.date).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })),
        datasets: [{ label: `${current.label} (${current.unit})`, data: current.points.map(p => p.value), borderColor: '#1565c0', tension: 0.2 }],
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: false } } },
    });
    return () => chart.destroy();
  }, [series, code]);

  if (series.length === 0) return <p><small>No measurements to chart yet.</small></p>;
  return (
    <div class="trend" data-testid="trend-chart" data-series={code}>
      <select value={code} onChange={e => setSelected(e.currentTarget.value)} aria-label="Measurement">
        {series.map(([c, s]) => <option key={c} value={c}>{s.label} ({s.points.length})</option>)}
      </select>
      <div class="chart-box"><canvas ref={canvas} /></div>
    </div>
  );
}
