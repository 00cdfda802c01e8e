"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { ApiError, api } from "@/lib/api";
import type { Role, RoleQuestion } from "@/lib/types";
import { useRequireAuth } from "@/lib/useAuth";

const RETENTION = [7, 30, 90, 365] as const;
const JOB_DESCRIPTION_MAX = 8000;
type Retention = (typeof RETENTION)[number];

export default function NewInterview() {
  const auth = useRequireAuth();
  const [roles, setRoles] = useState<Role[] | null>(null);
  const [roleId, setRoleId] = useState<string>("");
  const [picked, setPicked] = useState<string[]>([]);
  const [step, setStep] = useState<"questions" | "consent">("questions");
  const [recording, setRecording] = useState(false);
  const [analysis, setAnalysis] = useState(false);
  const [retention, setRetention] = useState<Retention>(30);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [jobDescription, setJobDescription] = useState("");
  const [questionsFromJob, setQuestionsFromJob] = useState(true);
  const tailored = jobDescription.trim().length > 0;
  const autoPick = tailored && questionsFromJob;

  useEffect(() => {
    if (!auth) return;
    api.roles().then(
      (r) => {
        setRoles(r.roles);
        if (r.roles[0]) {
          setRoleId(r.roles[0].id);
          setPicked((r.roles[0].questions as unknown as RoleQuestion[]).slice(0, 2).map((q) => q.id));
        }
      },
      () => setError("Could not load the roles. Reload the page to try again."),
    );
  }, [auth]);

  const role = roles?.find((r) => r.id === roleId);
  const questions = (role?.questions ?? []) as unknown as RoleQuestion[];

  function chooseRole(id: string) {
    setRoleId(id);
    const qs = (roles?.find((r) => r.id === id)?.questions ?? []) as unknown as RoleQuestion[];
    setPicked(qs.slice(0, 2).map((q) => q.id));
  }

  async function create() {
    setBusy(true);
    setError(null);
    try {
      const ordered = questions.filter((q) => picked.includes(q.id)).map((q) => q.id);
      const s = await api.createSession({
        role: roleId,
        question_ids: autoPick ? null : ordered,
        consent: { recording: true, analysis: true, retention_days: retention },
        job_description: tailored ? jobDescription : null,
      });
      location.assign(`/setup/?session=${encodeURIComponent(s.session_id)}`);
    } catch (err) {
      const detail = err instanceof ApiError ? err.details.map((d) => d.message).join("; ") : "";
      setError(err instanceof ApiError ? (detail ? `${err.message}: ${detail}` : err.message) : "Could not create the interview. Try again.");
      setBusy(false);
    }
  }

  if (!auth) return null;
  return (
    <div className="mx-auto max-w-3xl">
      <ol aria-label="Steps" className="mb-4 flex gap-2 text-sm">
        {["Questions", "Consent", "Camera check", "Interview"].map((s, i) => (
          <li key={s} aria-current={(step === "questions" ? 0 : 1) === i ? "step" : undefined}
            className={`badge ${(step === "questions" ? 0 : 1) === i ? "bg-brand-600 text-white" : "bg-slate-200 text-ink"}`}>
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      {step === "questions" ? (
        <section className="card" aria-labelledby="q-title">
          <h1 id="q-title" className="text-2xl font-bold">New interview</h1>
          <p className="muted mt-1">
            Choose a role and the questions you want to practise. No camera today?{" "}
            <Link className="underline" href="/practice/">Type your answer instead</Link>.
          </p>
          {!roles && !error && <p className="muted mt-6" role="status">Loading roles…</p>}
          {roles && (
            <>
              <div className="mt-6">
                <label htmlFor="role" className="field-label">Role</label>
                <select id="role" className="input" value={roleId} onChange={(e) => chooseRole(e.target.value)}>
                  {roles.map((r) => (
                    <option key={r.id} value={r.id}>{r.title}</option>
                  ))}
                </select>
              </div>
              <div className="mt-6">
                <label htmlFor="job-description" className="field-label">Job description (optional)</label>
                <textarea id="job-description" className="input min-h-28" value={jobDescription} maxLength={JOB_DESCRIPTION_MAX}
                  aria-describedby="job-description-help" onChange={(e) => { setJobDescription(e.target.value); setError(null); }}
                  placeholder="Paste the job ad to tailor the interview to it." />
                <p id="job-description-help" className="muted mt-1 text-xs">
                  We pick out its key terms, put the questions most relevant to it first, and your report shows which
                  terms your answers used. {jobDescription.length.toLocaleString()}/{JOB_DESCRIPTION_MAX.toLocaleString()} characters.
                </p>
                {tailored && (
                  <label className="mt-2 flex items-start gap-3">
                    <input type="checkbox" className="mt-1 h-5 w-5 accent-brand-600" checked={questionsFromJob}
                      onChange={(e) => setQuestionsFromJob(e.target.checked)} />
                    <span>Choose the questions most relevant to this job for me</span>
                  </label>
                )}
              </div>
              {autoPick ? (
                <p className="mt-6 rounded-xl bg-brand-50 p-3 text-sm" data-testid="questions-from-job">
                  The interview asks this role&apos;s three questions most relevant to the job description, the most relevant first.
                </p>
              ) : (
                <fieldset className="mt-6">
                  <legend className="field-label">Questions ({picked.length} chosen)</legend>
                  <ul className="space-y-2">
                    {questions.map((q) => (
                      <li key={q.id}>
                        <label className="flex cursor-pointer items-start gap-3 rounded-xl border border-slate-200 p-3 hover:bg-slate-50">
                          <input type="checkbox" className="mt-1 h-5 w-5 accent-brand-600" checked={picked.includes(q.id)}
                            onChange={(e) => setPicked((p) => (e.target.checked ? [...p, q.id] : p.filter((x) => x !== q.id)))} />
                          <span>
                            <span className="block font-medium">{q.text}</span>
                            {q.target_seconds ? <span className="muted text-sm">About {q.target_seconds.map((s) => Math.round(s / 60 * 10) / 10).join("-")} min</span> : null}
                          </span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              )}
              <div className="mt-6 flex justify-end">
                <button type="button" className="btn-primary" disabled={picked.length === 0 && !autoPick} onClick={() => setStep("consent")}>
                  Continue
                </button>
              </div>
            </>
          )}
          {error && <p role="alert" className="alert-error mt-4">{error}</p>}
        </section>
      ) : (
        <section className="card" aria-labelledby="consent-title">
          <h1 id="consent-title" className="text-2xl font-bold">Before we record</h1>
          <p className="muted mt-1">Nothing is recorded until you agree below and press Start in the interview.</p>
          <div className="mt-5 grid gap-4 sm:grid-cols-3">
            <div className="rounded-xl bg-brand-50 p-4">
              <h2 className="font-semibold">What is recorded</h2>
              <p className="mt-1 text-sm">Your camera and microphone, only while the interview is running, in 4-second pieces.</p>
            </div>
            <div className="rounded-xl bg-brand-50 p-4">
              <h2 className="font-semibold">What is analysed</h2>
              <p className="mt-1 text-sm">What you say (a transcript, pace, filler words) and what the camera sees (face in view, looking at the camera, smiling, posture). We never judge feelings.</p>
            </div>
            <div className="rounded-xl bg-brand-50 p-4">
              <h2 className="font-semibold">How long it is kept</h2>
              <p className="mt-1 text-sm">Recordings and results are deleted after the period you choose. You can delete them sooner at any time.</p>
            </div>
          </div>
          <div className="mt-6 space-y-3">
            <label className="flex items-start gap-3">
              <input type="checkbox" className="mt-1 h-5 w-5 accent-brand-600" checked={recording} onChange={(e) => setRecording(e.target.checked)} />
              <span>I agree to record my camera and microphone during this interview.</span>
            </label>
            <label className="flex items-start gap-3">
              <input type="checkbox" className="mt-1 h-5 w-5 accent-brand-600" checked={analysis} onChange={(e) => setAnalysis(e.target.checked)} />
              <span>I agree to have the recording analysed to produce my feedback report.</span>
            </label>
            <div>
              <label htmlFor="retention" className="field-label">Keep my recording and report for</label>
              <select id="retention" className="input sm:max-w-xs" value={retention}
                onChange={(e) => setRetention(Number(e.target.value) as Retention)}>
                {RETENTION.map((d) => (
                  <option key={d} value={d}>{d === 365 ? "1 year" : `${d} days`}</option>
                ))}
              </select>
            </div>
          </div>
          {error && <p role="alert" className="alert-error mt-4">{error}</p>}
          <div className="mt-6 flex flex-wrap justify-between gap-3">
            <button type="button" className="btn-secondary" onClick={() => { setStep("questions"); setError(null); }}>Back</button>
            <button type="button" className="btn-primary" disabled={!recording || !analysis || busy} onClick={create}>
              {busy ? "Creating…" : "I agree, continue to camera check"}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
