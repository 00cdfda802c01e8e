import type { Report, ReportRatings } from "@/lib/types";
import { clock } from "./format";
import { RateButtons } from "./RateButtons";

/** With `ratings`, each recommendation gets useful / not useful buttons (the owner's report page). */
export function Recommendations({ report, onSeek, ratings, onRated }: {
  report: Report;
  onSeek?: (t: number) => void;
  ratings?: ReportRatings;
  onRated?: (ratings: ReportRatings) => void;
}) {
  const recs = report.recommendations ?? [];
  return (
    <section className="card" aria-labelledby="recs-title" data-testid="recommendations">
      <h2 id="recs-title" className="text-lg font-semibold">What to practise next</h2>
      {recs.length === 0 && <p className="muted mt-2">Nothing stood out. Keep practising to stay in shape.</p>}
      <ol className="mt-3 space-y-4">
        {recs.map((r) => (
          <li key={r.rank} className="rounded-xl border border-slate-200 p-4">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="font-semibold">{r.rank}. {r.title}</h3>
              {r.start_s != null && onSeek && (
                <button type="button" className="btn-ghost min-h-9 px-2 py-1 text-xs" onClick={() => onSeek(r.start_s!)}>
                  ▶ Replay {r.moment_label ?? clock(r.start_s)}
                </button>
              )}
            </div>
            <p className="mt-1 text-sm">{r.detail}</p>
            <p className="mt-2 rounded-lg bg-brand-50 p-3 text-sm"><span className="font-semibold">Exercise: </span>{r.exercise}</p>
            {ratings && onRated && (
              <RateButtons sessionId={report.session_id} rank={r.rank} initial={ratings.recommendations?.[String(r.rank)]} onSaved={onRated} />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
