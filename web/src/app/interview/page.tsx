"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { CalibrationStep, measureCalibration } from "@/components/CalibrationStep";
import { MediaHelp } from "@/components/MediaHelp";
import { CameraAlert, MicrophoneAlert } from "@/components/MediaAlerts";
import { NudgeToast, useNudges } from "@/components/NudgeToast";
import { api } from "@/lib/api";
import { LiveSession, type LinkState } from "@/lib/liveSession";
import { SegmentRecorder } from "@/lib/recorder";
import type { Session } from "@/lib/types";
import { useCameraStopped, useMedia, useMicrophoneState } from "@/lib/useMedia";
import { useQueryParam, useRequireAuth } from "@/lib/useAuth";

type Phase = "ready" | "calibrating" | "recording" | "switching" | "finishing";

function fmt(s: number) {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
}

const LINK_TEXT: Record<LinkState, string> = {
  connecting: "Connecting…",
  online: "Connected",
  reconnecting: "Connection lost, reconnecting… your answers are saved on this device",
  offline: "Offline: your answers are saved on this device",
};

export default function Interview() {
  const auth = useRequireAuth();
  const sessionId = useQueryParam("session");
  const [session, setSession] = useState<Session | null>(null);
  const [devices] = useState<{ videoId?: string; audioId?: string }>(() =>
    typeof window === "undefined" ? {} : JSON.parse(sessionStorage.getItem("interview.devices") ?? "{}"),
  );
  const media = useMedia(Boolean(session), devices.videoId, devices.audioId);
  const video = useRef<HTMLVideoElement>(null);
  const [phase, setPhase] = useState<Phase>("ready");
  const capturing = phase === "calibrating" || phase === "recording" || phase === "switching";
  const microphone = useMicrophoneState(media.stream, capturing);
  const cameraStopped = useCameraStopped(media.stream, capturing);
  const live = useRef<LiveSession | null>(null);
  const recorder = useRef<SegmentRecorder | null>(null);
  const answerRef = useRef(0);
  const [answer, setAnswer] = useState(0);
  const [link, setLink] = useState<LinkState>("connecting");
  const [progress, setProgress] = useState({ pending: 0, accepted: 0, failed: 0 });
  const [elapsed, setElapsed] = useState(0);
  const [answerStart, setAnswerStart] = useState(0);
  const [error, setError] = useState<string | null>(null);
  // Chosen on the camera check (on unless skipped there); a page opened directly, or reopened after
  // recording began, does not calibrate.
  const [calibrate, setCalibrate] = useState(() => typeof window !== "undefined" && sessionStorage.getItem("interview.calibrate") === "1");
  const [calibrationStep, setCalibrationStep] = useState<0 | 1>(0);
  const skipCalibration = useRef<AbortController | null>(null);
  const nudges = useNudges();
  const pushNudge = nudges.push;

  useEffect(() => {
    if (!auth || !sessionId) return;
    api.session(sessionId).then(
      (s) => {
        if (s.status === "ending" || s.status === "complete") location.replace(`/report/?session=${encodeURIComponent(s.session_id)}`);
        else {
          if (localStorage.getItem(`interview.t0.${s.session_id}`)) setCalibrate(false);
          setSession(s);
        }
      },
      () => setError("This interview could not be loaded."),
    );
  }, [auth, sessionId]);

  const haveMedia = Boolean(media.stream);
  useEffect(() => {
    // No connection (and no session.start) until the camera and microphone are available.
    if (!session || !haveMedia) return;
    const l = new LiveSession(session.session_id, {
      onLink: (s) => setLink(s),
      onProgress: setProgress,
      onNudge: pushNudge,
      onError: (code, message) => setError(`${message} (${code})`),
      onEnding: () => location.assign(`/report/?session=${encodeURIComponent(session.session_id)}`),
    });
    live.current = l;
    answerRef.current = l.answerIndex;
    setAnswer(l.answerIndex);
    (window as unknown as { __interview: unknown }).__interview = l;
    void l.open();
    return () => l.close();
  }, [session, haveMedia, pushNudge]);

  useEffect(() => {
    if (video.current && media.stream) video.current.srcObject = media.stream;
  }, [media.stream]);

  useEffect(() => {
    if (phase === "ready" || phase === "finishing") return;
    const t0 = Number(localStorage.getItem(`interview.t0.${sessionId}`));
    const timer = window.setInterval(() => setElapsed((Date.now() - t0) / 1000), 250);
    return () => window.clearInterval(timer);
  }, [phase, sessionId]);

  /** Starts a recorder on the session timeline; returns the timeline's origin (epoch ms). */
  const startRecorder = useCallback((): number => {
    const key = `interview.t0.${sessionId}`;
    if (!localStorage.getItem(key)) localStorage.setItem(key, String(Date.now()));
    const origin = Number(localStorage.getItem(key));
    const l = live.current!;
    recorder.current = new SegmentRecorder(media.stream!, origin, (seg) => {
      l.addSegment({ ...seg, answerIndex: answerRef.current });
    });
    recorder.current.start();
    setAnswerStart((Date.now() - origin) / 1000);
    return origin;
  }, [media.stream, sessionId]);

  /**
   * Recording starts; with calibration (and not resuming after a reload), the dots come first: their spans
   * go to the session and the segment is cut where they end, so those seconds stay out of answer 1.
   */
  async function begin() {
    if (!media.stream || !live.current) return;
    const origin = startRecorder();
    if (calibrate) {
      setPhase("calibrating");
      skipCalibration.current = new AbortController();
      const spans = await measureCalibration(origin, setCalibrationStep, skipCalibration.current.signal);
      if (spans) {
        await recorder.current!.stop();
        startRecorder();
        await api.calibrate(session!.session_id, spans).catch((e: Error) =>
          setError(`Calibration could not be saved (${e.message}); where you look is read with the usual defaults.`),
        );
      }
    }
    setPhase("recording");
  }

  async function next() {
    if (!recorder.current || !live.current) return;
    setPhase("switching");
    await recorder.current.stop();
    live.current.nextQuestion();
    answerRef.current = live.current.answerIndex;
    setAnswer(answerRef.current);
    startRecorder();
    setPhase("recording");
  }

  async function end() {
    if (!live.current) return;
    setPhase("finishing");
    await recorder.current?.stop();
    media.stream?.getTracks().forEach((t) => t.stop());
    live.current.end();
  }

  if (!auth) return null;
  if (error && !session) return <p role="alert" className="card">{error}</p>;
  if (!session) return <p className="muted" role="status">Loading interview…</p>;
  if (media.problem) return <MediaHelp problem={media.problem} detail={media.detail} onRetry={() => location.reload()} />;

  const questions = session.questions;
  const q = questions[Math.min(answer, questions.length - 1)];
  const last = answer >= questions.length - 1;
  const recording = phase === "calibrating" || phase === "recording" || phase === "switching";
  const asked = phase !== "calibrating" && !(phase === "ready" && calibrate);

  return (
    <div className="mx-auto max-w-5xl">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="muted text-sm">Question {Math.min(answer + 1, questions.length)} of {questions.length}</p>
        <div className="flex items-center gap-3 text-sm">
          <span role="status" data-testid="link-state" data-state={link}
            className={`badge ${link === "online" ? "bg-emerald-100 text-emerald-900" : "bg-amber-100 text-amber-900"}`}>
            {LINK_TEXT[link]}
          </span>
          {recording && (
            <span data-testid="recording-indicator" className="badge bg-red-100 text-red-800">
              <span aria-hidden className="mr-1.5 inline-block h-2 w-2 animate-pulse rounded-full bg-red-600" /> Recording
            </span>
          )}
        </div>
      </div>
      {asked ? (
        <h1 data-testid="question" className="mt-2 text-2xl font-bold leading-snug sm:text-3xl">{q?.text ?? "Free answer"}</h1>
      ) : (
        <div className="mt-2">
          <h1 className="text-2xl font-bold leading-snug sm:text-3xl">First: where you look</h1>
          <p className="muted mt-1 text-sm">
            When you press Start, recording begins with about 7 seconds of looking at a dot by your camera, then at the
            middle of the screen. Your first question follows.
          </p>
        </div>
      )}
      <div className="mt-5 grid gap-6 md:grid-cols-[3fr_2fr]">
        <div className="relative">
          <video ref={video} autoPlay playsInline muted aria-label="Your camera"
            className="aspect-video w-full -scale-x-100 rounded-2xl bg-slate-900 object-cover" />
        </div>
        <div className="card flex flex-col gap-4">
          <div>
            <p className="muted text-sm">Time on this answer</p>
            <p className="font-mono text-4xl font-semibold tabular-nums" aria-live="off" data-testid="timer">
              {fmt(recording ? Math.max(0, elapsed - answerStart) : 0)}
            </p>
            <p className="muted text-xs">Total {fmt(recording ? elapsed : 0)}</p>
          </div>
          {phase === "ready" && (
            <button type="button" className="btn-primary w-full" onClick={begin} disabled={!media.stream || link === "connecting"}>
              Start answering
            </button>
          )}
          {(phase === "recording" || phase === "switching") && (
            <>
              <button type="button" className="btn-primary w-full" onClick={next} disabled={last || phase === "switching"}>
                Next question
              </button>
              <button type="button" className="btn-secondary w-full" onClick={end} disabled={phase === "switching"}>
                End interview
              </button>
            </>
          )}
          {phase === "finishing" && (
            <p role="status" className="rounded-xl bg-brand-50 px-3 py-2 text-sm">
              Saving your answers… {progress.pending} piece{progress.pending === 1 ? "" : "s"} left. Your report is prepared next.
            </p>
          )}
          <p className="muted text-xs" data-testid="upload-progress">
            Saved pieces: {progress.accepted}{progress.pending ? `, waiting: ${progress.pending}` : ""}
          </p>
          <MicrophoneAlert state={microphone} recording />
          <CameraAlert stopped={cameraStopped} recording hearing={microphone === "ok"} />
          {error && <p role="alert" className="alert-error">{error}</p>}
        </div>
      </div>
      {phase === "calibrating" && <CalibrationStep step={calibrationStep} onSkip={() => skipCalibration.current?.abort()} />}
      <NudgeToast nudge={nudges.current} onDismiss={nudges.dismiss} />
    </div>
  );
}
