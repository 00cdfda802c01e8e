"use client";
import { useState } from "react";
import { ApiError, api } from "@/lib/api";
import type { ReportRatings } from "@/lib/types";

type Rating = NonNullable<ReportRatings["report"]>;

/** "Useful / not useful" with an optional comment, for the report (no rank) or one recommendation.
 * A second vote replaces the first; the saved vote is what the server answered. */
export function RateButtons({ sessionId, rank, initial, onSaved }: {
  sessionId: string;
  rank?: number;
  initial: Rating | null | undefined;
  onSaved: (ratings: ReportRatings) => void;
}) {
  const [comment, setComment] = useState(initial?.comment ?? "");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const what = rank == null ? "this report" : `recommendation ${rank}`;
  const testId = rank == null ? "rate-report" : `rate-recommendation-${rank}`;

  async function save(useful: boolean) {
    setBusy(true);
    try {
      const body = { useful, comment: comment.trim() || null };
      const ratings = rank == null ? await api.rateReport(sessionId, body) : await api.rateRecommendation(sessionId, rank, body);
      onSaved(ratings);
      setMessage("Thanks, saved.");
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : "Could not save your rating.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mt-3 flex flex-wrap items-center gap-2 text-sm" data-testid={testId}>
      <span className="muted">Was {what} useful?</span>
      {[true, false].map((useful) => (
        <button key={String(useful)} type="button" disabled={busy} aria-pressed={initial?.useful === useful}
          className={initial?.useful === useful ? "btn-primary min-h-9 px-3 py-1 text-xs" : "btn-ghost min-h-9 px-3 py-1 text-xs"}
          onClick={() => void save(useful)}>
          {useful ? "Useful" : "Not useful"}
        </button>
      ))}
      <label className="sr-only" htmlFor={`${testId}-comment`}>Comment on {what} (optional)</label>
      <input id={`${testId}-comment`} className="input min-h-9 flex-1 py-1 text-xs" maxLength={1000}
        placeholder="Optional comment" value={comment} onChange={(e) => setComment(e.target.value)} />
      <span role="status" aria-live="polite" className="muted text-xs">{message}</span>
    </div>
  );
}
