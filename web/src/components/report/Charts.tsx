"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Report } from "@/lib/types";
import { clock, pct } from "./format";
import { AMBER, RED, SLATE, TEAL } from "./palette";

// Where the eyes were: the camera (the skill), the screen (fine), away (what to reduce).
const ATTENTION = [
  { key: "camera", name: "At the camera", colour: "#1d4ed8" },
  { key: "screen", name: "On the screen", colour: "#15803d" },
  { key: "away", name: "Away", colour: RED },
] as const;

export function ChartCard({ id, title, note, children }: { id: string; title: string; note: string; children: React.ReactNode }) {
  return (
    <figure className="card" aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <h3 id={`${id}-title`} className="font-semibold">{title}</h3>
      <figcaption className="muted mb-3 text-sm">{note}</figcaption>
      <div className="h-56 w-full">{children}</div>
    </figure>
  );
}

export function Charts({ report }: { report: Report }) {
  const points = (report.timeline.points ?? []).map((p) => ({
    t: p.t_s,
    smile: p.smile == null ? null : Math.round(p.smile * 100),
    face: p.face_present == null ? null : Math.round(p.face_present * 100),
    ...Object.fromEntries(ATTENTION.map((a) => [a.key, p.attention === a.key ? 1 : 0])),
  }));
  const attention = report.attention;
  const pace = (report.timeline.pace_per_answer ?? []).map((wpm, i) => ({ name: `Answer ${i + 1}`, wpm: wpm ?? 0 }));
  const fillers = Object.entries(report.fillers.counts ?? {})
    .map(([word, count]) => ({ word, count: count as number }))
    .sort((a, b) => b.count - a.count);
  const expressions = Object.entries(report.expressions.distribution ?? {})
    .map(([name, v]) => ({ name, pct: Math.round((v as number) * 100) }))
    .filter((e) => e.pct > 0)
    .sort((a, b) => b.pct - a.pct);

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartCard id="attention" title="Where you looked"
        note={attention
          ? `Camera ${pct(attention.camera)} · screen ${pct(attention.screen)} · away ${pct(attention.away)} of face time${attention.calibrated ? ", calibrated to your eyes at the start" : " (not calibrated)"}. The screen while you listen or read is fine; the camera when you make a key point is the skill to practise; looking away is what to reduce.`
          : "Not measured: no face was seen."}>
        <ResponsiveContainer>
          <BarChart data={points} barCategoryGap={0} margin={{ top: 5, right: 10, bottom: 0, left: -20 }}>
            <XAxis dataKey="t" tickFormatter={clock} />
            <YAxis hide domain={[0, 1]} />
            <Legend />
            {ATTENTION.map((a) => (
              <Bar key={a.key} isAnimationActive={false} dataKey={a.key} name={a.name} stackId="attention" fill={a.colour} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard id="presence" title="Smiling over time" note="Per second: smile strength (mouth shape only).">
        <ResponsiveContainer>
          <LineChart data={points} margin={{ top: 5, right: 10, bottom: 0, left: -20 }}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis dataKey="t" tickFormatter={clock} type="number" domain={[0, "dataMax"]} />
            <YAxis domain={[0, 100]} unit="%" />
            <Tooltip labelFormatter={(t) => clock(Number(t))} />
            <Legend />
            <Line isAnimationActive={false} type="monotone" dataKey="smile" name="Smile" stroke={AMBER} dot={false} strokeWidth={2} strokeDasharray="5 3" />
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard id="expression" title="Facial expression shown"
        note="What the face showed, by share of frames (a small classifier, about 66% accurate on its benchmark); not what you felt.">
        <ResponsiveContainer>
          <BarChart data={expressions} layout="vertical" margin={{ top: 5, right: 10, bottom: 0, left: 10 }}>
            <CartesianGrid stroke="#e2e8f0" horizontal={false} />
            <XAxis type="number" domain={[0, 100]} unit="%" />
            <YAxis type="category" dataKey="name" width={70} />
            <Tooltip />
            <Bar isAnimationActive={false} dataKey="pct" name="Share of frames" fill={SLATE} radius={[0, 4, 4, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard id="pace" title="Speaking pace per answer" note="Words per minute; the shaded band is the common 120-160 wpm target.">
        <ResponsiveContainer>
          <BarChart data={pace} margin={{ top: 5, right: 10, bottom: 0, left: -20 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="name" />
            <YAxis domain={[0, (max: number) => Math.max(200, Math.ceil(max / 20) * 20)]} />
            <ReferenceArea y1={120} y2={160} fill={TEAL} fillOpacity={0.12} />
            <Tooltip />
            <Bar isAnimationActive={false} dataKey="wpm" name="Words per minute" fill={TEAL} radius={[4, 4, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard id="fillers" title="Filler words"
        note={`${report.fillers.count} in total${report.fillers.per_100_words != null ? `, ${report.fillers.per_100_words} per 100 words (target: at most 4)` : ""}.`}>
        {fillers.length ? (
          <ResponsiveContainer>
            <BarChart data={fillers} margin={{ top: 5, right: 10, bottom: 0, left: -20 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="word" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="count" name="Times said" fill={AMBER} radius={[4, 4, 0, 0]} />
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <p className="muted grid h-full place-items-center">No filler words detected.</p>
        )}
      </ChartCard>
    </div>
  );
}
