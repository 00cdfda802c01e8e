"use client";
import { useCallback, useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard } from "@/components/report/Charts";
import { pct } from "@/components/report/format";
import { AMBER, RED, SLATE, TEAL, VIOLET } from "@/components/report/palette";
import { ApiError, api, errorText } from "@/lib/api";
import type { AdminAnalytics, Histogram } from "@/lib/types";
import { useRequireAuth } from "@/lib/useAuth";

const COMPONENT_COLOURS = [SLATE, TEAL, AMBER, VIOLET];
const DAY_MS = 86_400_000;

function isoDay(ms: number) {
  return new Date(ms).toISOString().slice(0, 10);
}

function bins(h: Histogram) {
  return h.bins.map((count, i) => ({ bin: i === 9 ? "90-100" : `${i * 10}-${i * 10 + 9}`, count }));
}

type Series = { key: string; name: string; colour: string };

/** Column chart of `rows` by `x`, one bar per series (the shape every chart on this page shares). */
function Columns({ rows, x, series, height = "100%" }: { rows: Record<string, string | number>[]; x: string; series: Series[]; height?: `${number}%` }) {
  return (
    <ResponsiveContainer height={height}>
      <BarChart data={rows} margin={{ top: 5, right: 10, bottom: 0, left: -20 }}>
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey={x} />
        <YAxis allowDecimals={false} />
        <Tooltip />
        {series.length > 1 && <Legend />}
        {series.map((s) => <Bar key={s.key} isAnimationActive={false} dataKey={s.key} name={s.name} fill={s.colour} />)}
      </BarChart>
    </ResponsiveContainer>
  );
}

