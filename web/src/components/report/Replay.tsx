"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { Comment, MediaList, Report } from "@/lib/types";
import { clock, excerpt } from "./format";

interface Marker {
  t: number;
  label: string;
  kind: "filler" | "tip" | "comment";
}

const MARKER_CLASS: Record<Marker["kind"], string> = {
  filler: "bg-amber-500",
  tip: "bg-brand-700",
  comment: "bg-violet-600",
};

/** What the replay offers the panel under its player (the comments). */
export interface ReplayControls {
  /** The playback position on the session timeline, in seconds. */
  now: number;
  /** Whether a recording is there to play (and to comment on). */
  playable: boolean;
  jump: (t: number) => void;
  pause: () => void;
}

/** A stretch of the session timeline that one source plays: the joined recording, or one segment. */
interface Part {
  key: string;
  url: string;
  offset_s: number;
  duration_s: number | null;
}

function partsOf(media: MediaList | null): Part[] {
  if (media?.recording) {
    // The joined recording keeps the session timeline (segment n starts at its offset), so it is
    // one part from 0: seeking anywhere never reloads the video.
    const r = media.recording;
    return [{ key: "recording", url: r.url, offset_s: 0, duration_s: r.duration_s }];
  }
  return [...(media?.segments ?? [])]
    .sort((a, b) => a.seq - b.seq)
    .map((s) => ({ key: `segment-${s.seq}`, url: s.url, offset_s: s.offset_s, duration_s: s.duration_s }));
}

/** Plays the session's recording (or, until it is joined, its segments one after another) on the
 * session timeline, with markers to jump to; `children` renders under the player. */
export function Replay({ report, media, seek, comments = [], children }: {
  report: Report;
  media: MediaList | null;
  seek: { t: number; n: number } | null;
  comments?: Comment[];
  children?: (controls: ReplayControls) => ReactNode;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [index, setIndex] = useState(0);
  const [now, setNow] = useState(0);
  const pendingOffset = useRef<number | null>(null);
  const autoplay = useRef(false);
  const ordered = partsOf(media);
  const last = ordered[ordered.length - 1];
  const total = Math.max(report.duration_s, last ? last.offset_s + (last.duration_s ?? 4) : 0, 1);

  const markers: Marker[] = [
    ...(report.timeline.filler_markers ?? []).map((f) => ({ t: f.t_s, label: `Filler “${f.word}” at ${clock(f.t_s)}`, kind: "filler" as const })),
    ...(report.recommendations ?? [])
      .filter((r) => r.start_s != null)
      .map((r) => ({ t: r.start_s!, label: `Tip ${r.rank}: ${r.title} (${r.moment_label ?? clock(r.start_s!)})`, kind: "tip" as const })),
    ...comments.map((c) => ({ t: c.t_s, label: `Comment by ${c.author_name} at ${clock(c.t_s)}: ${excerpt(c.text)}`, kind: "comment" as const })),
  ];

  function jump(t: number) {
    const i = Math.max(0, ordered.findLastIndex((s) => s.offset_s <= t + 0.01));
    pendingOffset.current = Math.max(0, t - (ordered[i]?.offset_s ?? 0));
    autoplay.current = true;
    if (i === index && video.current) {
      video.current.currentTime = pendingOffset.current;
      pendingOffset.current = null;
      void video.current.play().catch(() => undefined);
    } else setIndex(i);
  }

  useEffect(() => {
    if (seek) jump(seek.t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seek]);

  // Joined while this page was open: the recording replaces the segments and carries on from the same
  // moment of the session (playing on if it was playing).
  const joined = media?.recording != null;
  useEffect(() => {
    if (!joined) return;
    pendingOffset.current = now;
    setIndex(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [joined]);

  const pause = () => video.current?.pause();
  if (ordered.length === 0) {
    return (
      <section className="card" aria-labelledby="replay-title">
        <h2 id="replay-title" className="text-lg font-semibold">Replay</h2>
        <p className="muted mt-2">
          {media ? "The recording is no longer available (it may have passed its retention period)." : "Loading the recording…"}
        </p>
        {children?.({ now, playable: false, jump, pause })}
      </section>
    );
  }
  const seg = ordered[Math.min(index, ordered.length - 1)];

  return (
    <section className="card" aria-labelledby="replay-title" data-testid="replay">
      <h2 id="replay-title" className="text-lg font-semibold">Replay</h2>
      <video
        ref={video}
        key={seg.key}
        src={seg.url}
        data-testid="replay-video"
        controls
        playsInline
        preload="auto"
        aria-label={ordered.length === 1 ? "Recording" : `Recording, part ${index + 1} of ${ordered.length}`}
        className="mt-3 aspect-video w-full rounded-xl bg-slate-900"
        onLoadedMetadata={(e) => {
          if (pendingOffset.current != null) {
            e.currentTarget.currentTime = pendingOffset.current;
            pendingOffset.current = null;
          }
          if (autoplay.current) void e.currentTarget.play().catch(() => undefined);
        }}
        onTimeUpdate={(e) => setNow(seg.offset_s + e.currentTarget.currentTime)}
        onPlay={() => (autoplay.current = true)}
        onPause={(e) => {
          if (!e.currentTarget.ended) autoplay.current = false;
        }}
        onEnded={() => {
          if (index < ordered.length - 1) setIndex(index + 1);
        }}
      />
      <div className="mt-3">
        <div className="relative h-8 rounded-lg bg-slate-100" aria-label="Timeline with markers" role="group">
          <div className="absolute inset-y-0 left-0 rounded-lg bg-brand-100" style={{ width: `${Math.min(100, (now / total) * 100)}%` }} />
          {markers.map((m, i) => (
            <button
              key={i}
              type="button"
              title={m.label}
              aria-label={m.label}
              data-marker={m.kind}
              data-t={m.t}
              onClick={() => jump(m.t)}
              className={`absolute top-1 h-6 w-2 -translate-x-1/2 rounded-sm ${MARKER_CLASS[m.kind]}`}
              style={{ left: `${Math.min(99, (m.t / total) * 100)}%` }}
            />
          ))}
        </div>
        <div className="muted mt-1 flex justify-between text-xs">
          <span>{clock(now)} / {clock(total)}</span>
          <span className="flex gap-3">
            <span><span aria-hidden className={`mr-1 inline-block h-2 w-2 rounded-sm ${MARKER_CLASS.filler}`} />Filler</span>
            <span><span aria-hidden className={`mr-1 inline-block h-2 w-2 rounded-sm ${MARKER_CLASS.tip}`} />Tip moment</span>
            {comments.length > 0 && <span><span aria-hidden className={`mr-1 inline-block h-2 w-2 rounded-sm ${MARKER_CLASS.comment}`} />Comment</span>}
          </span>
        </div>
      </div>
      {children?.({ now, playable: true, jump, pause })}
    </section>
  );
}
