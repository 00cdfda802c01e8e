"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { STATUS_TEXT, roleName } from "@/components/report/format";
import { api, errorText } from "@/lib/api";
import type { SharedSession } from "@/lib/types";
import { useRequireAuth } from "@/lib/useAuth";

/** A coach's list: the sessions candidates shared with the email they signed in with, newest first. */
export default function SharedWithMe() {
  const auth = useRequireAuth();
  const [sessions, setSessions] = useState<SharedSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!auth) return;
    api.sharedWithMe().then(
      (r) => setSessions(r.sessions),
      (err: unknown) => setError(errorText(err, "Could not load the interviews shared with you.")),
    );
  }, [auth]);

  if (!auth) return null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Shared with me</h1>
        <p className="muted text-sm">
          Interviews candidates shared with {auth.email ?? "your email"}. You can watch them and comment on moments; only
          the candidate can change or delete them.
        </p>
      </div>
      {error && <p role="alert" className="alert-error">{error}</p>}
      <section className="card" aria-labelledby="shared-title">
        <h2 id="shared-title" className="text-lg font-semibold">Interviews</h2>
        {sessions === null ? (
          !error && <p className="muted mt-2" role="status">Loading…</p>
        ) : sessions.length === 0 ? (
          <p className="muted mt-2">Nothing has been shared with you yet. When a candidate shares an interview with your email, it appears here.</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100" data-testid="shared-sessions">
            {sessions.map((s) => (
              <li key={s.session_id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="shared-session">
                <div>
                  <p className="font-medium">
                    {s.owner_name} · <span className="capitalize">{roleName(s.role)}</span> · {s.question_count} question{s.question_count === 1 ? "" : "s"}
                  </p>
                  <p className="muted text-sm">{new Date(s.created_at).toLocaleString()} · {s.report_ready ? STATUS_TEXT.complete : STATUS_TEXT[s.status]}</p>
                </div>
                {s.report_ready ? (
                  <Link className="btn-secondary" href={`/report/?session=${encodeURIComponent(s.session_id)}`}
                    aria-label={`Open ${s.owner_name}’s report from ${new Date(s.created_at).toLocaleString()}`}>
                    Open report
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
