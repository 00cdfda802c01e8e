"use client";
import { useEffect, useState } from "react";
import { api, errorText } from "@/lib/api";
import { useAction } from "@/lib/useAction";

/** The display name others see on this user's comments (by default the part of the email before "@"). */
export function ProfileForm() {
  const [name, setName] = useState<string | null>(null);
  const { busy, status, error, setError, run } = useAction();

  useEffect(() => {
    api.me().then(
      (me) => setName(me.display_name),
      (err: unknown) => setError(errorText(err, "Could not load your profile.")),
    );
  }, []);

  function save(e: React.FormEvent) {
    e.preventDefault();
    void run(async () => {
      setName((await api.updateMe({ display_name: name ?? "" })).display_name);
      return "Saved.";
    }, "Could not save your name.");
  }

  return (
    <form className="mt-3 max-w-md" onSubmit={save} noValidate data-testid="profile">
      <label htmlFor="display-name" className="field-label">Display name</label>
      <p id="display-name-hint" className="muted mb-1 text-xs">Shown to the coaches you share interviews with, and with your comments.</p>
      <div className="flex gap-2">
        <input id="display-name" className="input flex-1" maxLength={60} autoComplete="nickname" disabled={name === null}
          value={name ?? ""} onChange={(e) => setName(e.target.value)}
          aria-describedby={error ? "display-name-hint display-name-error" : "display-name-hint"} aria-invalid={error ? true : undefined} />
        <button type="submit" className="btn-secondary" disabled={busy || name === null}>Save name</button>
      </div>
      <p role="status" aria-live="polite" className="muted mt-1 text-sm">{status}</p>
      {error && <p id="display-name-error" role="alert" className="alert-error mt-1">{error}</p>}
    </form>
  );
}
