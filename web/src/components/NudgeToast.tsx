"use client";
import { useCallback, useEffect, useState } from "react";
import type { Nudge } from "@/lib/types";

/** One gentle tip at a time; later tips wait their turn and stale ones are dropped. */
export function useNudges() {
  const [queue, setQueue] = useState<Nudge[]>([]);
  const current = queue[0] ?? null;
  useEffect(() => {
    if (!current) return;
    const t = window.setTimeout(() => setQueue((q) => q.slice(1)), 7000);
    return () => window.clearTimeout(t);
  }, [current]);
  const push = useCallback((n: Nudge) => setQueue((q) => (q.length >= 2 ? q : [...q, n])), []);
  const dismiss = useCallback(() => setQueue((q) => q.slice(1)), []);
  return { current, push, dismiss };
}

export function NudgeToast({ nudge, onDismiss }: { nudge: Nudge | null; onDismiss: () => void }) {
  return (
    <div aria-live="polite" aria-atomic="true" className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4">
      {nudge && (
        <div data-testid="nudge" className="pointer-events-auto flex max-w-md items-start gap-3 rounded-2xl bg-ink px-4 py-3 text-white shadow-lg">
          <span aria-hidden className="mt-0.5">💡</span>
          <p className="text-sm">{nudge.message}</p>
          <button type="button" onClick={onDismiss} className="ml-2 rounded-md px-2 text-sm text-slate-200 hover:text-white" aria-label="Dismiss tip">✕</button>
        </div>
      )}
    </div>
  );
}
