"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { AnswerContent } from "@/components/report/AnswerContent";
import { ApiError, api } from "@/lib/api";
import type { PracticeReport, Role, RoleQuestion } from "@/lib/types";
import { useRequireAuth } from "@/lib/useAuth";

const MAX_CHARS = 10_000;

function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return "Could not analyse the answer. Try again.";
  const detail = err.details.map((d) => d.message).join("; ");
  return detail ? `${err.message}: ${detail}` : err.message;
}

/** Type an answer to a bank question and get the content feedback (no recording). */
export default function PracticePage() {
  const auth = useRequireAuth();
  const [roles, setRoles] = useState<Role[] | null>(null);
  const [roleId, setRoleId] = useState("");
  const [questionId, setQuestionId] = useState("");
  const [text, setText] = useState("");
  const [result, setResult] = useState<PracticeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!auth) return;
    api.roles().then(
      (r) => {
        setRoles(r.roles);
        const first = r.roles[0];
        if (first) {
          setRoleId(first.id);
          setQuestionId((first.questions as unknown as RoleQuestion[])[0]?.id ?? "");
        }
      },
      () => setError("Could not load the questions. Reload the page to try again."),
    );
  }, [auth]);

  const questions = (roles?.find((r) => r.id === roleId)?.questions ?? []) as unknown as RoleQuestion[];
  const words = text.trim() ? text.trim().split(/\s+/).length : 0;

  function chooseRole(id: string) {
    setRoleId(id);
    const qs = (roles?.find((r) => r.id === id)?.questions ?? []) as unknown as RoleQuestion[];
    setQuestionId(qs[0]?.id ?? "");
    setResult(null);
  }

  async function analyse(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await api.practiceText({ question_id: questionId, text }));
    } catch (err) {
      setResult(null);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!auth) return null;
  const answer = result?.answers[0];
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <section className="card" aria-labelledby="practice-title">
        <h1 id="practice-title" className="text-2xl font-bold">Type your answer</h1>
        <p className="muted mt-1">
          Practise what you say without recording: pick a question, type your answer, and see which talking
          points it covers. Prefer speaking? <Link className="underline" href="/new/">Record an interview</Link>.
        </p>
        {!roles && !error && <p className="muted mt-6" role="status">Loading questions…</p>}
        {roles && (
          <form className="mt-6 space-y-5" onSubmit={analyse}>
            <div className="grid gap-4 sm:grid-cols-2">
              <div>
                <label htmlFor="practice-role" className="field-label">Role</label>
                <select id="practice-role" className="input" value={roleId} onChange={(e) => chooseRole(e.target.value)}>
                  {roles.map((r) => <option key={r.id} value={r.id}>{r.title}</option>)}
                </select>
              </div>
              <div>
                <label htmlFor="practice-question" className="field-label">Question</label>
                <select id="practice-question" className="input" value={questionId}
                  onChange={(e) => { setQuestionId(e.target.value); setResult(null); }}>
                  {questions.map((q) => <option key={q.id} value={q.id}>{q.text}</option>)}
                </select>
              </div>
            </div>
            <div>
              <label htmlFor="practice-answer" className="field-label">Your answer</label>
              <textarea id="practice-answer" className="input min-h-48" value={text} maxLength={MAX_CHARS}
                aria-describedby="practice-count" onChange={(e) => setText(e.target.value)}
                placeholder="Answer as you would say it: the situation, what you did, and what came of it." />
              <p id="practice-count" className="muted mt-1 text-xs">{words} words · {text.length.toLocaleString()}/{MAX_CHARS.toLocaleString()} characters</p>
            </div>
            {error && <p role="alert" className="alert-error">{error}</p>}
            <div className="flex justify-end">
              <button type="submit" className="btn-primary" disabled={busy || !questionId}>
                {busy ? "Analysing…" : "Analyse my answer"}
              </button>
            </div>
          </form>
        )}
      </section>
      {answer && (
        <section className="card" aria-labelledby="practice-result-title" data-testid="practice-result">
          <h2 id="practice-result-title" className="text-lg font-semibold">Feedback on your answer</h2>
          <p className="muted mb-4 text-sm">{answer.question} · {answer.word_count} words</p>
          <AnswerContent answer={answer} />
          {(result?.notes ?? []).map((n) => <p key={n} className="muted mt-4 text-xs">{n}</p>)}
        </section>
      )}
    </div>
  );
}
