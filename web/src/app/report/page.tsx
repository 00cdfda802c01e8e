"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Charts } from "@/components/report/Charts";
import { Comments } from "@/components/report/Comments";
import { JobTerms } from "@/components/report/JobTerms";
import { RateButtons } from "@/components/report/RateButtons";
import { Recommendations } from "@/components/report/Recommendations";
import { Replay } from "@/components/report/Replay";
import { Scores } from "@/components/report/Scores";
import { SharePanel } from "@/components/report/SharePanel";
import { Transcript } from "@/components/report/Transcript";
import { clock } from "@/components/report/format";
import { ApiError, api, errorText } from "@/lib/api";
import type { Comment, MediaList, RatedReport, ReportRatings, Session } from "@/lib/types";
import { useQueryParam, useRequireAuth } from "@/lib/useAuth";

// The printable report opens from a blob of this app's origin: a policy that runs and loads nothing keeps
// it as inert here as the API's headers keep it where it is served (it shows text others wrote: comments).
const INERT = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;

async function openPrintable(sessionId: string) {
  const html = await api.reportHtml(sessionId);
  const url = URL.createObjectURL(new Blob([html.replace(/<head>/i, `<head>${INERT}`)], { type: "text/html" }));
  window.open(url, "_blank", "noopener");
}

const MEDIA_RETRY_MS = 3000;
const MEDIA_RETRIES = 40; // two minutes: the join takes seconds; a failed one leaves the segments

export default function ReportPage() {
  const auth = useRequireAuth();
  const sessionId = useQueryParam("session");
  const [report, setReport] = useState<RatedReport | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [media, setMedia] = useState<MediaList | null>(null);
  const [waiting, setWaiting] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [printError, setPrintError] = useState<string | null>(null);
  const [seek, setSeek] = useState<{ t: number; n: number } | null>(null);

  useEffect(() => {
    if (!auth || !sessionId) return;
    let stop = false;
    let timer: number | undefined;
    let mediaTimer: number | undefined;
    // The segments are joined into one recording just after the report is built: until it is there, ask
    // again now and then and switch to it once it is (fresh segment links would reload the player).
    const loadMedia = async (tries: number, first: boolean) => {
      const m = await api.media(sessionId).catch(() => null);
      if (stop || !m) return;
      if (first || m.recording) setMedia(m);
      if (!m.recording && m.segments.length > 0 && tries > 0)
        mediaTimer = window.setTimeout(() => void loadMedia(tries - 1, false), MEDIA_RETRY_MS);
    };
    api.session(sessionId).then(
      (s) => !stop && setSession(s),
      (err: unknown) => !stop && setError(errorText(err, "Could not load the interview.")),
    );
    const poll = async (n: number) => {
      try {
        const r = await api.report(sessionId);
        if (stop) return;
        setReport(r);
        void loadMedia(MEDIA_RETRIES, true);
      } catch (err) {
        if (stop) return;
        if (err instanceof ApiError && err.status === 409 && n < 300) {
          setWaiting(n + 1);
          timer = window.setTimeout(() => void poll(n + 1), 2000);
        } else setError(err instanceof ApiError ? err.message : "Could not load the report.");
      }
    };
    void poll(0);
    return () => {
      stop = true;
      window.clearTimeout(timer);
      window.clearTimeout(mediaTimer);
    };
  }, [auth, sessionId]);

  if (!auth) return null;
  if (error) return <p role="alert" className="card">{error} <Link className="underline" href="/dashboard/">Back to history</Link></p>;
  if (!report || !session)
    return (
      <div className="card mx-auto max-w-lg text-center" role="status" aria-live="polite">
        <div aria-hidden className="mx-auto h-10 w-10 animate-spin rounded-full border-4 border-brand-100 border-t-brand-600" />
        <h1 className="mt-4 text-xl font-bold">Preparing your report…</h1>
        <p className="muted mt-1 text-sm">We are transcribing and analysing your answers. This usually takes under a minute.{waiting > 15 ? " Still working…" : ""}</p>
      </div>
    );

  // A coach reads what was shared with them: no ratings, no sharing; comments like the owner.
  const owner = session.access === "owner";
  const onRated = (ratings: ReportRatings) => setReport((r) => (r ? { ...r, ratings } : r));
  const comments = report.comments ?? [];
  const onComments = (comments: Comment[]) => setReport((r) => (r ? { ...r, comments } : r));
  const onSeek = (t: number) => {
    setSeek((s) => ({ t, n: (s?.n ?? 0) + 1 }));
    document.getElementById("replay-title")?.scrollIntoView({ behavior: "smooth", block: "start" });
  };

  return (
    <div className="space-y-6" data-testid="report">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="muted text-sm">{new Date(report.created_at).toLocaleString()} · {clock(report.duration_s)} · {report.role_title ?? report.role}</p>
          <h1 className="text-2xl font-bold">{owner ? "Your interview report" : `${session.owner_name}’s interview report`}</h1>
          {!owner && <p className="badge mt-1 bg-violet-100 text-violet-900" data-testid="coach-view">Shared with you · read-only</p>}
        </div>
        <div className="flex flex-wrap gap-2">
          {owner && <a className="btn-ghost" href="#share">Share with a coach</a>}
          <a className="btn-secondary" href={`/v1/sessions/${encodeURIComponent(report.session_id)}/report.html`} onClick={(e) => {
            e.preventDefault();
            setPrintError(null);
            openPrintable(report.session_id).catch((err: unknown) => setPrintError(errorText(err, "Could not open the printable report.")));
          }}>Printable report</a>
        </div>
      </div>
      {printError && <p role="alert" className="alert-error">{printError}</p>}
      <Scores report={report} />
      {owner && <RateButtons sessionId={report.session_id} initial={report.ratings?.report} onSaved={onRated} />}
      <h2 className="sr-only">Charts</h2>
      <Charts report={report} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Replay report={report} media={media} seek={seek} comments={comments}>
          {(controls) => <Comments sessionId={report.session_id} comments={comments} onChange={onComments} controls={controls} />}
        </Replay>
        <Recommendations report={report} onSeek={onSeek} ratings={owner ? report.ratings : undefined} onRated={onRated} />
      </div>
      <Transcript report={report} onSeek={onSeek} />
      <JobTerms report={report} />
      {report.analysis_notes?.length ? (
        <section className="card" aria-labelledby="notes-title">
          <h2 id="notes-title" className="text-lg font-semibold">About these results</h2>
          <ul className="muted mt-2 list-disc space-y-1 pl-5 text-sm">{report.analysis_notes.map((n) => <li key={n}>{n}</li>)}</ul>
        </section>
      ) : null}
      {owner && <SharePanel sessionId={report.session_id} />}
    </div>
  );
}
