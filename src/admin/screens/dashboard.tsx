import { useEffect, useState } from 'react';
import { t } from '../i18n.ts';

interface Snapshot {
  at: number;
  readersNow: number;
  viewsByHour: { hour: number; views: number }[];
  topToday: Record<string, { id: number; title: string; views: number }[]>;
  publishedToday: {
    total: number;
    bySection: { section: string; count: number }[];
    byAuthor: { author: string; count: number }[];
  };
}

const hourLabel = (ms: number) =>
  new Intl.DateTimeFormat('uk-UA', { hour: '2-digit', timeZone: 'Europe/Kyiv' }).format(ms);

/** Views per hour as bars; the same numbers are in the list under it for screen readers. */
function Chart({ data }: { data: Snapshot['viewsByHour'] }) {
  const max = Math.max(1, ...data.map((d) => d.views));
  const w = 960;
  const h = 160;
  const bar = w / data.length;
  const total = data.reduce((n, d) => n + d.views, 0);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${w} ${h + 16}`} role="img" aria-label={t.dash.chartLabel(total)}>
        {data.map((d, i) => (
          <rect
            key={d.hour}
            x={i * bar + 1}
            width={bar - 2}
            y={h - (d.views / max) * h}
            height={(d.views / max) * h}
            className="bar"
          />
        ))}
        {data
          .filter((_, i) => i % 6 === 0)
          .map((d) => (
            <text key={d.hour} x={data.indexOf(d) * bar} y={h + 14} className="tick">
              {hourLabel(d.hour)}
            </text>
          ))}
      </svg>
      <figcaption>{t.dash.viewsByHour}</figcaption>
    </figure>
  );
}

/** Readers now, views per hour, today's most read and today's stories; live over server-sent events. */
export function Dashboard() {
  const [data, setData] = useState<Snapshot | null>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/admin/dashboard/stream');
    source.onmessage = (e) => {
      setData(JSON.parse(e.data) as Snapshot);
      setLive(true);
    };
    source.onerror = () => setLive(false);
    return () => source.close();
  }, []);
  const d = t.dash;
  if (!data) return <main>{t.loading}</main>;
  return (
    <main className="dashboard">
      <h1>{d.title}</h1>
      <p className="big" aria-live="polite">
        <span className="number" data-testid="readers-now">
          {data.readersNow}
        </span>{' '}
        {d.readersNow}
        {live ? <span className="live"> · {d.live}</span> : null}
      </p>
      <Chart data={data.viewsByHour} />
      <div className="columns">
        {Object.entries(data.topToday).map(([language, rows]) => (
          <section key={language} aria-labelledby={`top-${language}`}>
            <h2 id={`top-${language}`}>{d.topToday(language)}</h2>
            <ol>
              {rows.map((r) => (
                <li key={r.id}>
                  {r.title} <span className="meta">({r.views})</span>
                </li>
              ))}
            </ol>
          </section>
        ))}
        <section aria-labelledby="today-sections">
          <h2 id="today-sections">{d.publishedToday(data.publishedToday.total)}</h2>
          <h3>{d.bySection}</h3>
          <ul>
            {data.publishedToday.bySection.map((s) => (
              <li key={s.section}>
                {s.section}: {s.count}
              </li>
            ))}
          </ul>
          <h3>{d.byAuthor}</h3>
          <ul>
            {data.publishedToday.byAuthor.map((a) => (
              <li key={a.author}>
                {a.author}: {a.count}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </main>
  );
}
