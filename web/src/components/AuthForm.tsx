"use client";
import Link from "next/link";
import { useState } from "react";
import { ApiError, api } from "@/lib/api";

export function AuthForm({ mode }: { mode: "signin" | "signup" }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signup = mode === "signup";

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      if (signup) await api.signup(email, password);
      else await api.login(email, password);
      const next = new URLSearchParams(location.search).get("next");
      location.assign(next && next.startsWith("/") ? next : "/dashboard/");
    } catch (err) {
      if (err instanceof ApiError) {
        const detail = err.details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join("; ");
        setError(detail ? `${err.message} (${detail})` : err.message);
      } else setError("Could not reach the server. Check your connection and try again.");
      setBusy(false);
    }
  }

  return (
    <div className="mx-auto max-w-md">
      <div className="card">
        <h1 className="text-2xl font-bold">{signup ? "Create your account" : "Sign in"}</h1>
        <p className="muted mt-1 text-sm">
          {signup ? "Practise interviews with feedback that explains every score." : "Welcome back. Pick up where you left off."}
        </p>
        <form className="mt-6 space-y-4" onSubmit={submit} noValidate>
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
          {error && <p role="alert" className="rounded-xl bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {busy ? "Please wait…" : signup ? "Create account" : "Sign in"}
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