export default function AdminPage() {
  const auth = useRequireAuth();
  const [from, setFrom] = useState(() => isoDay(Date.now() - 29 * DAY_MS));
  const [to, setTo] = useState(() => isoDay(Date.now()));
  const [data, setData] = useState<AdminAnalytics | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [metric, setMetric] = useState<string>("");

  const load = useCallback(async () => {
    setError(null);
    try {
      setData(await api.adminAnalytics(from, to));
    } catch (err) {
      setData(null);
      if (err instanceof ApiError && err.status === 403) setError("This page is for administrators only.");
      else setError(errorText(err, "Could not load the analytics."));
    }
  }, [from, to]);

  useEffect(() => {
    if (auth) void load();
  }, [auth, load]);

  if (!auth) return null;
  const scores = data?.scores ?? [];
  const metrics = data?.metrics ?? [];
  const models = data?.models ?? [];
  const days = (data?.days ?? []).map((d) => ({
    day: d.day.slice(5),
    started: d.sessions_started ?? 0,
    completed: d.reports_built ?? 0,
    minutes: d.interview_minutes ?? 0,
  }));
  const scoreRows = scores[0] ? bins(scores[0]).map((b, n) => ({ bin: b.bin, ...Object.fromEntries(scores.map((h) => [h.key, h.bins[n]])) })) : [];
  const shownMetric = metrics.find((m) => m.key === metric) ?? metrics[0];
  const recs = (data?.recommendations ?? []).slice(0, 8);
  const suppressed = (data?.days ?? []).filter((d) => d.suppressed).length;

  return (
    <div className="space-y-6" data-testid="admin">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Platform analytics</h1>
          <p className="muted text-sm">
            Aggregates only: no names, emails, transcripts or recordings. Days with fewer than {data?.min_group_sessions ?? 5} sessions are withheld.
          </p>
        </div>
        <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); void load(); }}>
          <label className="text-sm">From<input className="input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
          <label className="text-sm">To<input className="input" type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
          <button type="submit" className="btn-secondary">Show</button>
        </form>
      </div>
      {error && <p role="alert" className="card">{error}</p>}
      {data && (
        <>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="admin-totals">
            {[
              ["Sessions started", data.totals.sessions_started],
              ["Reports built", data.totals.reports_built],
              ["Completion rate", pct(data.totals.completion_rate)],
              ["Interview minutes", data.totals.interview_minutes],
            ].map(([label, value]) => (
              <div key={label} className="card">
                <dt className="muted text-sm">{label}</dt>
                <dd className="text-2xl font-bold">{value}</dd>
              </div>
            ))}
          </dl>
          <p className="muted text-sm">{suppressed} of {data.days.length} days withheld (too few sessions); totals and charts leave them out.</p>
          <div className="grid gap-4 lg:grid-cols-2">
            <ChartCard id="admin-days" title="Sessions per day" note="Started and completed (report built); withheld days show as empty.">
              <Columns rows={days} x="day" series={[{ key: "started", name: "Started", colour: SLATE }, { key: "completed", name: "Completed", colour: TEAL }]} />
            </ChartCard>
            <ChartCard id="admin-minutes" title="Interview minutes per day" note="Recorded answer time of the reports built that day.">
              <Columns rows={days} x="day" series={[{ key: "minutes", name: "Minutes", colour: AMBER }]} />
            </ChartCard>
            <ChartCard id="admin-scores" title="Score distribution" note="Reports per 10-point band, overall and by component.">
              <Columns rows={scoreRows} x="bin" series={scores.map((h, n) => ({ key: h.key, name: h.key, colour: COMPONENT_COLOURS[n % COMPONENT_COLOURS.length] }))} />
            </ChartCard>
            <ChartCard id="admin-metric" title="Metric scores" note={shownMetric ? `${shownMetric.count} measured values of ${shownMetric.key}, per 10-point band.` : "No metric measured yet."}>
              {metrics.length > 0 && (
                <select aria-label="Metric" className="input mb-2 min-h-9 py-1 text-sm" value={shownMetric?.key} onChange={(e) => setMetric(e.target.value)}>
                  {metrics.map((m) => <option key={m.key} value={m.key}>{m.key}</option>)}
                </select>
              )}
              <Columns rows={shownMetric ? bins(shownMetric) : []} x="bin" height="80%" series={[{ key: "count", name: "Reports", colour: TEAL }]} />
            </ChartCard>
            <ChartCard id="admin-recommendations" title="Most common recommendations"
              note={`By the metric they address, with the candidates' votes. Report ratings: ${data.report_ratings.useful} useful, ${data.report_ratings.not_useful} not useful.`}>
              <ResponsiveContainer>
                <BarChart data={recs} layout="vertical" margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
                  <CartesianGrid stroke="#e2e8f0" horizontal={false} />
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="key" width={170} tick={{ fontSize: 12 }} />
                  <Tooltip />
                  <Legend />
                  <Bar isAnimationActive={false} dataKey="count" name="Given" fill={SLATE} />
                  <Bar isAnimationActive={false} dataKey="useful" name="Useful" fill={TEAL} />
                  <Bar isAnimationActive={false} dataKey="not_useful" name="Not useful" fill={RED} />
                </BarChart>
              </ResponsiveContainer>
            </ChartCard>
          </div>
          <section className="card" aria-labelledby="models-title">
            <h2 id="models-title" className="text-lg font-semibold">Models</h2>
            <table className="mt-2 w-full text-left text-sm" data-testid="admin-models">
              <thead><tr><th>Model or stage</th><th>Runs</th><th>Failures</th><th>Failure rate</th><th>Mean time per call</th></tr></thead>
              <tbody>
                {models.length === 0 && <tr><td colSpan={5} className="muted py-2">No model runs in the published days.</td></tr>}
                {models.map((m) => (
                  <tr key={m.name} className="border-t border-slate-100">
                    <td>{m.name}</td><td>{m.runs}</td><td>{m.failures}</td><td>{pct(m.failure_rate)}</td>
                    <td>{m.mean_latency_ms == null ? "–" : `${Math.round(m.mean_latency_ms)} ms`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
