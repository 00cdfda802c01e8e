"use client";
import { useEffect, useRef, useState } from "react";
import { api } from "@/lib/api";
import type { Comment } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import type { ReplayControls } from "./Replay";
import { clock } from "./format";

const MAX_CHARS = 2000;
// A coach and the candidate may read the same report at once: each sees the other's comments this soon.
const REFRESH_MS = 15_000;

/** The comments on a session's moments, under its replay: a form at the playback position and the list
 * (author, time, text), each time a button that seeks there. Owner and coach alike; each may delete their own. */
export function Comments({ sessionId, comments, onChange, controls }: {
  sessionId: string;
  comments: Comment[];
  onChange: (comments: Comment[]) => void;
  controls: ReplayControls;
}) {
  const [text, setText] = useState("");
  const { busy, status, error, run } = useAction();
  const at = Math.max(0, controls.now);
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  });

  useEffect(() => {
    // Only while the page is in view; a failed refresh waits for the next one.
    const refresh = () => {
      if (document.visibilityState !== "visible") return;
      api.comments(sessionId).then((r) => changed.current(r.comments), () => undefined);
    };
    const timer = window.setInterval(refresh, REFRESH_MS);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [sessionId]);

  /** Runs `change`, then shows the comments as the server now has them. */
  const act = (change: () => Promise<string>, failure: string) =>
    run(async () => {
      const done = await change();
      onChange((await api.comments(sessionId)).comments);
      return done;
    }, failure);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    void act(async () => {
      // Tenths of a second, rounded down: never past the recording's end.
      const c = await api.addComment(sessionId, { t_s: Math.floor(at * 10) / 10, text });
      setText("");
      return `Comment added at ${clock(c.t_s)}.`;
    }, "Could not save the comment.");
  }

  return (
    <div className="mt-4 border-t border-slate-100 pt-4" data-testid="comments">
      <h3 className="font-semibold">Comments</h3>
      {controls.playable && (
        <form className="mt-2" onSubmit={submit} noValidate>
          <label htmlFor="comment-text" className="field-label">Comment on this moment</label>
          <textarea
            id="comment-text"
            className="input min-h-20 text-sm"
            maxLength={MAX_CHARS}
            value={text}
            // Typing holds the moment: the video pauses so the comment lands where the reader stopped.
            onFocus={controls.pause}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={error ? "comment-error" : undefined}
          />
          <button type="submit" className="btn-primary mt-2" disabled={busy}>Comment at {clock(at)}</button>
        </form>
      )}
      <p role="status" aria-live="polite" className="muted mt-1 text-sm">{status}</p>
      {error && <p id="comment-error" role="alert" className="alert-error mt-2">{error}</p>}
      {comments.length === 0 ? (
        <p className="muted mt-2 text-sm">No comments yet.</p>
      ) : (
        <ol className="mt-3 space-y-3" data-testid="comment-list">
          {comments.map((c) => (
            <li key={c.comment_id} className="rounded-xl border border-slate-200 p-3 text-sm" data-testid="comment">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p>
                  <button type="button" className="btn-ghost min-h-9 px-2 py-1 font-mono text-xs" onClick={() => controls.jump(c.t_s)}
                    disabled={!controls.playable} aria-label={`Play from ${clock(c.t_s)}`}>
                    ▶ {clock(c.t_s)}
                  </button>{" "}
                  <span className="font-semibold">{c.author_name}</span>
                </p>
                {c.mine && (
                  <button type="button" className="btn-ghost min-h-9 px-2 py-1 text-xs text-red-800" disabled={busy}
                    aria-label={`Delete your comment at ${clock(c.t_s)}`}
                    onClick={() => void act(async () => {
                      await api.deleteComment(sessionId, c.comment_id);
                      return "Comment deleted.";
                    }, "Could not delete the comment.")}>
                    Delete
                  </button>
                )}
              </div>
              <p className="mt-1 whitespace-pre-wrap break-words">{c.text}</p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
