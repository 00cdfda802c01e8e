"use client";
import { useCallback, useEffect, useState } from "react";
import { api, errorText } from "@/lib/api";
import type { Share } from "@/lib/types";
import { useAction } from "@/lib/useAction";

/** The owner shares this session (and, if they choose, their future ones) with a coach by email, and
 * revokes a share at once. What it says after sharing is the same whether or not the email has an account. */
export function SharePanel({ sessionId }: { sessionId: string }) {
  const [shares, setShares] = useState<Share[] | null>(null);
  const [email, setEmail] = useState("");
  const [future, setFuture] = useState(false);
  const { busy, status, error, setError, run } = useAction();
  const load = useCallback(async () => setShares((await api.shares(sessionId)).shares), [sessionId]);

  useEffect(() => {
    load().catch((err: unknown) => setError(errorText(err, "Could not load who this session is shared with.")));
  }, [load]);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    void run(async () => {
      const share = await api.share(sessionId, { email: email.trim(), include_future: future });
      setEmail("");
      setFuture(false);
      await load();
      return `Shared with ${share.email}. They can see it after signing in with that email.`;
    }, "Could not share this session.");
  }

  function revoke(share: Share) {
    void run(async () => {
      await api.revokeShare(sessionId, share.share_id);
      await load();
      return share.include_future
        ? `Access for ${share.email} ended, to this session and to your future sessions.`
        : `Access for ${share.email} to this session ended.`;
    }, "Could not revoke the share.");
  }

  return (
    <section id="share" className="card" aria-labelledby="share-title" data-testid="share-panel">
      <h2 id="share-title" className="text-lg font-semibold">Share with a coach</h2>
      <p className="muted mt-1 text-sm">
        Your coach sees this report and its recording, read-only, and can comment on moments in it. You can revoke
        access at any time; it ends at once.
      </p>
      <form className="mt-3 space-y-3" onSubmit={submit} noValidate>
        <div>
          <label htmlFor="share-email" className="field-label">Coach&apos;s email</label>
          <div className="flex flex-wrap gap-2">
            <input id="share-email" type="email" className="input flex-1" autoComplete="off" maxLength={254} required
              value={email} onChange={(e) => setEmail(e.target.value)}
              aria-describedby={error ? "share-error" : undefined} aria-invalid={error ? true : undefined} />
            <button type="submit" className="btn-primary" disabled={busy || !email.trim()}>Share</button>
          </div>
        </div>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1 h-4 w-4" checked={future} onChange={(e) => setFuture(e.target.checked)} />
          <span>Also share my future sessions with this coach (until I revoke it)</span>
        </label>
      </form>
      <p role="status" aria-live="polite" className="mt-2 text-sm">{status}</p>
      {error && <p id="share-error" role="alert" className="alert-error mt-2">{error}</p>}

      <h3 className="mt-4 font-semibold">Who can see this session</h3>
      {shares === null ? (
        <p className="muted mt-1 text-sm">Loading…</p>
      ) : shares.length === 0 ? (
        <p className="muted mt-1 text-sm">Only you.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100" data-testid="share-list">
          {shares.map((s) => (
            <li key={s.share_id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <div className="text-sm">
                <p className="font-medium break-all">{s.email}</p>
                <p className="muted text-xs">
                  Since {new Date(s.created_at).toLocaleDateString()}
                  {s.include_future ? " · also your future sessions" : ""}
                </p>
              </div>
              <button type="button" className="btn-ghost text-red-800" disabled={busy} onClick={() => revoke(s)}
                aria-label={`Revoke access for ${s.email}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
