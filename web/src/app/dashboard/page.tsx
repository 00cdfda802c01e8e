"use client";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ProfileForm } from "@/components/ProfileForm";
import { STATUS_TEXT, roleName } from "@/components/report/format";
import { AMBER, INK, TEAL, VIOLET } from "@/components/report/palette";
import { ApiError, api } from "@/lib/api";
import type { ProgressReport, Session } from "@/lib/types";
import { useRequireAuth } from "@/lib/useAuth";

const DIRECTION: Record<string, string> = { improving: "↗ Improving", steady: "→ Steady", declining: "↘ Declining", not_enough_data: "Not enough sessions yet" };
const COLORS: Record<string, string> = { overall: INK, delivery: TEAL, presence: AMBER, content: VIOLET };

export default function Dashboard() {
  const auth = useRequireAuth();
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [progress, setProgress] = useState<ProgressReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string>("");
  const dialog = useRef<HTMLDialogElement>(null);
  const [confirmText, setConfirmText] = useState("");

  const load = useCallback(async () => {
    try {
      const [s, p] = await Promise.all([api.sessions(), api.progress()]);
      setSessions([...s.sessions].sort((a, b) => b.created_at.localeCompare(a.created_at)));
      setProgress(p);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not load your history.");
    }
  }, []);

  useEffect(() => {
    if (auth) void load();
  }, [auth, load]);

  async function remove(s: Session) {
    if (!window.confirm("Delete this interview, its recording and its report? This cannot be undone.")) return;
    await api.deleteSession(s.session_id);
    setStatus("Interview deleted.");
    await load();
  }

  async function deleteAccount() {
    await api.deleteAccount();
    location.assign("/");
  }

  if (!auth) return null;
  const chart = (progress?.sessions ?? []).map((p, i) => ({ n: i + 1, overall: p.overall, delivery: p.delivery, presence: p.presence, content: p.content }));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Your practice</h1>
          <p className="muted text-sm">Signed in as {auth.email ?? "you"}</p>
        </div>
        <Link href="/new/" className="btn-primary">Start a new interview</Link>
      </div>
      <p role="status" aria-live="polite" className="sr-only">{status}</p>
      {error && <p role="alert" className="alert-error">{error}</p>}

      <section className="card" aria-labelledby="progress-title" data-testid="progress">
        <h2 id="progress-title" className="text-lg font-semibold">Progress</h2>
        {progress && (progress.sessions ?? []).length > 0 ? (
          <>
            <ul className="mt-3 grid gap-3 sm:grid-cols-4">
              {(progress.trends ?? []).map((t) => (
                <li key={t.component} className="rounded-xl bg-slate-50 p-3" title={t.method}>
                  <p className="text-sm font-semibold capitalize">{t.component}</p>
                  <p className="text-2xl font-bold tabular-nums">{t.latest == null ? "–" : Math.round(t.latest)}</p>
                  <p className="muted text-xs">{DIRECTION[t.direction]}{t.slope_per_session != null ? ` (${t.slope_per_session > 0 ? "+" : ""}${t.slope_per_session.toFixed(1)}/session)` : ""}</p>
                </li>
              ))}
            </ul>
            <div className="mt-4 h-56" data-testid="progress-chart">
              <ResponsiveContainer>
                <LineChart data={chart} margin={{ top: 5, right: 10, bottom: 0, left: -20 }}>
                  <CartesianGrid stroke="#e2e8f0" />
                  <XAxis dataKey="n" tickFormatter={(n) => `#${n}`} />
                  <YAxis domain={[0, 100]} />
                  <Tooltip labelFormatter={(n) => `Session ${n}`} />
                  <Legend />
                  {Object.entries(COLORS).map(([k, c]) => (
                    <Line key={k} isAnimationActive={false} dataKey={k} stroke={c} strokeWidth={k === "overall" ? 3 : 2} connectNulls />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </div>
          </>
        ) : (
          <p className="muted mt-2">Finish an interview to see your scores and trends here.</p>
        )}
      </section>

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title" className="text-lg font-semibold">Past interviews</h2>
        {sessions === null ? (
          <p className="muted mt-2" role="status">Loading…</p>
        ) : sessions.length === 0 ? (
          <p className="muted mt-2">No interviews yet.</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100" data-testid="history">
            {sessions.map((s) => (
              <li key={s.session_id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <p className="font-medium capitalize">{roleName(s.role)} · {s.questions.length} question{s.questions.length === 1 ? "" : "s"}</p>
                  <p className="muted text-sm">{new Date(s.created_at).toLocaleString()} · {STATUS_TEXT[s.status]} · kept {s.consent.retention_days} days</p>
                </div>
                <div className="flex gap-2">
                  {s.status === "complete" || s.status === "ending" ? (
                    <Link className="btn-secondary" href={`/report/?session=${encodeURIComponent(s.session_id)}`}>View report</Link>
                  ) : (
                    <Link className="btn-secondary" href={`/setup/?session=${encodeURIComponent(s.session_id)}`}>Continue</Link>
                  )}
                  <button type="button" className="btn-ghost text-red-800" onClick={() => remove(s)} aria-label={`Delete interview from ${new Date(s.created_at).toLocaleString()}`}>
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title" className="text-lg font-semibold">Profile</h2>
        <ProfileForm />
      </section>

      <section className="card border-red-200" aria-labelledby="account-title">
        <h2 id="account-title" className="text-lg font-semibold">Account</h2>
        <p className="muted mt-1 text-sm">Deleting your account removes every interview, recording and report. This cannot be undone.</p>
        <button type="button" className="btn-danger mt-3" onClick={() => dialog.current?.showModal()}>Delete my account</button>
      </section>

      <dialog ref={dialog} aria-labelledby="delete-title" className="m-auto w-[min(32rem,92vw)] rounded-2xl p-6 backdrop:bg-slate-900/50">
        <h2 id="delete-title" className="text-xl font-bold">Delete your account?</h2>
        <p className="mt-2 text-sm">All your interviews, recordings and reports will be deleted now. Type <strong>DELETE</strong> to confirm.</p>
        <label htmlFor="confirm-delete" className="field-label mt-4">Confirmation</label>
        <input id="confirm-delete" className="input" value={confirmText} onChange={(e) => setConfirmText(e.target.value)} autoComplete="off" />
        <div className="mt-5 flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>Cancel</button>
          <button type="button" className="btn-danger" disabled={confirmText !== "DELETE"} onClick={deleteAccount}>Delete account</button>
        </div>
      </dialog>
    </div>
  );
}
