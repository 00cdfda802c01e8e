"use client";
import { useEffect, useState } from "react";
import { api, errorText } from "@/lib/api";

/** The display name others see on this user's comments (by default the part of the email before "@"). */
export function ProfileForm() {
  const [name, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.me().then(
      (me) => setName(me.display_name),
      (err: unknown) => setError(errorText(err, "Could not load your profile.")),
    );
  }, []);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStatus("");
    try {
      const me = await api.updateMe({ display_name: name ?? "" });
      setName(me.display_name);
      setStatus("Saved.");
    } catch (err) {
      setError(errorText(err, "Could not save your name. Check your connection and try again."));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="mt-3 max-w-md" onSubmit={save} noValidate data-testid="profile">
      <label htmlFor="display-name" className="field-label">Display name</label>
      <p id="display-name-hint" className="muted mb-1 text-xs">Shown with your comments on interviews shared with you or by you.</p>
      <div className="flex gap-2">
        <input id="display-name" className="input flex-1" maxLength={60} autoComplete="nickname" disabled={name === null}
          value={name ?? ""} onChange={(e) => setName(e.target.value)}
          aria-describedby={error ? "display-name-hint display-name-error" : "display-name-hint"} aria-invalid={error ? true : undefined} />
        <button type="submit" className="btn-secondary" disabled={busy || name === null}>Save name</button>
      </div>
      <p role="status" aria-live="polite" className="muted mt-1 text-sm">{status}</p>
      {error && <p id="display-name-error" role="alert" className="mt-1 rounded-xl bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
    </form>
  );
}
