"use client";
import Link from "next/link";
import { useState } from "react";
import { ApiError, api } from "@/lib/api";

function describe(err: unknown): string {
  if (!(err instanceof ApiError)) return "Could not reach the server. Check your connection and try again.";
  const detail = err.details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join("; ");
  return detail ? `${err.message} (${detail})` : err.message;
}

export function AuthForm({ mode }: { mode: "signin" | "signup" }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  // Sign-up, or a sign-in of an account never confirmed, continues with the emailed code.
  const [awaitingCode, setAwaitingCode] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signup = mode === "signup";

  async function run(step: () => Promise<void>) {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      await step();
    } catch (err) {
      if (err instanceof ApiError && err.code === "not_confirmed") setAwaitingCode(true);
      setError(describe(err));
    }
    setBusy(false);
  }

  async function signInAndGo() {
    await api.login(email, password);
    const next = new URLSearchParams(location.search).get("next");
    location.assign(next && next.startsWith("/") ? next : "/dashboard/");
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    void run(async () => {
      if (awaitingCode) {
        await api.confirm(email, code.trim());
        await signInAndGo();
      } else if (signup) {
        await api.signup(email, password);
        setAwaitingCode(true);
      } else await signInAndGo();
    });
  }

  function resend() {
    void run(async () => {
      await api.resendCode(email);
      setNotice(`If ${email} is waiting for confirmation, a new code is on its way.`);
    });
  }

  return (
    <div className="mx-auto max-w-md">
      <div className="card">
        <h1 className="text-2xl font-bold">{signup ? "Create your account" : "Sign in"}</h1>
        <p className="muted mt-1 text-sm">
          {signup ? "Practise interviews with feedback that explains every score." : "Welcome back. Pick up where you left off."}
        </p>
        <form className="mt-6 space-y-4" onSubmit={submit} noValidate>
          {awaitingCode ? (
            <div>
              <p className="text-sm">
                We sent a 6-digit code to <strong>{email}</strong>. Enter it to confirm your email address.
              </p>
              <label htmlFor="code" className="field-label mt-4">Verification code</label>
              <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" required
                pattern="[0-9]{6}" maxLength={6} className="input"
                value={code} onChange={(e) => setCode(e.target.value)} />
              <button type="button" className="mt-2 text-sm font-semibold text-brand-700 underline"
                onClick={resend} disabled={busy}>
                Send a new code
              </button>
            </div>
          ) : (
            <>
              <div>
                <label htmlFor="email" className="field-label">Email</label>
                <input id="email" name="email" type="email" autoComplete="email" required className="input"
                  value={email} onChange={(e) => setEmail(e.target.value)} />
              </div>
              <div>
                <label htmlFor="password" className="field-label">Password</label>
                <input id="password" name="password" type="password" required minLength={8}
                  autoComplete={signup ? "new-password" : "current-password"} className="input"
                  aria-describedby={signup ? "password-hint" : undefined}
                  value={password} onChange={(e) => setPassword(e.target.value)} />
                {signup && <p id="password-hint" className="muted mt-1 text-xs">At least 8 characters, with an upper-case letter, a lower-case letter and a digit.</p>}
              </div>
            </>
          )}
          {notice && <p role="status" className="rounded-xl bg-brand-50 px-3 py-2 text-sm">{notice}</p>}
          {error && <p role="alert" className="alert-error">{error}</p>}
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {busy ? "Please wait…" : awaitingCode ? "Confirm and sign in" : signup ? "Create account" : "Sign in"}
          </button>
        </form>
      </div>
      <p className="muted mt-4 text-center text-sm">
        {signup ? "Already have an account? " : "New here? "}
        <Link className="font-semibold text-brand-700 underline" href={signup ? "/signin/" : "/signup/"}>
          {signup ? "Sign in" : "Create an account"}
        </Link>
      </p>
    </div>
  );
}
