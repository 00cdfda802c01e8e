import type { ComponentScore, Report } from "@/lib/types";
import { BAND_CLASS, BAND_TEXT, num, withUnit } from "./format";

function Band({ band }: { band: string }) {
  return <span className={`badge ${BAND_CLASS[band] ?? BAND_CLASS.not_measured}`}>{BAND_TEXT[band] ?? band}</span>;
}

function Component({ c }: { c: ComponentScore }) {
  return (
    <section className="card" aria-labelledby={`score-${c.name}`} data-testid={`score-${c.name}`}>
      <div className="flex items-start justify-between gap-3">
        <div>
          <h3 id={`score-${c.name}`} className="font-semibold">{c.label}</h3>
          <p className="muted text-xs">{Math.round(c.weight * 100)}% of the overall score</p>
        </div>
        <Band band={c.band} />
      </div>
      <p className="mt-2 text-4xl font-bold tabular-nums">{num(c.value, 0)}<span className="muted text-base font-normal">/100</span></p>
      <details className="mt-3">
        <summary className="cursor-pointer text-sm font-semibold text-brand-700">How this score is computed</summary>
        <p className="muted mt-2 text-sm">{c.explanation}</p>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full min-w-[28rem] text-left text-sm">
            <caption className="sr-only">{c.label}: metrics</caption>
            <thead className="muted text-xs uppercase">
              <tr><th scope="col" className="py-1 pr-2">Metric</th><th scope="col" className="pr-2">Measured</th><th scope="col" className="pr-2">Target</th><th scope="col" className="pr-2">Score</th><th scope="col">Adds</th></tr>
            </thead>
            <tbody>
              {(c.metrics ?? []).map((m) => (
                <tr key={m.key} className="border-t border-slate-100 align-top">
                  <th scope="row" className="py-2 pr-2 font-medium">
                    {m.label}
                    <span className="muted block text-xs font-normal">{m.source}</span>
                  </th>
                  <td className="py-2 pr-2 tabular-nums">{m.measured ? withUnit(num(m.value, 2), m.unit ?? "") : "not measured"}{m.note ? <span className="muted block text-xs">{m.note}</span> : null}</td>
                  <td className="py-2 pr-2">{m.target}</td>
                  <td className="py-2 pr-2 tabular-nums">{num(m.score, 0)}</td>
                  <td className="py-2 tabular-nums">{m.measured ? `+${num(m.contribution, 1)} (${Math.round(m.effective_weight * 100)}%)` : "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

export function Scores({ report }: { report: Report }) {
  const s = report.scores;
  return (
    <div className="space-y-4">
      <section className="card flex flex-col gap-4 sm:flex-row sm:items-center" aria-labelledby="overall-title" data-testid="score-overall">
        <div className="grid h-28 w-28 shrink-0 place-items-center rounded-full border-8 border-brand-500 bg-brand-50">
          <span className="text-3xl font-bold tabular-nums">{num(s.overall, 0)}</span>
        </div>
        <div>
          <div className="flex items-center gap-2">
            <h2 id="overall-title" className="text-xl font-bold">Overall</h2>
            <Band band={s.overall_band} />
          </div>
          <p className="muted mt-1 text-sm">{s.overall_explanation}</p>
        </div>
      </section>
      <div className="grid gap-4 lg:grid-cols-3">
        <Component c={s.delivery} />
        <Component c={s.presence} />
        <Component c={s.content} />
      </div>
    </div>
  );
}
