// A time chart (uPlot) that follows its container's width, with the same figures in a table for
// screen readers.
import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';

const palette = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444'];

// `days`: ['2026-11-01', ...]; `series`: [{label, values: [...]}], one value per day.
export function DayChart({ title, days, series }) {
  const box = useRef(null);
  useEffect(() => {
    if (!box.current) return undefined;
    const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
    const axis = { stroke: dark ? '#cbd5e1' : '#334155', grid: { stroke: dark ? '#334155' : '#e2e8f0' } };
    const plot = new uPlot({
      width: box.current.clientWidth || 300,
      height: 200,
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length], width: 2 }))],
      axes: [axis, axis],
      legend: { show: true },
    }, [xs, ...series.map((s) => s.values)], box.current);
    const resize = new ResizeObserver(() => plot.setSize({ width: box.current?.clientWidth || 300, height: 200 }));
    resize.observe(box.current);
    return () => { resize.disconnect(); plot.destroy(); };
  }, [days, series]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title}: chart of the table below`} />
      <div class="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead><tr><th scope="col">Day</th>{series.map((s) => <th scope="col" key={s.label}>{s.label}</th>)}</tr></thead>
          <tbody>
            {days.map((d, i) => (
              <tr key={d}><th scope="row">{d}</th>{series.map((s) => <td key={s.label}>{s.values[i]}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

// Every day from `from` to `to` (YYYY-MM-DD), and each of `usage.days`' figures on them (0 when
// the API lists no usage that day).
export function dailySeries(from, to, days, fields) {
  const byDate = new Map(days.map((d) => [d.date, d]));
  const out = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86400000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return {
    days: out,
    series: fields.map(([field, label]) => ({ label, values: out.map((d) => byDate.get(d)?.[field] ?? 0) })),
  };
}
