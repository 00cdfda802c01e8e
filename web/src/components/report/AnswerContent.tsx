import type { PracticeAnswer } from "@/lib/types";
import { pct } from "./format";

const STAR_PARTS = ["situation", "task", "action", "result"] as const;

/** What one answer says, judged against its question: talking points with evidence, relevance, STAR
 * cues, keywords, repetition and hedges (the content part of a report). */
export function AnswerContent({ answer }: { answer: PracticeAnswer }) {
  const a = answer;
  return (
    <div className="space-y-5" data-testid="answer-content">
      {a.relevance && (
        <p data-testid="relevance" data-on-topic={a.relevance.on_topic ? "yes" : "no"}
          className={`rounded-xl px-3 py-2 text-sm ${a.relevance.on_topic ? "bg-green-50 text-green-900" : "bg-amber-50 text-amber-900"}`}>
          {a.relevance.message} <span className="muted">(confidence {pct(a.relevance.confidence)})</span>
        </p>
      )}
      <section aria-labelledby="points-title">
        <h3 id="points-title" className="font-semibold">Talking points</h3>
        <ul className="mt-2 space-y-2" data-testid="talking-points">
          {(a.talking_points ?? []).map((p) => (
            <li key={p.point} data-covered={p.covered ? "yes" : "no"} className="rounded-xl border border-slate-200 p-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">{p.point}</span>
                <span className={`badge ${p.covered ? "bg-green-100 text-green-900" : "bg-amber-100 text-amber-900"}`}>
                  {p.covered ? "Covered" : "Not covered"} · {pct(p.confidence)}
                </span>
              </div>
              {p.covered && (p.evidence ?? []).length > 0 && (
                <blockquote className="muted mt-2 border-l-4 border-brand-100 pl-3 text-sm" data-testid="evidence">
                  {(p.evidence ?? []).map((e) => e.text).join(" … ")}
                </blockquote>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="star-title">
        <h3 id="star-title" className="font-semibold">STAR structure</h3>
        <ul className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="star">
          {STAR_PARTS.map((part) => {
            const cues = a.star[part] ?? [];
            return (
              <li key={part} data-star={part} data-present={cues.length ? "yes" : "no"}
                className={`rounded-xl p-3 text-sm ${cues.length ? "bg-green-50" : "bg-slate-100"}`}>
                <span className="font-semibold capitalize">{part}</span>
                <span className="muted block text-xs">{cues.length ? `“${cues[0]}”` : "no cue heard"}</span>
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="keywords-title">
        <h3 id="keywords-title" className="font-semibold">Keywords</h3>
        <p className="mt-1 text-sm" data-testid="keywords-used">Used: {(a.keywords_used ?? []).join(", ") || "none"}</p>
        <p className="muted text-sm">Not used: {(a.keywords_missed ?? []).join(", ") || "none"}</p>
      </section>
      <section aria-labelledby="words-title">
        <h3 id="words-title" className="font-semibold">Repetition and hedges</h3>
        <p className="mt-1 text-sm" data-testid="repetition">
          Most repeated: {(a.repetition ?? []).slice(0, 5).map((r) => `${r.phrase} ×${r.count}`).join(", ") || "nothing stands out"}
        </p>
        <p className="text-sm" data-testid="hedges">
          Hedges: {Object.entries(a.hedges ?? {}).map(([w, n]) => `${w} ×${n}`).join(", ") || "none"}
        </p>
      </section>
    </div>
  );
}
